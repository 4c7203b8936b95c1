"""Helpers for driving the app in tests: deterministic settings, waiting for workers."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

from playground.config import Settings, UiSettings

QUIET = Settings(ui=UiSettings(clock=False, animations=False, cost_meter=False))
"""No clocks, no animations, no cost meter (its figure follows the calls of the last minutes):
what snapshot tests need."""

W = TypeVar("W")


async def settle(pilot: Any, *, until: Any = None, rounds: int = 100) -> None:
    """Wait for workers and pending messages (and an optional condition)."""
    app = pilot.app
    for _ in range(rounds):
        await _wait_workers(app)
        await pilot.pause(0.05)
        if until is None or until():
            break
    await _wait_workers(app)
    await pilot.pause()


async def idle(pilot: Any) -> None:
    """What is pending has happened: messages handled, dialog callbacks run, and the workers
    they started finished. A test can then assert that something did not happen, no sleep."""
    await pilot.pause()
    await _wait_workers(pilot.app)
    await pilot.pause()


async def _wait_workers(app: Any) -> None:
    from textual.worker import WorkerCancelled, WorkerFailed

    from playground.ui.common.workers import finite

    # A failed worker is reported by the app as a notice; tests assert on that notice.
    # Live pollers run until cancelled, so they are left out (and an empty list would mean
    # "all workers" to wait_for_complete).
    workers = finite(app.workers)
    if workers:
        with contextlib.suppress(WorkerFailed, WorkerCancelled):
            await app.workers.wait_for_complete(workers)


def make_app(target: object) -> Any:
    """The real app on `target` with the deterministic settings."""
    from playground.ui.shell.app import PlaygroundApp

    return PlaygroundApp(settings=QUIET, target=target)  # type: ignore[arg-type]


def rendered(widget: Any) -> str:
    """What a widget draws, as text."""
    return str(widget.render())


async def open_workbench(pilot: Any, make: Callable[[], W]) -> W:
    """The workbench `make()` builds, pushed once the app has its target, after its first
    listing round."""
    app = pilot.app
    await wait_for(pilot, lambda: app.target is not None)
    screen: Any = make()
    app.push_screen(screen)
    await wait_for(pilot, lambda: screen.rounds_done >= 1, what="first listing")
    return cast(W, screen)


async def wait_for(pilot: Any, predicate: Callable[[], object], timeout: float = 30.0,
                   what: str = "condition") -> None:
    """Let the app run until `predicate()` is true (workers post their results meanwhile).
    The timeout bounds only how long a failing test takes: a wait that holds returns at once,
    and 10 s ran out on a busy machine (a cold CI run with four test processes on two cores)."""
    from textual.css.query import NoMatches

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except NoMatches:  # still composing
            pass
        await pilot.pause(0.05)
    raise AssertionError(f"timed out waiting for {what}")


class FakeClock:
    """Stands still until a test moves it, so countdowns and rates render the same every run."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Notices:
    """What the app told the user: pass as `run_test(message_hook=...)`; it keeps every
    notification the app posts (`App.notify` posts a public `Notify` message)."""

    def __init__(self) -> None:
        self.shown: list[Any] = []

    def __call__(self, message: object) -> None:
        from textual.notifications import Notify

        if isinstance(message, Notify):
            self.shown.append(message.notification)

    @property
    def messages(self) -> list[str]:
        return [str(n.message) for n in self.shown]

    @property
    def titles(self) -> list[str]:
        return [str(n.title) for n in self.shown]

    def __bool__(self) -> bool:
        return bool(self.shown)


def clip(widget: Any) -> Any:
    """The part of the screen `widget` can draw in: its ancestors' content regions (a field that
    reaches past it is cut)."""
    from textual.widget import Widget

    area = widget.screen.region
    for parent in widget.ancestors:
        if isinstance(parent, Widget) and parent is not widget.screen:
            area = area.intersection(parent.content_region)
    return area
