"""What a learner sees in the Kinesis workbench, as SVG snapshots.

Deterministic: a clock that stands still for the chart, no records read (their sequence
numbers and arrival times change every run), fixed size, workers waited for.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from playground.aws.kinesis.service import KinesisService
from playground.ui.kinesis.consumer import ConsumerPane
from playground.ui.kinesis.dialogs import SplitDialog
from playground.ui.kinesis.screen import KinesisWorkbench
from playground.ui.kinesis.shard_map import ShardMap
from tests.ui.helpers import FakeClock, make_app, wait_for

SIZE = (120, 40)


def _split_stream(target: Any) -> None:
    svc = KinesisService(target)
    svc.create_stream("clicks", 2)
    first = min(svc.shards("clicks"), key=lambda s: s.start_hash)
    svc.split_shard("clicks", first.shard_id, (first.end_hash + 1) // 2)
    svc.wait_active("clicks")


async def _open(pilot: Any) -> KinesisWorkbench:
    app = pilot.app
    await wait_for(pilot, lambda: app.target is not None)
    screen = KinesisWorkbench(clock=FakeClock(1_800_000_000.0))
    app.push_screen(screen)
    await wait_for(pilot, lambda: len(screen.query_one(ShardMap).rows) == 3, what="shards")
    await wait_for(pilot, lambda: len(screen.query_one(ConsumerPane).lags) == 3
                   and all(lag.calls for lag in screen.query_one(ConsumerPane).lags.values()),
                   what="consumer on every shard")
    await wait_for(pilot, lambda: screen.query_one("#parity-notes").display, what="parity")
    return screen


def test_shard_map_after_split_with_the_key_marked(snap_compare: Any, target: Any,
                                                   size: tuple[int, int] = SIZE) -> None:
    _split_stream(target)

    async def run_before(pilot: Any) -> None:
        screen = await _open(pilot)
        screen.query_one("#put-key", Input).value = "user-7"
        screen.query_one(ShardMap).focus()
        await pilot.pause(1.1)  # past a heartbeat of the consumer: the lag table is drawn

    assert snap_compare(make_app(target), terminal_size=size, run_before=run_before)


def test_shard_map_at_80x24(snap_compare: Any, target: Any) -> None:
    """The same at a speaker's 80x24 (#13): the put view, map and consumer beside the list."""
    test_shard_map_after_split_with_the_key_marked(snap_compare, target, (80, 24))


def test_split_dialog_refuses_a_key_outside_the_shard(snap_compare: Any, target: Any) -> None:
    _split_stream(target)

    async def run_before(pilot: Any) -> None:
        screen = await _open(pilot)
        shard_map = screen.query_one(ShardMap)
        shard_map.focus()
        shard_map.highlighted = 2  # shard 1: 50–100%
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, SplitDialog))
        field = pilot.app.screen.query_one("#split-key", Input)
        field.value = "42"
        field.cursor_blink = False
        await pilot.press("ctrl+s")
        await pilot.pause(1.1)  # past a heartbeat of the consumer: the lag table is drawn

    assert snap_compare(make_app(target), terminal_size=SIZE, run_before=run_before)
