"""What the demo's drivers use to work the UI as a presenter would: open a workbench, fill a
field, press a button, and wait for the call the press makes (the call log shows it)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any, TypeVar

from textual.app import App
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Select, TextArea

from playground.aws.recorder import CallRecord, CallRecorder
from playground.flows.model import WORKBENCH_SERVICES
from playground.ui.sns.screen import POLL_WAIT_SECONDS as SNS_POLL_WAIT_S
from playground.ui.sns.workers import POLL_GROUP as SNS_POLL_GROUP
from playground.ui.workbenches import BY_KEY

S = TypeVar("S", bound=Screen[Any])

NOT_KEPT = frozenset({"sns"})
"""Workbenches opened anew each time (see `Stage.workbench`)."""
CONSUMING_GROUPS = frozenset({SNS_POLL_GROUP})
CALL_MARGIN_S = 1.0
"""Time for a receive's answer and the delete after it, beyond the long poll's wait."""
"""Worker groups (see playground/ui/sns/workers.py) that receive and delete messages."""
WAIT_S = 15.0
"""How long a driver waits for the UI (a list to load, a call to end) before it gives up."""


class StageError(Exception):
    """The UI did not get there: one line saying what was awaited, or what the form said."""


class Stage:
    """The app seen from the demo: the demo screen at the bottom, one workbench at a time on
    top of it. `beat` is the pause between two visible moves (0 in unattended runs)."""

    def __init__(self, app: App[Any], home: Screen[Any], recorder: CallRecorder,
                 beat: float) -> None:
        self.app = app
        self.home = home
        self.recorder = recorder
        self.beat = beat
        self.opened: list[str] = []
        """Workbenches opened, by service key, in order (what the tests look at)."""
        self._kept: dict[str, Screen[Any]] = {}
        self._closing = asyncio.Lock()

    async def pause(self, beats: float = 1.0) -> None:
        await asyncio.sleep(self.beat * beats)

    # --- screens ---------------------------------------------------------------------------------
    async def workbench(self, service: str) -> Screen[Any]:
        """The service's workbench on top, opened (and what was on top closed) if needed.

        Workbenches are kept for the next step (installed, so closing one keeps it): opening
        one anew takes most of the time of a step. Not the SNS workbench: its subscriber panes
        receive and delete, and must not go on doing so behind the demo screen.
        `service` is an action's service (`s3`, `firehose` open the data lake)."""
        service = WORKBENCH_SERVICES.get(service, service)
        cls = BY_KEY[service].screen()
        if isinstance(self.app.screen, cls):
            return self.app.screen
        await self.back_home()
        screen = self._kept.get(service)
        if screen is None:
            screen = cls()
            if service not in NOT_KEPT:
                self.app.install_screen(screen, f"demo-{service}-{id(self)}")
                self._kept[service] = screen
        else:
            refresh(screen)  # kept: what changed since shows now, not at its next poll
        await self.app.push_screen(screen)
        self.opened.append(service)
        await self.pause()
        return screen

    async def close(self) -> None:
        """Close the workbenches, kept ones too (before a reset: they would show what is gone)."""
        await self.back_home()
        kept, self._kept = self._kept, {}
        for screen in kept.values():
            self.app.uninstall_screen(screen)
            await screen.remove()

    async def back_home(self) -> None:
        """Close whatever is above the demo screen. The loops that consume messages (an SNS
        subscriber pane receives and deletes) are let end first: a receive still in flight must
        not take a later step's message."""
        closed: list[Screen[Any]] = []
        consuming = False
        async with self._closing:  # a reset and the step it cut short must not both pop
            while (len(self.app.screen_stack) > 1 and self.app.screen is not self.home
                   and self.home in self.app.screen_stack):
                closed.append(self.app.screen)
                consuming = consuming or any(w.group in CONSUMING_GROUPS
                                             for w in _workers_of(self.app, self.app.screen))
                await self.app.pop_screen()
        gone = [s for s in closed if not self.app.is_screen_installed(s)]
        # Removed, a screen handles no more messages, so starts no more loops.
        await self.until(lambda: not any(s.is_attached for s in gone), "the workbench to close")
        if consuming or any(w.group in CONSUMING_GROUPS for s in gone
                            for w in _workers_of(self.app, s)):
            # A cancelled thread worker counts as finished at once, but its thread ends only
            # when its receive returns: at most the long poll's wait, plus the call itself.
            await asyncio.sleep(SNS_POLL_WAIT_S + CALL_MARGIN_S)

    async def dialog(self, kind: type[S]) -> S:
        found: list[S] = []

        def shown() -> bool:
            if isinstance(self.app.screen, kind) and self.app.screen.is_mounted:
                found.append(self.app.screen)
                return True
            return False

        await self.until(shown, f"the {kind.__name__} to open")
        await self.pause()
        return found[0]

    # --- fields ------------------------------------------------------------------------------------
    async def fill(self, widget: Widget, value: str | bool) -> None:
        """Set one field so the audience sees it change, then a beat."""
        widget.focus()
        if isinstance(widget, Input):
            widget.value = str(value)
            widget.cursor_position = len(widget.value)
        elif isinstance(widget, TextArea):
            widget.load_text(str(value))
        elif isinstance(widget, Checkbox):
            widget.value = bool(value)
        elif isinstance(widget, Select):
            widget.value = value
        else:
            raise StageError(f"cannot fill a {type(widget).__name__}")
        await self.pause()

    async def press(self, button: Button) -> None:
        button.focus()
        button.press()
        await asyncio.sleep(0)

    # --- waiting ------------------------------------------------------------------------------------
    async def until(self, predicate: Callable[[], object], what: str,
                    timeout: float = WAIT_S) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if predicate():
                    return
            except Exception:
                pass
            if time.monotonic() > deadline:
                raise StageError(f"gave up waiting for {what} after {timeout:.0f} s")
            await asyncio.sleep(0.02)

    def mark(self) -> int:
        """The number of the latest call: calls after it are the ones a press made."""
        records = self.recorder.records
        return records[-1].seq if records else 0

    def calls_since(self, mark: int, operation: str) -> list[CallRecord]:
        return [r for r in self.recorder.records
                if r.seq > mark and r.operation == operation and not r.background]

    async def call(self, mark: int, operation: str, problem: Callable[[], str] = lambda: "",
                   count: int = 1) -> list[CallRecord]:
        """Wait for `count` `operation` calls after `mark`. A form that refused the input shows
        why (`problem`): that ends the wait at once. A call that failed raises its error."""
        said: list[str] = []

        def done() -> bool:
            if len(self.calls_since(mark, operation)) >= count:
                return True
            text = problem()
            if text:
                said.append(text)
                return True
            return False

        await self.until(done, f"{operation}")
        calls = self.calls_since(mark, operation)
        if len(calls) < count:
            raise StageError(said[-1] if said else f"no {operation} call")
        failed = [c for c in calls if not c.ok]
        if failed:
            raise StageError(f"{operation} failed: {failed[0].error_message or failed[0].outcome}")
        return calls


def refresh(screen: Screen[Any]) -> None:
    """Ask a workbench to read the target again, where it has a refresh action."""
    action = getattr(screen, "action_refresh", None)
    if callable(action):
        action()


def _workers_of(app: App[Any], screen: Screen[Any]) -> list[Any]:
    """The workers started by the screen or by a widget still on it."""
    nodes = {id(screen), *(id(node) for node in screen.walk_children())}
    return [worker for worker in app.workers if id(worker.node) in nodes]


def text_of(widget: Widget) -> str:
    """What a Static shows, as plain text (its markup read)."""
    visual = getattr(widget, "visual", None)
    return str(getattr(visual, "plain", "")).strip()
