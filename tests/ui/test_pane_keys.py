"""Pane keys (#13): in every workbench each pane is focused within three key presses from where
the workbench opens (1..N, the same key again for the next member of a pane: a consumer, a
subscriber, the rules after the buses), digits typed into a text field stay in it, and a click
on a pane's border or empty room focuses the pane."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widget import Widget
from textual.widgets import Input, TextArea
from textual.widgets._footer import FooterKey

from playground.aws.kinesis.service import KinesisService
from playground.aws.sns.service import SnsService
from playground.aws.sqs.service import SqsService
from playground.ui.common.panes import PaneKeys
from playground.ui.shell.help import keys_here
from playground.ui.sqs.consumer import ConsumerPane
from playground.ui.sqs.screen import SqsWorkbench
from playground.ui.workbenches import WORKBENCHES as ALL_WORKBENCHES
from tests.ui.helpers import idle, make_app, settle, wait_for

WORKBENCHES = [w.key for w in ALL_WORKBENCHES]
OPTIONAL = {("stepfunctions", "Waiting for approval")}
"""Panes shown only while something is there (an execution waiting for an answer)."""


def seed(target: Any, key: str) -> None:
    """Something in each pane that has members only when there is data."""
    if key == "sns":
        sqs, sns = SqsService(target), SnsService(target)
        topic = sns.create_topic("prices")
        for name in ("audit", "billing"):
            sns.subscribe_queue(topic, sqs.queue_arn(sqs.create_queue(name)))
    if key == "kinesis":
        KinesisService(target).create_stream("clicks", 2)
    if key == "sqs":  # a queue with a dead-letter queue: the dead-letter tab shows both
        sqs = SqsService(target)
        dlq = sqs.create_queue("orders-dlq")
        sqs.set_redrive(sqs.create_queue("orders"), sqs.queue_arn(dlq), 3)


async def open_bench(app: Any, pilot: Any, key: str) -> PaneKeys:
    await pilot.pause()
    app.open_service(key)
    await wait_for(pilot, lambda: isinstance(app.screen, PaneKeys), what=f"{key} workbench")
    screen: PaneKeys = app.screen
    await settle(pilot)
    if key == "sqs":
        await wait_for(pilot, lambda: screen.query_one("#queues").row_count == 2, what="queues")
        await pilot.press("plus", "plus", "plus")
        await wait_for(pilot, lambda: len(screen.query(ConsumerPane)) == 3, what="consumers")
    if key == "sns":
        await wait_for(pilot, lambda: len(screen.query(".subscriber")) == 2, what="subscribers")
    if key == "kinesis":
        await wait_for(pilot, lambda: len(screen.query_one("#kin-shards").rows) == 2,
                       what="shards")
    return screen


def label(widget: Widget | None) -> str:
    return "nothing" if widget is None else f"{type(widget).__name__}#{widget.id}"


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40), (160, 48)],
                         ids=["80x24", "100x30", "120x40", "160x48"])
@pytest.mark.parametrize("key", WORKBENCHES)
async def test_every_pane_within_three_keys(target: Any, key: str, size: tuple[int, int]) -> None:
    seed(target, key)
    app = make_app(target)
    async with app.run_test(size=size) as pilot:
        screen = await open_bench(app, pilot, key)
        start = screen.focused
        assert start is not None
        missing = []
        for n, pane in enumerate(screen.PANES, start=1):
            screen.set_focus(start)
            await pilot.press(str(n))
            await idle(pilot)
            members = screen.pane_members(n)
            if not members:
                if (key, pane.title) not in OPTIONAL:
                    missing.append(f"{n} {pane.title}: nothing to focus")
                continue
            for member in members:
                screen.set_focus(start)
                await idle(pilot)
                for _ in range(3):
                    if screen.focused is member:
                        break
                    await pilot.press(str(n))
                    await idle(pilot)
                if screen.focused is not member:
                    missing.append(f"{n} {pane.title}: 3 x {n} focused "
                                   f"{label(screen.focused)}, not {label(member)}")
                assert member.region.area > 0, f"{label(member)} is focused but not on screen"
        assert not missing


async def test_footer_help_and_titles_name_the_pane_keys(target: Any) -> None:
    seed(target, "sqs")
    app = make_app(target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_bench(app, pilot, "sqs")
        footer = {(k.key_display, k.description) for k in screen.query(FooterKey)}
        assert ("1-7", "Panes") in footer
        assert str(screen.query_one("#queues").border_title) == "1 Queues"
        assert str(screen.query_one("#send-form").border_title) == "2 Send"
        helped = {(line.keys, line.description) for _, lines in keys_here(app, {})
                  for line in lines}
        assert {(("1",), "Queues pane"), (("3",), "Consumers pane"),
                (("7",), "Attributes pane")} <= helped


async def test_digits_typed_into_a_field_stay_in_it(target: Any) -> None:
    seed(target, "sqs")
    app = make_app(target)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_bench(app, pilot, "sqs")
        assert isinstance(screen, SqsWorkbench)
        await pilot.press("slash", *"4711")
        await idle(pilot)
        box = screen.query_one("#queue-filter", Input)
        assert box.value == "4711" and screen.focused is box
        await pilot.press("escape", "2")  # escape leaves the field: the keys switch panes again
        await idle(pilot)
        body = screen.query_one("#send-body", TextArea)
        assert screen.focused is body
        await pilot.press("3")
        await idle(pilot)
        assert screen.focused is body and body.text.startswith("3")


async def test_eventbridge_tabs_open_on_a_picker_so_the_next_key_still_switches(
        target: Any) -> None:
    """The put and sandbox tabs used to open in a text area: the next tab's key was typed
    into the event. They open on their bus or sample picker; the text area is the same key
    again, and there digits are text."""
    app = make_app(target)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_bench(app, pilot, "events")
        tabs = screen.query_one("#events-tabs")
        await pilot.press("2")
        await idle(pilot)
        assert tabs.active == "put" and label(screen.focused) == "Select#put-bus"
        await pilot.press("3")
        await idle(pilot)
        assert tabs.active == "sandbox"
        assert label(screen.focused) == "Select#sandbox-pattern-sample"
        await pilot.press("2", "2", "5")
        await idle(pilot)
        detail = screen.query_one("#put-detail", TextArea)
        assert tabs.active == "put" and screen.focused is detail and detail.text.startswith("5")
        await pilot.press("escape", "4")
        await idle(pilot)
        assert tabs.active == "transformer" and app.screen is screen


async def test_a_click_on_a_pane_focuses_it(target: Any) -> None:
    seed(target, "sqs")
    app = make_app(target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_bench(app, pilot, "sqs")
        second = screen.query_one("#consumer-2", ConsumerPane)
        # the status line at the top of consumer 2: not focusable, in the pane
        await pilot.click(second, offset=(2, 1))
        await idle(pilot)
        assert screen.focused is second.query_one(".consumer-table")
        # the border of the send form focuses its message
        await pilot.click("#send-form", offset=(0, 1))
        await idle(pilot)
        assert label(screen.focused) == "TextArea#send-body"
        # a click beside the focused field, in the same form, leaves the focus where it is
        screen.query_one("#send-delay").focus()
        await idle(pilot)
        await pilot.click("#send-form", offset=(0, 1))
        await idle(pilot)
        assert label(screen.focused) == "Input#send-delay"
        # the queue list's title
        await pilot.click("#queues", offset=(3, 0))
        await idle(pilot)
        assert label(screen.focused) == "QueueTable#queues"


async def test_arrows_move_between_sns_subscribers(target: Any) -> None:
    """Subscribers have no limit: past the third, ← and → are the shorter way."""
    seed(target, "sns")
    app = make_app(target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_bench(app, pilot, "sns")
        first, second = screen.query(".subscriber")
        await pilot.press("3")
        await idle(pilot)
        assert screen.focused is first
        await pilot.press("right")
        await idle(pilot)
        assert screen.focused is second
        await pilot.press("right", "left")
        await idle(pilot)
        assert screen.focused is first
