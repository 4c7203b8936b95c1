"""The app recording a session (keys, pastes, screens, calls) or replaying one from a file."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.screen import Screen
from textual.worker import WorkerCancelled, WorkerFailed

from playground.aws.recorder import CallRecord
from playground.recording import KeyEvent, PasteEvent, Recording, RecordingWriter, ScreenEvent
from playground.recording.compare import Call, differences, from_event, normalised
from playground.ui.common.workbench import PollingWorkbench
from playground.ui.common.workers import LOOP_GROUPS, finite
from playground.ui.shell.app import PlaygroundApp

POLL_WAIT_S = 5.0
"""How long replay waits for a workbench's poll round (a down target never ends one)."""
SCREEN_WAIT_S = 10.0
"""How long replay waits for a screen the recording reached before it notes the difference."""
REPLAY_GROUP = "replay"
LOOP_GROUPS.add(REPLAY_GROUP)  # the feed waits for the other workers, never for itself


def screen_event(screen: Screen[Any]) -> tuple[str, str | None]:
    """How a screen is named in a recording: its class, and the lab of a lab screen."""
    lab = getattr(screen, "lab_id", None)
    return type(screen).__name__, lab if isinstance(lab, str) else None


class RecordingApp(PlaygroundApp):
    """The normal app, writing what the user does to a recording as it happens. Mouse clicks
    and resizes are not recorded, nor the key that quits (a replay ends in the app)."""

    def __init__(self, *args: Any, writer: RecordingWriter, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.writer = writer
        self._unsubscribe = self.recorder.subscribe(self._call)
        self._last_screen: tuple[str, str | None] | None = None
        self._told_about_clicks = False

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            self.writer.key(event.key)
        elif isinstance(event, events.Paste) and not event.is_forwarded:
            self.writer.paste(event.text)
        elif isinstance(event, events.MouseDown) and not event.is_forwarded \
                and not self._told_about_clicks:
            self._told_about_clicks = True
            self.notify("Clicks are not recorded: a replay only presses keys, so do by keys "
                        "what the replay must do.", title="recording", severity="warning",
                        timeout=10, markup=False)
        await super().on_event(event)

    async def action_quit(self) -> None:
        self.writer.drop_last_key()  # the q that ended the rehearsal is not replayed
        await super().action_quit()

    def on_mount(self) -> None:  # Textual runs PlaygroundApp.on_mount after this one
        self.screen_change_signal.subscribe(self, self._screen_changed)
        self.notify(f"Recording to {self.writer.path}: keys, pastes, screens and the calls they "
                    "make. Quit to end it.", title="recording", timeout=6, markup=False)

    def _screen_changed(self, screen: Screen[Any]) -> None:
        named = screen_event(screen)
        if named != self._last_screen:
            self._last_screen = named
            self.writer.screen(*named)

    def _call(self, record: CallRecord) -> None:
        """On the calling thread: the learner's calls, not the refresh loops'."""
        if not record.background:
            self.writer.call(record.service, record.operation, record.params,
                             None if record.ok else record.outcome)

    def on_unmount(self) -> None:
        self._unsubscribe()
        self.writer.close()


@dataclass
class ReplayResult:
    """How a replay went: done once every key was fed; what differed from the recording."""

    done: bool = False
    fed: int = 0
    differences: list[str] = field(default_factory=list)


class ReplayApp(PlaygroundApp):
    """The normal app, fed a recording's keys and pastes once its target is ready. Before each
    input: the app's finite work done (what the last key started has finished), the screen the
    recording reached shown, a workbench's list read again, and the recorded pause kept
    (`speed` 1 as recorded, 2 half of it, None no pause)."""

    def __init__(self, *args: Any, recording: Recording, speed: float | None = 1.0,
                 exit_when_done: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.recording = recording
        self.speed = speed
        self.exit_when_done = exit_when_done
        self.result = ReplayResult()
        self._calls: list[Call] = []
        self._unsubscribe = self.recorder.subscribe(self._call)

    def _call(self, record: CallRecord) -> None:
        if not record.background:
            self._calls.append(Call(record.service, record.operation, normalised(record.params),
                                    None if record.ok else record.outcome))

    def on_mount(self) -> None:
        self.run_worker(self._feed(), group=REPLAY_GROUP, exit_on_error=False,
                        description="replay")

    async def _feed(self) -> None:
        while self.target is None:
            await asyncio.sleep(0.05)
        self._calls.clear()  # what the target did to start is not the recording's business
        columns, rows = self.recording.header.size
        if (self.size.width, self.size.height) != (columns, rows):
            self.notify(f"Recorded at {columns}x{rows}, this terminal is "
                        f"{self.size.width}x{self.size.height}: panes that take turns by size "
                        "may make keys land elsewhere.", title="replay", severity="warning",
                        markup=False)
        pilot: Pilot[Any] = Pilot(self)
        notes: list[str] = []
        last_fed, last_t = time.monotonic(), 0.0
        for event in self.recording.events:
            if isinstance(event, ScreenEvent):
                if not await self._reach(pilot, event.screen):
                    notes.append(f"line {event.line}: recorded screen {event.screen}, the "
                                 f"replay shows {screen_event(self.screen)[0]}")
                continue
            if not isinstance(event, KeyEvent | PasteEvent):
                continue
            await self._settle(pilot)
            if self.speed:  # at least the recorded pause before each input, scaled
                delay = last_fed + (event.t - last_t) / self.speed - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
            if isinstance(event, KeyEvent):
                await pilot.press(event.key)
            else:
                self.post_message(events.Paste(event.text))
            last_fed, last_t = time.monotonic(), event.t
            self.result.fed += 1
        await self._settle(pilot)
        recorded = [from_event(c) for c in self.recording.calls]
        self.result.differences = notes[:3] + differences(recorded, list(self._calls))
        self.result.done = True
        if self.result.differences:
            self.notify("\n".join(self.result.differences), title="replay differs",
                        severity="warning", timeout=30, markup=False)
        else:
            self.notify(f"{self.result.fed} inputs replayed; the calls were those recorded.",
                        title="replay done", markup=False)
        if self.exit_when_done:
            self.exit(1 if self.result.differences else 0)

    async def _reach(self, pilot: Pilot[Any], screen: str) -> bool:
        """Wait (up to SCREEN_WAIT_S) for the screen the recording reached here."""
        deadline = time.monotonic() + SCREEN_WAIT_S
        while screen_event(self.screen)[0] != screen:
            if time.monotonic() > deadline:
                return False
            await pilot.pause(0.05)
            await self._finish_work(pilot)
        return True

    async def _settle(self, pilot: Pilot[Any]) -> None:
        """Until the app's finite work is done (what a key started has finished, and what that
        posted has been handled) and a workbench's list has been read since: a queue just made
        is selected by the next poll round, which is asked for now rather than waited for."""
        await self._finish_work(pilot)
        screen = self.screen
        if isinstance(screen, PollingWorkbench) and screen.rounds_started:
            wanted = screen.rounds_started + 1
            screen.action_refresh()
            deadline = time.monotonic() + POLL_WAIT_S
            while screen.rounds_done < wanted and time.monotonic() < deadline:
                await pilot.pause(0.02)
            await self._finish_work(pilot)

    async def _finish_work(self, pilot: Pilot[Any]) -> None:
        for _ in range(200):
            await pilot.pause()
            workers = [w for w in finite(self.workers) if not w.is_finished]
            if not workers:
                return
            with contextlib.suppress(WorkerFailed, WorkerCancelled):
                await self.workers.wait_for_complete(workers)

    def on_unmount(self) -> None:
        self._unsubscribe()
