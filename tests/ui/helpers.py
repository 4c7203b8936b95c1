"""Helpers for driving the app in tests: deterministic settings, waiting for workers."""

from __future__ import annotations

import contextlib
from typing import Any

from playground.config import Settings, UiSettings

QUIET = Settings(ui=UiSettings(clock=False, animations=False))
"""No clocks, no animations: what snapshot tests need."""


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


async def _wait_workers(app: Any) -> None:
    from textual.worker import WorkerCancelled, WorkerFailed

    from playground.ui.workers import finite

    # A failed worker is reported by the app as a notice; tests assert on that notice.
    # Live pollers run until cancelled, so they are left out (and an empty list would mean
    # "all workers" to wait_for_complete).
    workers = finite(app.workers)
    if workers:
        with contextlib.suppress(WorkerFailed, WorkerCancelled):
            await app.workers.wait_for_complete(workers)
