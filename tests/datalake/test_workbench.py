"""The Data lake workbench driven like a learner would: a bucket (a refused name first), a
delivery stream from the dialog, records put and landing live with a preview, deletes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from textual.widgets import Input, Select, Static

from playground.aws.firehose.service import FirehoseService
from playground.aws.s3.service import S3Service
from playground.ui.common.dialogs import ConfirmDialog
from playground.ui.datalake.dialogs import NewBucketDialog, NewDeliveryStreamDialog
from playground.ui.datalake.screen import DataLakeWorkbench
from playground.ui.datalake.tables import DeliveryTable, ObjectTable
from tests.ui.helpers import make_app, open_workbench, rendered, wait_for

SIZE = (120, 40)


@asynccontextmanager
async def _orders_selected(target: Any) -> AsyncIterator[tuple[Any, DataLakeWorkbench]]:
    """The workbench (and its pilot) with delivery stream orders, into bucket lake, selected."""
    S3Service(target).create_bucket("lake")
    FirehoseService(target).create("orders", "lake")
    app = make_app(target)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workbench(pilot, DataLakeWorkbench)
        await wait_for(pilot, lambda: screen.query_one(DeliveryTable).selected == "orders")
        yield pilot, screen


async def test_bucket_stream_put_and_the_object_lands_with_a_preview(target: Any) -> None:
    app = make_app(target)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workbench(pilot, DataLakeWorkbench)
        assert "No delivery stream yet" in rendered(screen.query_one("#lake-note"))
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, NewBucketDialog))
        dialog = app.screen
        await pilot.press(*"My_Lake", "ctrl+s")
        await pilot.pause()
        errors = rendered(dialog.query_one(".dialog-errors", Static))
        assert "uppercase letters are not allowed" in errors
        assert dialog.query_one("#bucket-name", Input).value == "My_Lake"  # nothing lost
        dialog.query_one("#bucket-name", Input).value = "lake"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "lake" in screen.buckets, what="bucket listed")
        assert S3Service(target).tags("lake") == {"playground:managed": "true"}

        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewDeliveryStreamDialog))
        dialog = app.screen
        dialog.query_one("#ds-name", Input).value = "orders"
        dialog.query_one("#ds-prefix", Input).value = "orders/"
        dialog.query_one("#ds-size", Input).value = "1"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "buffer interval" in rendered(dialog.query_one(".dialog-errors", Static))
        dialog.query_one("#ds-interval", Input).value = "60"
        assert dialog.query_one("#ds-bucket", Select).value == "lake"
        await pilot.press("ctrl+s")
        table = screen.query_one(DeliveryTable)
        await wait_for(pilot, lambda: table.selected == "orders", timeout=20,
                       what="stream listed and selected")
        info = FirehoseService(target).describe("orders")
        assert (info.size_mb, info.interval_s, info.prefix) == (1, 60, "orders/")
        details = rendered(screen.query_one("#lake-details"))
        assert "1 MiB or 60 s" in details
        assert "Firehose writes each record" in details  # the parity note, by the hints

        await pilot.press("p", *'{"order": 1}', "enter")
        objects = screen.query_one(ObjectTable)
        await wait_for(pilot, lambda: objects.row_count == 1, timeout=20, what="object landed")
        assert "just landed" in str(objects.border_subtitle)
        preview = screen.query_one("#lake-preview-text")
        await wait_for(pilot, lambda: '{"order": 1}' in rendered(preview), what="preview")


async def test_a_record_too_big_is_refused_before_the_call(target: Any) -> None:
    async with _orders_selected(target) as (pilot, screen):
        field = screen.query_one("#lake-put", Input)
        field.value = "x" * 2_000_000
        field.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "at most 1,024,000" in rendered(screen.query_one("#lake-note"))
        assert field.value == "x" * 2_000_000
        assert not [r for r in target.recorder.records if r.operation == "PutRecord"]


async def test_deleting_the_bucket_takes_its_objects(target: Any) -> None:
    s3 = S3Service(target)
    s3.create_bucket("lake")
    FirehoseService(target).create("orders", "lake", prefix="o/")
    s3.client.put_object(Bucket="lake", Key="o/a", Body=b"a\n")
    app = make_app(target)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workbench(pilot, DataLakeWorkbench)
        await wait_for(pilot, lambda: screen.query_one(ObjectTable).row_count == 1)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: "deleted bucket lake" in rendered(
            screen.query_one("#lake-note")), what="deleted")
        assert s3.list_buckets() == []


HOSTILE = ["[/x] not markup", "\ud800", "[" * 5000 + "]" * 5000, "x" * 10_000_000,
           "-1e999999999", "\x1b[31mred"]
"""None of them a bucket name AWS takes, nor buffering hints (the bare 1e999999999 is a name)."""


async def test_hostile_text_in_the_dialogs_and_the_put_field(target: Any) -> None:
    async with _orders_selected(target) as (pilot, screen):
        app = pilot.app
        for text in HOSTILE:
            await pilot.press("b")
            await wait_for(pilot, lambda: isinstance(app.screen, NewBucketDialog))
            dialog = app.screen
            dialog.query_one("#bucket-name", Input).value = text
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "bucket name" in rendered(dialog.query_one(".dialog-errors", Static))
            await pilot.press("escape")
            await pilot.press("n")
            await wait_for(pilot, lambda: isinstance(app.screen, NewDeliveryStreamDialog))
            dialog = app.screen
            for field in ("#ds-name", "#ds-prefix", "#ds-size", "#ds-interval"):
                dialog.query_one(field, Input).value = text
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert rendered(dialog.query_one(".dialog-errors", Static))
            await pilot.press("escape")
            await wait_for(pilot, lambda: app.screen is screen)
        assert S3Service(target).list_buckets() == ["lake"]
        assert FirehoseService(target).list_delivery_streams() == ["orders"]
