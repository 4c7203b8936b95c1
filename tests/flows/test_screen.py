"""The Flows screen: opened from the palette, the map as a tree that fits 80x24, enter on a
resource opens its workbench, on a wire goes to the other end; hostile names stay text."""

from __future__ import annotations

from typing import Any

from textual.widgets import Tree

from playground.aws.events.service import EventsService
from playground.ui.flows.screen import FlowsScreen
from playground.ui.sqs.screen import SqsWorkbench
from tests.flows.world import build_world
from tests.ui.helpers import make_app, settle, wait_for
from tests.ui.hostile import MARK, markup_watch


async def open_flows(pilot: Any) -> FlowsScreen:
    app = pilot.app
    await wait_for(pilot, lambda: app.target is not None, what="the target")
    await settle(pilot)
    await pilot.press("ctrl+p", *"flows show")
    await settle(pilot)
    await pilot.pause(0.5)  # the palette searches after a short debounce
    await settle(pilot)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, FlowsScreen), what="the flows screen")
    screen = app.screen
    assert isinstance(screen, FlowsScreen)
    await wait_for(pilot, lambda: screen.flows is not None, timeout=30, what="the map")
    await settle(pilot)
    return screen


def lines(screen: FlowsScreen) -> list[str]:
    tree = screen.query_one(Tree)
    out: list[str] = []

    def walk(node: Any, depth: int) -> None:
        for child in node.children:
            out.append("  " * depth + child.label.plain)
            walk(child, depth + 1)

    walk(tree.root, 0)
    return out


def cursor_text(screen: FlowsScreen) -> str:
    node = screen.query_one(Tree).cursor_node
    assert node is not None
    return str(node.label.plain)


async def test_the_map_is_drawn_and_enter_goes_along_the_wires(target) -> None:  # type: ignore[no-untyped-def]
    build_world(target)
    app = make_app(target)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_flows(pilot)
        drawn = lines(screen)
        assert "SQS (4)" in drawn
        i = drawn.index("  queue billing")
        assert "    -> queue billing-dlq  dead-letter queue  after 3 receives" in drawn[i:]
        assert "    <- rule orders-rule (bus shop)  target" in drawn[i:]
        # walk down to billing's wire to its DLQ, enter: the cursor is on the DLQ
        tree = screen.query_one(Tree)
        while cursor_text(screen) != "-> queue billing-dlq  dead-letter queue  after 3 receives":
            await pilot.press("down")
        assert tree.cursor_node is not None
        await pilot.press("enter")
        await settle(pilot)
        assert cursor_text(screen) == "queue billing-dlq"
        # space on a wire folds its resource; enter on the resource opens the SQS workbench
        await pilot.press("up")
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        assert cursor_text(screen) == "queue billing"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SqsWorkbench), timeout=30,
                       what="the SQS workbench")


async def test_hostile_names_draw_as_text(target) -> None:  # type: ignore[no-untyped-def]
    events = EventsService(target)
    hostile = f"{MARK}[/x] [bold]b"
    events.put_rule("hostile", {"source": [hostile + "\ud800"]})
    # (the emulator cannot list a target whose ARN holds a lone surrogate: only the pattern has one)
    events.put_target("hostile", "t1", f"arn:aws:firehose:us-east-1:000000000000:deliverystream/{hostile}")
    app = make_app(target)
    with markup_watch() as parsed:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_flows(pilot)
            drawn = "\n".join(lines(screen))
            assert f"-> delivery stream {MARK}[/x] [bold]b  target" in drawn
            assert f'pattern {{"source": ["{MARK}[/x] [bold]b\\ud800"]}}' in drawn
            await pilot.press("down", "down", "down")
            await settle(pilot)
    assert parsed == []


def test_snapshot_at_80x24(snap_compare, target) -> None:  # type: ignore[no-untyped-def]
    build_world(target)

    async def run_before(pilot: Any) -> None:
        await open_flows(pilot)
        await pilot.press("down", "down", "down", "down")
        await settle(pilot)

    assert snap_compare(make_app(target), terminal_size=(80, 24), run_before=run_before)


def test_snapshot_at_160x48(snap_compare, target) -> None:  # type: ignore[no-untyped-def]
    build_world(target)

    async def run_before(pilot: Any) -> None:
        await open_flows(pilot)

    assert snap_compare(make_app(target), terminal_size=(160, 48), run_before=run_before)


async def test_w_on_home_opens_the_map_and_escape_goes_back(target) -> None:  # type: ignore[no-untyped-def]
    from playground.ui.shell.home import HomeScreen

    app = make_app(target)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen), what="home")
        await settle(pilot)
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, FlowsScreen), what="the flows screen")
        await wait_for(pilot, lambda: app.screen.flows is not None, timeout=30, what="the map")
        assert lines(app.screen)[0] == "EventBridge (1)"  # an empty emulator: the default bus
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen), what="home again")
