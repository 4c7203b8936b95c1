"""The skeleton of a workbench built around a resource list: one poll worker keeps the list
fresh, a note line under it says what just happened, and a new target starts it all again."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from rich.text import Text
from textual.content import Content
from textual.widgets import Static
from textual.worker import get_current_worker

from playground.targets.liveness import LoopBackoff
from playground.ui.common.messages import TargetChanged
from playground.ui.common.screen import PlaygroundScreen
from playground.ui.common.text import plain

if TYPE_CHECKING:
    from textual.message import Message

    from playground.targets import Target
    from playground.ui.common.keyed_table import KeyedTable

T = TypeVar("T")

REFRESH_S = 2.0
"""How often the poll worker reads the list again when nobody asks sooner."""
ASKED_S = 0.1
"""How soon an asked-for refresh (r, or after a change the screen made) starts."""


class NoteLine(Static):
    """What just happened under the list, or why it failed (in red). Plain strings are shown
    as text, never as markup: they often quote a name or an error from the target."""

    def show(self, text: str | Text | Content, error: bool = False) -> None:
        self.update(plain(text, "red" if error else "") if isinstance(text, str) else text)


class PollingWorkbench(PlaygroundScreen):
    """A workbench whose resource list is read by one long-running worker.

    Subclasses compose one NoteLine, start their worker in `poll` (usually a thread worker
    whose body is `poll_until_cancelled`), call `start_polling` once mounted, and drop what
    they show in `clear_view` when calls go to another target (not in their own
    on_target_changed: Textual runs the handler of every class in the MRO, so both would run).
    """

    def __init__(self, name: str) -> None:
        super().__init__(name=name)
        self._refresh_asked = False
        self._select_when_listed: str | None = None
        """What a change made (or asked for): selected by `show_listing` once it is listed."""
        self.rounds_started = self.rounds_done = 0
        """Poll rounds begun and ended (read and posted, or failed): a replay waits for a round
        begun after its key before it presses the next one."""

    def poll(self, target: Target) -> object:
        """Start the worker(s) that keep what this workbench shows fresh."""
        raise NotImplementedError

    def clear_view(self) -> None:
        """Forget what the previous target showed; the poll on the new one fills it again."""

    def start_polling(self) -> None:
        if self.target is None:
            self.note("waiting for the target…")
            return
        self.poll(self.target)

    def on_target_changed(self, _: TargetChanged) -> None:
        self.clear_view()
        self.start_polling()

    def note(self, text: str | Text | Content, error: bool = False) -> None:
        self.query_one(NoteLine).show(text, error)

    def show_listing(self, table: KeyedTable[T], items: list[T], error: str | None,
                     empty: str) -> bool:
        """A poll's listing into its table, the cursor on what a change asked to select once
        it is listed; with nothing listed the note says `empty`. False when the poll failed
        (the note says why) and there is nothing to show."""
        if error:
            self.note(f"refresh failed: {error}", error=True)
            return False
        wanted = self._select_when_listed
        if wanted in {table.item_key(item) for item in items}:
            self._select_when_listed = None
        table.show(items, select=wanted)
        if not items:
            self.note(Text(empty, style="dim"))
        return True

    def action_refresh(self) -> None:
        self._refresh_asked = True

    def wants_refresh(self) -> bool:
        """Read by the poll worker: was a refresh asked for since it last looked?"""
        asked, self._refresh_asked = self._refresh_asked, False
        return asked

    def poll_until_cancelled(self, target: Target, read: Callable[[], None],
                             failed: Callable[[str], Message]) -> None:
        """The poll worker's loop, in its thread: `read` lists and posts what it found, every
        REFRESH_S or as soon as asked. Its calls are marked background, so the call log keeps
        the learner's own calls; a failure is posted once, not every round, until it changes;
        while the target is down it says so once and waits (LoopBackoff)."""
        worker = get_current_worker()
        backoff = LoopBackoff(target, worker.cancelled_event)
        pace = target.pacer.loop(REFRESH_S)  # on a real account: slower while nothing changes

        def say(text: str) -> None:
            self.post_message(failed(text))

        while not worker.is_cancelled:
            backoff.pause(say)
            if worker.is_cancelled:
                break
            self.rounds_started += 1
            try:
                with target.recorder.background(), pace.round(), \
                        target.pacer.cancellable(worker.cancelled_event):
                    read()
            except Exception as exc:
                backoff.failed(exc, say)
            else:
                backoff.succeeded()
            self.rounds_done += 1
            for _ in range(round(pace.next_wait() / ASKED_S)):
                if self.wants_refresh():
                    pace.asked()
                    break
                if worker.is_cancelled or pace.woken():
                    break
                worker.cancelled_event.wait(ASKED_S)
