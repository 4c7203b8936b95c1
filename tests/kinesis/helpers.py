"""What the Kinesis UI tests share: the workbench opened as the home screen opens it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playground.ui.kinesis.screen import KinesisWorkbench
from tests.ui.helpers import wait_for


def _has_shards(screen: KinesisWorkbench) -> object:
    return screen.shards


async def open_kinesis(pilot: Any, ready: Callable[[KinesisWorkbench], object] = _has_shards,
                       what: str = "shards") -> KinesisWorkbench:
    """The Kinesis workbench, opened once the app has its target, when `ready(it)` holds
    (`what` names that in a timeout); by default when it shows the stream's shards."""
    app = pilot.app
    await wait_for(pilot, lambda: app.target is not None)
    app.open_service("kinesis")
    screen = app.screen
    assert isinstance(screen, KinesisWorkbench)
    await wait_for(pilot, lambda: ready(screen), what=what)
    return screen
