"""SQS test helpers: a fake clock, an app on the real emulator, waiting for live state."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from playground.aws.sqs import SqsService
from playground.config import Settings, UiSettings
from playground.ui.app import PlaygroundApp


class FakeClock:
    """Stands still until a test moves it, so countdowns render the same every run."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def make_app(target: object) -> PlaygroundApp:
    return PlaygroundApp(settings=Settings(ui=UiSettings(clock=False, animations=False)),
                         target=target)  # type: ignore[arg-type]


async def wait_for(pilot: object, predicate: Callable[[], object], timeout: float = 8.0,
                   what: str = "condition") -> None:
    """Let the app run until `predicate()` is true (workers post their results meanwhile)."""
    from textual.css.query import NoMatches

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except NoMatches:  # still composing
            pass
        await pilot.pause(0.05)  # type: ignore[attr-defined]
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def svc(target: object) -> SqsService:
    return SqsService(target)  # type: ignore[arg-type]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
