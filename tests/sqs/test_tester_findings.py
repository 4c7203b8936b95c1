"""Smaller wrong answers a tester found in the SQS workbench, each pinned by a test."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from playground.aws.sqs.service import SqsService
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
