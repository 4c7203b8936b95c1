"""Smaller wrong answers a tester found in the SQS workbench, each pinned by a test."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable, Input

from playground.aws.sqs.create import NEW_DLQ, QueueSpec, create_from_spec
from playground.aws.sqs.service import SqsService
from playground.aws.sqs.visibility import Delivery, DeliveryState
from playground.ui.common.dialogs import PromptDialog
from playground.ui.sqs.consumer import ConsumerPane
from playground.ui.sqs.queue_list import QueueTable, fit_count
from tests.sqs.test_workbench import open_workbench
from tests.ui.helpers import FakeClock, make_app, wait_for


def test_counts_fit_their_column() -> None:
    assert fit_count(999, 3) == "999"
    assert fit_count(1_000, 3) == "1k"
    assert fit_count(20_000, 3) == "20k"
    assert fit_count(120_000, 3) == ".1M"
    assert fit_count(1_234_567, 4) == "1.2M"
    assert fit_count(20_000, 6) == "20000"
    for n in (0, 9, 999, 1_000, 9_999, 99_500, 999_999, 10**7, 10**12):
        assert len(fit_count(n, 3)) <= 3, n


async def test_a_queue_with_2000_messages_shows_2k(target: Any, svc: SqsService) -> None:
    """The column used to cut 2000 to "200" (and 20,000 too: 20,000 sends take 20 s here)."""
    url = svc.create_queue("busy")
    for start in range(0, 2_000, 10):
        assert svc.send_batch(url, [f"m{i}" for i in range(start, start + 10)]) == 10
    app = make_app(target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workbench(app, pilot)
        table = screen.query_one(QueueTable)
        await wait_for(pilot, lambda: str(table.get_cell(url, "visible")) == "2k",
                       what="2k visible")


async def test_visibility_dialog_is_prefilled_and_enter_sends_it(target: Any, svc: SqsService,
                                                                clock: FakeClock) -> None:
    """It showed 60 as a placeholder (not a value): enter sent nothing."""
    url = svc.create_queue("orders", attributes={"VisibilityTimeout": "30"})
    svc.send(url, "one")
    app = make_app(target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workbench(app, pilot, clock)
        await pilot.press("plus", "r")
        pane = screen.query_one("#consumer-1", ConsumerPane)
        await wait_for(pilot, lambda: len(pane.deliveries) == 1, what="received")
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptDialog))
        field = app.screen.query_one(Input)
        assert field.value == "30" and not field.placeholder.isdigit()
        field.value = "0"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen, what="dialog closed")
        await wait_for(pilot, lambda: pane.deliveries[0].state.value == "back in queue",
                       what="released")
        assert "ChangeMessageVisibility" in [r.operation for r in target.recorder.records]


def test_a_delivery_at_max_receive_count_is_not_back_in_queue(target: Any,
                                                               svc: SqsService) -> None:
    url = svc.create_queue("orders")
    svc.send(url, "poison")
    (first,) = svc.receive(url, visibility_timeout=0)
    (second,) = svc.receive(url, visibility_timeout=0)
    assert (first.receive_count, second.receive_count) == (1, 2)
    one = Delivery.start(1, first, 100.0, 30, url, max_receive_count=2)
    two = Delivery.start(1, second, 100.0, 30, url, max_receive_count=2)
    assert one.refresh(130.0) is DeliveryState.RETURNED
    assert two.refresh(130.0) is DeliveryState.LEAVING
    two.change_visibility(131.0, 0)
    assert two.state is DeliveryState.LEAVING
    plain_queue = Delivery.start(1, second, 100.0, 30, url)
    assert plain_queue.refresh(130.0) is DeliveryState.RETURNED


async def test_consumer_rows_say_the_message_moved_to_the_dlq(target: Any,
                                                              svc: SqsService) -> None:
    url, dlq_url = create_from_spec(svc, QueueSpec("orders", attributes={"VisibilityTimeout": "30"},
                                                   dlq=NEW_DLQ, max_receive_count="2"))
    svc.send(url, "poison")
    app = make_app(target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workbench(app, pilot, rows=2)
        table = screen.query_one(QueueTable)
        table.move_cursor(row=table.get_row_index(url))
        await wait_for(pilot, lambda: screen.current_url == url)
        await pilot.press("plus", "r")
        pane = screen.query_one("#consumer-1", ConsumerPane)
        await wait_for(pilot, lambda: len(pane.deliveries) == 1, what="first receive")
        await pilot.press("0")  # release: back in the queue, received once of 2
        await wait_for(pilot, lambda: pane.deliveries[0].state.value == "back in queue")
        await pilot.press("r")
        await wait_for(pilot, lambda: len(pane.deliveries) == 2, what="second receive")
        await pilot.press("0")  # released at maxReceiveCount: the next receive moves it
        await wait_for(pilot, lambda: pane.deliveries[1].state.value
                       == "to the DLQ on next receive")
        assert svc.receive(url) == []  # this receive moves it to the DLQ
        await wait_for(pilot, lambda: [d.state.value for d in pane.deliveries]
                       == ["moved to the DLQ"] * 2, what="rows say it moved")
        cells = [str(pane.query_one(DataTable).get_cell_at((row, 2))) for row in (0, 1)]
        assert cells == ["moved to DLQ"] * 2
        assert dlq_url is not None
        assert [m.message_id for m in svc.peek_messages(dlq_url)] == [
            pane.deliveries[0].message.message_id]
