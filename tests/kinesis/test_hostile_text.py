"""The Kinesis workbench with hostile text everywhere: the put form, the producer (template and
key list), the new-stream, split, retention and start-position dialogs, 10 MB pastes, and
records whose data and partition keys hold markup and terminal escapes. It keeps running, reads
none of it as markup, and reports no error."""

from __future__ import annotations

from typing import Any

from textual.widgets import Select

from playground.aws.kinesis.service import KinesisService
from playground.ui.kinesis.consumer import ConsumerPane, LatestRecords, record_line
from playground.ui.kinesis.dialogs import (
    NewStreamDialog,
    RetentionDialog,
    SplitDialog,
    StartDialog,
)
from playground.ui.kinesis.producer import ProducerPanel
from playground.ui.kinesis.put_form import PutForm
from playground.ui.kinesis.screen import KinesisWorkbench
from playground.ui.kinesis.shard_map import ShardMap
from playground.ui.kinesis.stream_list import StreamTable
from tests.ui.helpers import make_app
from tests.ui.hostile import (
    ESCAPES,
    HOSTILE,
    HOSTILE_TEXTS,
    MARK,
    Notices,
    calm,
    fill,
    markup_watch,
    paste_everywhere,
    until,
)


async def test_hostile_text_everywhere_in_the_kinesis_workbench(target: Any) -> None:
    kinesis = KinesisService(target)
    kinesis.create_stream("hostile", 2)
    kinesis.wait_active("hostile")
    notices = Notices()
    app = make_app(target)
    with markup_watch() as seen:
        async with app.run_test(size=(160, 45), message_hook=notices) as pilot:
            await until(pilot, lambda: app.target is not None, what="the target")
            app.open_service("kinesis")
            await until(pilot, lambda: isinstance(app.screen, KinesisWorkbench)
                           and app.screen.query_one(StreamTable).row_count == 1
                           and app.screen.shards, what="the stream and its shards")
            screen: KinesisWorkbench = app.screen
            await until(pilot, lambda: len(screen.query_one(ConsumerPane).lags) == 2,
                           what="the consumer reading")
            for data, key in ((HOSTILE, f"{MARK}[/x]"), (ESCAPES, "[bold]"),
                              ("\x00\x1b]0;title\x07", "[@click=app.quit]")):
                kinesis.put_record("hostile", data.encode(), key)
            records = screen.query_one(LatestRecords)
            await until(pilot, lambda: len(records.records) >= 3, what="hostile records read")
            for record in records.records:
                assert "\x1b" not in record_line(record).plain

            form = screen.query_one(PutForm)
            for text in HOSTILE_TEXTS:
                await fill(pilot, form, text)
                form.action_put()
                await pilot.pause(0.2)
            form.query_one("#put-key").value = f"{MARK}[/x]"
            form.query_one("#put-data").value = ESCAPES
            form.action_put()
            await until(pilot, lambda: "put on" in str(form.query_one("#put-result").render()),
                           what="a hostile record put")
            await paste_everywhere(pilot, form, notices)

            producer = screen.query_one(ProducerPanel)
            producer.query_one("#prod-spread", Select).value = "list"  # the key list shows
            await pilot.pause()
            for text in HOSTILE_TEXTS:
                await fill(pilot, producer, text)
                producer.toggle()
                await pilot.pause()
            await paste_everywhere(pilot, producer, notices)

            screen.action_new_stream()
            await dialog_with_hostile_text(pilot, NewStreamDialog, notices)
            shard_map = screen.query_one(ShardMap)
            shard_map.focus()
            await pilot.pause()
            screen.action_split()
            await dialog_with_hostile_text(pilot, SplitDialog, notices)
            await until(pilot, lambda: app.screen is screen, what="back on the workbench")
            screen.query_one(StreamTable).focus()
            screen.action_retention()
            await dialog_with_hostile_text(pilot, RetentionDialog, notices)
            for kind in ("AT_TIMESTAMP", "AT_SEQUENCE_NUMBER"):
                await until(pilot, lambda: app.screen is screen, what="back on the workbench")
                screen.action_start_position()
                await until(pilot, lambda: isinstance(app.screen, StartDialog)
                            and app.screen.query("#start-kind"), what="the start dialog")
                app.screen.query_one("#start-kind", Select).value = kind
                await pilot.pause()
                await dialog_with_hostile_text(pilot, StartDialog, notices)

            await until(pilot, lambda: app.screen is screen, what="back on the workbench")
            await pilot.pause(0.5)
            calm(app, notices, seen)


async def dialog_with_hostile_text(pilot: Any, dialog: type, notices: Notices) -> None:
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, dialog) and app.screen.query("Input"),
                   what=f"the {dialog.__name__}")
    for text in HOSTILE_TEXTS:
        await fill(pilot, app.screen, text)
        app.screen.action_ok()
        await pilot.pause()
    await paste_everywhere(pilot, app.screen, notices)
    app.screen.action_cancel()
