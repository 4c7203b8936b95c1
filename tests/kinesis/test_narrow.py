"""The Kinesis workbench at a speaker's 80x24, at 100x30 and at 120x40: no pane is squeezed to
a sliver or pushed off screen; where they cannot all fit, v swaps the put view (put form,
consumer) and the load view (producer, chart), and every pane stays a key or two away."""

from __future__ import annotations

from typing import Any

from textual.widgets import Button, Input

from playground.aws.kinesis.service import KinesisService
from playground.ui.common.footer import KeysFooter
from playground.ui.kinesis.producer import ProducerPanel
from playground.ui.kinesis.screen import KinesisWorkbench
from playground.ui.kinesis.shard_map import ShardMap
from tests.ui.helpers import make_app, wait_for

USABLE = 30
"""Columns a pane needs to be read: the consumer's lag table is 33 wide with its borders off."""
PANES = {"streams": "#kin-streams", "put": "#kin-put", "producer": "#kin-producer",
         "map": "#kin-map", "chart": "#kin-chart", "consumer": "#kin-consumer"}


def widths(screen: Any) -> dict[str, int]:
    """Each pane's width on screen; 0 when it is hidden."""
    shown = {}
    for name, selector in PANES.items():
        pane = screen.query_one(selector)
        shown[name] = int(pane.region.width) if pane.display else 0
    return shown


def on_screen(screen: Any, selector: str) -> bool:
    """Drawn, and inside the terminal (not cut off below the last row)."""
    region = screen.query_one(selector).region
    return bool(region) and screen.region.contains_region(region)


def footer_keys(screen: Any) -> set[str]:
    from textual.widgets._footer import FooterKey

    return {key.key for key in screen.query_one(KeysFooter).query(FooterKey)}


async def _open(pilot: Any) -> KinesisWorkbench:
    app = pilot.app
    await wait_for(pilot, lambda: app.target is not None)
    app.open_service("kinesis")
    await wait_for(pilot, lambda: isinstance(app.screen, KinesisWorkbench), what="workbench")
    screen = app.screen
    assert isinstance(screen, KinesisWorkbench)
    await wait_for(pilot, lambda: len(screen.query_one(ShardMap).rows) == 2, what="shards")
    return screen


async def test_at_80x24_put_and_load_views_take_turns_on_v(target: Any) -> None:
    KinesisService(target).create_stream("clicks", 2)
    app = make_app(target)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        # Before: the chart and the consumer had 18 columns each, the producer was off screen.
        put_view = {"streams", "put", "map", "consumer"}
        await wait_for(pilot, lambda: all(widths(screen)[p] >= USABLE for p in put_view),
                       what="the put view laid out")
        assert widths(screen)["producer"] == 0 and widths(screen)["chart"] == 0
        assert on_screen(screen, "#put-send") and on_screen(screen, "#put-key")
        assert "v" in footer_keys(screen)

        await pilot.press("v")
        load_view = {"streams", "producer", "map", "chart"}
        await wait_for(pilot, lambda: all(widths(screen)[p] >= USABLE for p in load_view),
                       what="the load view")
        assert widths(screen)["put"] == 0 and widths(screen)["consumer"] == 0
        assert on_screen(screen, "#prod-start") and on_screen(screen, "#prod-rate")

        # A pane that hides hands the focus to its counterpart, so keys keep landing somewhere
        # a learner can see.
        screen.query_one("#prod-start", Button).focus()
        await pilot.press("v")
        await wait_for(pilot, lambda: widths(screen)["put"] >= USABLE, what="the put view")
        await wait_for(pilot, lambda: screen.focused is screen.query_one("#put-key", Input),
                       what="focus on the put form")

        # g (producer on/off) shows the producer it starts; p brings the put form back.
        await pilot.press("escape", "g")
        await wait_for(pilot, lambda: widths(screen)["producer"] >= USABLE, what="producer")
        await wait_for(pilot, lambda: screen.plan is not None, what="producer started")
        await pilot.press("g")  # stop it: nothing of this test needs 4,000 records
        await wait_for(pilot, lambda: not screen.query_one(ProducerPanel).running,
                       what="producer stopped")
        await pilot.press("p")
        await wait_for(pilot, lambda: widths(screen)["put"] >= USABLE, what="put form")
        assert screen.focused is screen.query_one("#put-key", Input)


async def test_at_100x30_and_120x40_nothing_is_squeezed(target: Any) -> None:
    KinesisService(target).create_stream("clicks", 2)
    app = make_app(target)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot)
        # 100 columns: the consumer alone beside the map gets 56 (was 28, shared with the chart).
        await wait_for(pilot, lambda: widths(screen)["consumer"] >= 50, what="the put view")
        assert widths(screen)["chart"] == 0 and widths(screen)["producer"] == 0
        assert widths(screen)["put"] >= 40 and on_screen(screen, "#put-send")
        assert "v" in footer_keys(screen)

        # 120x40: every pane at once, none under 30 columns, the producer's button on screen
        # (it was cut off once a put showed its result); nothing takes turns, so no v.
        await pilot.resize_terminal(120, 40)
        await wait_for(pilot, lambda: min(widths(screen).values()) >= USABLE, what="all panes")
        await pilot.press("p", "ctrl+s")
        await wait_for(pilot, lambda: "put on" in str(screen.query_one("#put-result").render()),
                       what="the put's result")
        await pilot.pause()
        assert on_screen(screen, "#prod-start") and on_screen(screen, "#put-result")
        assert min(widths(screen).values()) >= USABLE
        await wait_for(pilot, lambda: "v" not in footer_keys(screen), what="v gone")
