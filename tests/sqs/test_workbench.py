"""Pilot tests of the SQS workbench on the real embedded emulator."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, Select, Static, TextArea

from playground.aws.sqs.create import NEW_DLQ, QueueSpec, create_from_spec
from playground.aws.sqs.service import SqsService
from playground.ui.common.dialogs import ConfirmDialog, PromptDialog
from playground.ui.sqs.consumer import ConsumerPane
from playground.ui.sqs.create_queue import CreateQueueDialog
from playground.ui.sqs.dlq import DlqPane
from playground.ui.sqs.lanes import LanesPane
from playground.ui.sqs.queue_list import QueueTable
from playground.ui.sqs.screen import SqsWorkbench
from playground.ui.sqs.send_form import AttributeEditor, SendForm
from tests.sqs.helpers import visible_again
from tests.ui.helpers import FakeClock, idle, make_app, wait_for


def text_of(widget: Any) -> str:
    return str(widget.render())


async def open_workbench(app: Any, pilot: Any, clock: FakeClock | None = None,
                         rows: int = 1) -> SqsWorkbench:
    await pilot.pause()
    if clock is None:
        app.open_service("sqs")
    else:
        app.push_screen(SqsWorkbench(clock=clock))
    await wait_for(pilot, lambda: isinstance(app.screen, SqsWorkbench), what="workbench")
    screen: SqsWorkbench = app.screen
    await wait_for(pilot, lambda: screen.query_one(QueueTable).row_count >= rows, what="queues")
    return screen


def counts(screen: SqsWorkbench, name: str) -> tuple[int, int, int]:
    q = next(q for q in screen.queues.values() if q.name == name)
    return q.visible, q.in_flight, q.delayed


async def test_queue_counts_refresh_live(target: Any, svc: SqsService) -> None:
    url = svc.create_queue("orders")
    svc.send(url, "one")
    app = make_app(target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workbench(app, pilot)
        assert counts(screen, "orders") == (1, 0, 0)
        svc.send(url, "two")
        svc.send(url, "later", delay_seconds=30)
        await wait_for(pilot, lambda: counts(screen, "orders") == (2, 0, 1), what="refresh")


async def test_create_queue_with_dlq_keeps_the_form_on_bad_input(target: Any,
                                                                svc: SqsService) -> None:
    app = make_app(target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workbench(app, pilot, rows=0)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, CreateQueueDialog))
        dialog = app.screen
        dialog.query_one("#q-name", Input).value = "orders"
        dialog.query_one("#q-visibility", Input).value = "99999"
        dialog.query_one("#q-max-receive", Input).value = "0"
        dialog.query_one("#q-dlq", Select).value = NEW_DLQ
        await pilot.press("ctrl+s")
        errors = text_of(dialog.query_one("#q-errors", Static))
        assert "VisibilityTimeout must be from 0 to 43,200" in errors
        assert "maxReceiveCount must be from 1 to 1,000" in errors
        assert app.screen is dialog and dialog.query_one("#q-name", Input).value == "orders"
        dialog.query_one("#q-visibility", Input).value = "10"
        dialog.query_one("#q-max-receive", Input).value = "3"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen, what="dialog closed")
        await wait_for(pilot, lambda: len(screen.queues) == 2 and screen.links)
        await wait_for(pilot, lambda: screen.current is not None
                       and screen.current.name == "orders")
        assert "orders-dlq" in text_of(screen.query_one("#queue-note", Static))
        assert screen.current.attributes["VisibilityTimeout"] == "10"


async def test_service_refusal_stays_in_the_create_form(target: Any, svc: SqsService) -> None:
    svc.create_queue("orders", attributes={"VisibilityTimeout": "5"})
    app = make_app(target)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_workbench(app, pilot)
        await pilot.press("n")
        dialog = app.screen
        dialog.query_one("#q-name", Input).value = "orders"
        dialog.query_one("#q-visibility", Input).value = "7"
        await pilot.press("ctrl+s")
        errors = dialog.query_one("#q-errors", Static)
        await wait_for(pilot, lambda: "already exists" in text_of(errors), what="refusal")
        assert app.screen is dialog


async def test_send_form_bad_input_is_explained_and_kept(target: Any, svc: SqsService) -> None:
    url = svc.create_queue("orders", attributes={"MaximumMessageSize": "1024"})
    app = make_app(target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workbench(app, pilot)
        form = screen.query_one(SendForm)
        await wait_for(pilot, lambda: form.queue is not None)
        body = form.query_one("#send-body", TextArea)
        body.text = "x" * 2000
        await pilot.click("#attr-add")
        await pilot.click("#attr-add")
        await wait_for(pilot, lambda: len(form.query(AttributeEditor)) == 2, what="two editors")
        editors = list(form.query(AttributeEditor))
        editors[0].query_one(".attr-name", Input).value = "qty"
        editors[0].query_one(".attr-type", Select).value = "Number"
        editors[0].query_one(".attr-value", Input).value = "[/abc]"  # shown as typed, not markup
        editors[1].query_one(".attr-name", Input).value = "blob"
        editors[1].query_one(".attr-type", Select).value = "Binary"
        editors[1].query_one(".attr-value", Input).value = "%%%"
        form.query_one("#send-dedup", Input).value = "d-1"
        form.action_send()
        await pilot.pause()
        errors = text_of(form.query_one("#send-errors", Static))
        assert "this queue's MaximumMessageSize is 1,024 bytes" in errors
        assert "'[/abc]' is not a number" in errors
        assert "base64" in errors
        assert "MessageDeduplicationId applies only to FIFO queues" in errors
        assert editors[0].query_one(".attr-value", Input).has_class("-invalid")
        assert body.text == "x" * 2000  # the form keeps what was typed
        assert svc.summary(url).visible == 0
        body.text = '{"order": 1'
        editors[0].query_one(".attr-value", Input).value = "2"
        editors[1].query_one(".attr-value", Input).value = "aGVsbG8="
        form.query_one("#send-dedup", Input).value = ""
        form.action_send()
        await pilot.pause()
        assert "Looks like JSON but is not valid" in text_of(form.query_one("#send-errors"))
        form.action_send()  # a second press sends it as plain text
        result = form.query_one("#send-result", Static)
        await wait_for(pilot, lambda: "sent #1 to orders" in text_of(result), what="sent")
        [m] = svc.receive(url)
        assert m.body == '{"order": 1'
        assert m.message_attributes["blob"]["BinaryValue"] == b"hello"


async def test_send_shows_the_service_error_inline(target: Any, svc: SqsService) -> None:
    url = svc.create_queue("orders")
    app = make_app(target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workbench(app, pilot)
        form = screen.query_one(SendForm)
        await wait_for(pilot, lambda: form.queue is not None)
        svc.delete_queue(url)  # gone behind the workbench's back
        form.action_send()
        errors = form.query_one("#send-errors", Static)
        await wait_for(pilot, lambda: "does not exist" in text_of(errors).lower(), what="error")
        assert form.body.startswith('{"order": 1')


async def test_competing_consumers_and_visibility_countdown(target: Any, svc: SqsService,
                                                           clock: FakeClock) -> None:
    url = svc.create_queue("orders")
    for n in (1, 2):
        svc.send(url, f'{{"order": {n}}}')
    app = make_app(target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workbench(app, pilot, clock)
        await pilot.press("plus")
        await pilot.press("r")
        one = screen.query_one("#consumer-1", ConsumerPane)
        await wait_for(pilot, lambda: len(one.deliveries) == 1, what="consumer 1")
        await pilot.press("plus")
        await pilot.press("r")
        two = screen.query_one("#consumer-2", ConsumerPane)
        await wait_for(pilot, lambda: len(two.deliveries) == 1, what="consumer 2")
        assert {one.deliveries[0].index, two.deliveries[0].index} == {1, 2}
        clock.advance(12)
        one.tick()
        assert "18s" in str(one.query_one("DataTable").get_cell_at((0, 2)))
        await pilot.press("d")  # consumer 2 is focused: ack its message
        await wait_for(pilot, lambda: two.deliveries[0].state.value == "deleted")
        one.query_one("DataTable").focus()
        await pilot.press("0")  # release consumer 1's message now
        await wait_for(pilot, lambda: one.deliveries[0].state.value == "back in queue")
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptDialog))
        app.screen.dismiss("99999")  # out of range: refused locally
        await pilot.pause()
        await pilot.press("r")
        await wait_for(pilot, lambda: len(one.deliveries) == 2, what="redelivery")
        assert one.deliveries[1].message.receive_count == 2
        assert svc.summary(url).in_flight == 1


async def test_polling_consumer_watches_a_message_return_then_reach_the_dlq(
        target: Any, svc: SqsService) -> None:
    url, _ = create_from_spec(svc, QueueSpec("orders", attributes={"VisibilityTimeout": "1"},
                                             dlq=NEW_DLQ, max_receive_count="2"))
    app = make_app(target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workbench(app, pilot, rows=2)
        table = screen.query_one(QueueTable)
        table.move_cursor(row=table.get_row_index(url))
        await wait_for(pilot, lambda: screen.current_url == url)
        await pilot.press("plus")
        pane = screen.query_one("#consumer-1", ConsumerPane)
        await pilot.press("w")
        await pilot.press("w")  # long poll 5 s
        await pilot.press("p")
        svc.send(url, "poison")
        await wait_for(pilot, lambda: [d.message.receive_count for d in pane.deliveries] == [1, 2],
                       timeout=10, what="two deliveries")
        await wait_for(pilot, lambda: counts(screen, "orders-dlq")[0] == 1, timeout=10,
                       what="moved to the DLQ")
        # Both rows of the message now say where it is (they said "back in queue").
        await wait_for(pilot, lambda: [d.state.value for d in pane.deliveries]
                       == ["moved to the DLQ"] * 2, what="rows say it moved")
        await pilot.press("p")
        await wait_for(pilot, lambda: not pane.config.polling)


async def test_purge_and_delete_are_confirmed(target: Any, svc: SqsService) -> None:
    url = svc.create_queue("orders")
    svc.send(url, "x")
    app = make_app(target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workbench(app, pilot)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is screen, what="the dialog closed")
        await idle(pilot)  # the answer was handled; a purge it started would have finished
        assert "PurgeQueue" not in [r.operation for r in target.recorder.records]
        assert svc.summary(url).visible == 1
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: svc.summary(url).visible == 0, what="purge")
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: not screen.queues, what="deleted")
        assert svc.list_queue_urls() == []


async def test_dlq_view_and_redrive_fallback(target: Any, svc: SqsService) -> None:
    url, dlq = create_from_spec(svc, QueueSpec("orders", attributes={"VisibilityTimeout": "1"},
                                               dlq=NEW_DLQ, max_receive_count="1"))
    svc.send(url, "poison")
    svc.receive(url)
    visible_again(svc, url)
    svc.receive(url)  # moved
    app = make_app(target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workbench(app, pilot, rows=2)
        table = screen.query_one(QueueTable)
        table.move_cursor(row=table.get_row_index(url))
        await pilot.press("5")
        pane = screen.query_one(DlqPane)
        dead = pane.query_one("#dlq-dlq")
        await wait_for(pilot, lambda: dead.row_count == 1, what="DLQ row")  # type: ignore[attr-defined]
        assert "after 1 receives" in text_of(pane.query_one("#dlq-relation"))
        await pilot.press("m")
        events = pane.query_one("#dlq-events", Static)
        await wait_for(pilot, lambda: "receive-and-resend: 1 moved back to orders"
                       in text_of(events), what="redrive")
        assert "StartMessageMoveTask" in text_of(events)
        assert svc.summary(url).visible == 1 and svc.summary(dlq).visible == 0


async def test_peek_and_targets_without_peek(target: Any, svc: SqsService, monkeypatch) -> None:
    url = svc.create_queue("orders")
    svc.send(url, "look but do not touch")
    app = make_app(target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workbench(app, pilot)
        await pilot.press("4")
        status = screen.query_one("#peek-status", Static)
        await wait_for(pilot, lambda: "1 messages (1 visible" in text_of(status), what="peek")
        assert svc.peek_messages(url)[0].receive_count == 0
        monkeypatch.setattr(target, "supports_peek", False)
        await wait_for(pilot, lambda: "cannot show messages without receiving them"
                       in text_of(status), what="no peek")


async def test_fifo_lanes_receive_and_delete_head(target: Any, svc: SqsService,
                                                 clock: FakeClock) -> None:
    url = svc.create_queue("jobs", fifo=True, attributes={"ContentBasedDeduplication": "true"})
    for body in ("a1", "a2"):
        svc.send(url, body, group_id="a")
    app = make_app(target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workbench(app, pilot, clock)
        await pilot.press("6")
        lanes = screen.query_one(LanesPane)
        await wait_for(pilot, lambda: len(lanes.lanes) == 1, what="lanes")
        await pilot.press("r")
        await wait_for(pilot, lambda: lanes.lanes[0].blocked, what="blocked")
        assert [m.state.value for m in lanes.lanes[0].messages] == ["in flight", "blocked"]
        await pilot.press("d")
        await wait_for(pilot, lambda: [m.state.value for m in lanes.lanes[0].messages]
                       == ["next"], what="head deleted")


async def test_filter_and_attribute_edit(target: Any, svc: SqsService) -> None:
    svc.create_queue("orders")
    svc.create_queue("payments")
    app = make_app(target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workbench(app, pilot, rows=2)
        table = screen.query_one(QueueTable)
        await pilot.press("slash")
        await pilot.press("p", "a", "y")
        await wait_for(pilot, lambda: table.row_count == 1)
        await pilot.press("enter")
        assert screen.current is not None and screen.current.name == "payments"
        await pilot.press("7")
        attrs = screen.query_one("#attributes-table")
        await wait_for(pilot, lambda: attrs.row_count > 5)  # type: ignore[attr-defined]
        attrs.move_cursor(row=attrs.get_row_index("VisibilityTimeout"))  # type: ignore[attr-defined]
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptDialog))
        app.screen.dismiss("7")
        payments = svc.queue_url("payments")
        await wait_for(pilot, lambda: svc.attributes(payments)["VisibilityTimeout"] == "7")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, SqsWorkbench), what="back")
