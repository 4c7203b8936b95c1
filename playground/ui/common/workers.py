"""One place that turns a failed worker into a notice the user can read."""

from __future__ import annotations

from typing import Any

from textual.worker import Worker, WorkerState

LOOP_GROUPS: set[str] = set()
"""Worker groups that run until cancelled (live pollers). Whoever waits for "all work done",
such as the tests, leaves these out; they register next to their worker."""


def finite(workers: Any) -> list[Worker[Any]]:
    """The workers that will finish on their own."""
    return [w for w in workers if w.group not in LOOP_GROUPS]


def describe_error(error: BaseException) -> str:
    from playground.aws.common import error_message

    return error_message(error)


class ReportsWorkerErrors:
    """Mixin for screens and widgets that run thread workers with exit_on_error=False."""

    app: Any

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.app.report_error(event.worker.error)
