"""Step Functions test helpers: capability probes done up front, an app on the real emulator."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from playground.config import Settings, UiSettings
from playground.ui.app import PlaygroundApp
from playground.ui.screens.service import SERVICE_PARITY


@pytest.fixture(scope="session", autouse=True)
def _probed(emulator_target: Any) -> Iterator[None]:
    """The workbench's parity probes create and delete state machines (and run a Lambda);
    run them once, first, so no test waits on them or sees them come and go."""
    from playground.targets.probes import missing_capabilities

    missing_capabilities(emulator_target, list(SERVICE_PARITY["stepfunctions"]))
    yield


def make_app(target: object) -> PlaygroundApp:
    return PlaygroundApp(settings=Settings(ui=UiSettings(clock=False, animations=False)),
                         target=target)  # type: ignore[arg-type]


async def wait_for(pilot: Any, predicate: Callable[[], object], timeout: float = 10.0,
                   what: str = "condition") -> None:
    """Let the app run until `predicate()` is true (workers post their results meanwhile)."""
    from textual.css.query import NoMatches

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except NoMatches:
            pass
        await pilot.pause(0.05)
    raise AssertionError(f"timed out waiting for {what}")
