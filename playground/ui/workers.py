"""One place that turns a failed worker into a notice the user can read."""

from __future__ import annotations

from typing import Any

from textual.worker import Worker, WorkerState


def describe_error(error: BaseException) -> str:
    from playground.aws.common import error_message

    return error_message(error)


class ReportsWorkerErrors:
    """Mixin for screens and widgets that run thread workers with exit_on_error=False."""

    app: Any

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.app.report_error(event.worker.error)
