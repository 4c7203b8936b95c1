"""The SQS workbench with hostile text everywhere: in every field and dialog, in 10 MB pastes, and
in what the target holds (message bodies, attribute values, group ids). It keeps running, reads
none of it as markup, and reports no error but the forms' own checks."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable, Input

from playground.aws.sqs.service import SqsService
from playground.ui.common.dialogs import PromptDialog
from playground.ui.sqs.consumer import ConsumerPane
from playground.ui.sqs.create_queue import CreateQueueDialog
from playground.ui.sqs.peek import PeekPane
from playground.ui.sqs.queue_list import QueueTable
from playground.ui.sqs.screen import SqsWorkbench
from playground.ui.sqs.send_form import AttributeEditor, SendForm
from tests.form_strategies import deep_json_text
from tests.ui.helpers import make_app
from tests.ui.hostile import (
    HOSTILE,
    HOSTILE_TEXTS,
    Notices,
    calm,
    fill,
    markup_watch,
    paste_everywhere,
    until,
)

PROMPT_CHECKS = ("must be a whole number", "must be from")
"""The attribute and visibility prompts answer a bad value with an error notice: a form's check."""


def hostile_queues(svc: SqsService) -> dict[str, str]:
    """Queues whose messages, attributes and group ids hold hostile text."""
    source, dlq = svc.create_queue("hostile"), svc.create_queue("hostile-dlq")
    svc.set_redrive(source, svc.queue_arn(dlq), 2)
    lanes = svc.create_queue("lanes", fifo=True, attributes={"ContentBasedDeduplication": "true"})
    for body in (HOSTILE, deep_json_text(5000, "array"), deep_json_text(900, "object")):
        svc.send(source, body, attributes={
            "a": {"DataType": "String", "StringValue": HOSTILE},
            "n": {"DataType": "Number", "StringValue": "42"}})
        svc.send(dlq, body)
        svc.send(lanes, body, group_id="[/x][bold]")
    return {"hostile": source, "dlq": dlq, "lanes": lanes}


async def select(pilot: Any, screen: SqsWorkbench, url: str) -> None:
    await until(pilot, lambda: url in screen.query_one(QueueTable).queues,
                   what="the queue listed")
    table = screen.query_one(QueueTable)
    table.move_cursor(row=table.get_row_index(url))
    await until(pilot, lambda: screen.current_url == url, what="the queue selected")


async def test_hostile_text_everywhere_in_the_sqs_workbench(target: Any) -> None:
    urls = hostile_queues(SqsService(target))
    notices = Notices()
    app = make_app(target)
    with markup_watch() as seen:
        async with app.run_test(size=(140, 45), message_hook=notices) as pilot:
            await pilot.pause()
            app.open_service("sqs")
            await until(pilot, lambda: isinstance(app.screen, SqsWorkbench), what="workbench")
            screen: SqsWorkbench = app.screen

            # What the target holds, in every view of it.
            await until(pilot, lambda: screen.query_one(PeekPane).query(DataTable),
                           what="the peek pane")
            peek = screen.query_one(PeekPane).query_one(DataTable)
            for name in ("hostile", "dlq", "lanes"):
                await select(pilot, screen, urls[name])
                screen.action_tab("peek")
                queue = urls[name].rsplit("/", 1)[-1]
                await until(pilot, lambda queue=queue: peek.row_count == 3 and str(
                    screen.query_one("#peek-status").render()).startswith(queue + ":"),
                    what=f"{name} peeked")
                await pilot.pause(0.3)
                for tab in ("dlq", "lanes", "attributes"):
                    screen.action_tab(tab)
                    await pilot.pause(1.2)  # the peek worker reads every second
            await select(pilot, screen, urls["hostile"])
            screen.action_tab("consumers")
            screen.action_add_consumer()
            await until(pilot, lambda: screen.query_one(ConsumerPane).query(DataTable),
                           what="a consumer")
            pane = screen.query_one(ConsumerPane)
            pane.config.max_messages = 10
            pane.action_receive()
            await until(pilot, lambda: len(pane.deliveries) >= 3, what="messages received")
            for row in range(3):
                pane.query_one(DataTable).move_cursor(row=row)
                await pilot.pause()
            await select(pilot, screen, urls["lanes"])
            screen.action_tab("lanes")
            await pilot.pause(1.5)

            # Every field of the send form, the filter and the dialogs.
            form = screen.query_one(SendForm)
            form.query_one("#attr-add").press()
            await until(pilot, lambda: form.query(AttributeEditor), what="an attribute row")
            screen.action_filter()
            for text in HOSTILE_TEXTS:
                await fill(pilot, screen, text)
                form.action_send()
                form.action_send()  # a warning (JSON that does not parse) needs a second send
                form.action_batch()
                await pilot.pause(0.2)
            await paste_everywhere(pilot, screen, notices)
            screen.query_one("#queue-filter", Input).value = ""

            screen.action_create_queue()
            await until(pilot, lambda: isinstance(app.screen, CreateQueueDialog)
                           and app.screen.query("#q-name"))
            for text in HOSTILE_TEXTS:
                await fill(pilot, app.screen, text)
                app.screen.action_create()
                await pilot.pause()
            await paste_everywhere(pilot, app.screen, notices)
            app.screen.action_cancel()

            await select(pilot, screen, urls["hostile"])
            screen.action_tab("attributes")
            table = screen.query_one("#attributes-table", DataTable)
            await until(pilot, lambda: table.row_count > 0, what="attributes")
            table.move_cursor(row=table.get_row_index("VisibilityTimeout"))
            table.focus()  # e edits the attribute under the table's cursor: the table must have focus
            await until(pilot, lambda: app.focused is table, what="the attributes table focused")
            await pilot.press("e")
            await until(pilot, lambda: isinstance(app.screen, PromptDialog)
                           and app.screen.query("#prompt-input"))
            await fill(pilot, app.screen, HOSTILE)
            await pilot.press("enter")
            await until(pilot, lambda: app.screen is screen, what="the prompt closed")
            await pilot.pause(0.5)

            errors = notices.errors()
            notices.shown = [n for n in notices.shown
                             if not any(check in str(n.message) for check in PROMPT_CHECKS)]
            assert len(errors) == len(notices.errors()) + 1, errors
            calm(app, notices, seen)
