"""One place that turns a failed worker into a notice the user can read."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from textual.worker import Worker, WorkerState

from playground.targets import TargetError

if TYPE_CHECKING:
    from textual.message import Message

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


class ChangedMessage(Protocol):
    """A workbench's "a write finished" message (LakeChanged, LambdaChanged)."""

    def __call__(self, text: str, error: bool = False, select: str | None = None) -> Message: ...


def report_change(post_message: Callable[[Message], object], changed: ChangedMessage,
                  call: Callable[[], str], failure: str, select: str | None = None) -> None:
    """Run one write (in a thread worker); post what it did, or the service's words for why
    not. A TargetError is raised on as well (read-only, or a real account's first write: the
    app asks)."""
    try:
        text = call()
    except Exception as exc:
        post_message(changed(f"{failure}: {describe_error(exc)}", error=True))
        if isinstance(exc, TargetError):
            raise
        return
    post_message(changed(text, select=select))
