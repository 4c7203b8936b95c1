"""What a learner sees in the Data lake workbench, as SVG snapshots.

Deterministic: objects put with fixed keys (Firehose's own keys carry the time and a random
id), no clock column (the quiet settings), workers waited for, fixed sizes.
"""

from __future__ import annotations

from typing import Any

from playground.aws.firehose.service import FirehoseService
from playground.aws.kinesis.service import KinesisService
from playground.aws.s3.service import S3Service
from playground.ui.datalake.screen import DataLakeWorkbench
from playground.ui.datalake.tables import DeliveryTable, ObjectTable
from tests.ui.helpers import make_app, wait_for

ORDERS = [f'{{"order": {n}, "item": "book", "qty": {n % 3 + 1}}}\n' for n in range(1, 6)]


def _lake(target: Any) -> None:
    s3, firehose, kinesis = S3Service(target), FirehoseService(target), KinesisService(target)
    s3.create_bucket("lake")
    kinesis.create_stream("clicks", 1)
    kinesis.wait_active("clicks")
    firehose.create("clicks-to-lake", "lake", prefix="clicks/",
                    source_stream_arn=kinesis.stream_arns()["clicks"])
    firehose.create("orders-to-lake", "lake", prefix="orders/", size_mb=1, interval_s=60)
    for n, body in enumerate(ORDERS, start=1):
        s3.client.put_object(Bucket="lake", Key=f"orders/2026/12/06/16/orders-{n}",
                             Body=body.encode())
    s3.client.put_object(Bucket="lake", Key="orders/2026/12/06/16/orders-6.gz",
                         Body=bytes(range(0x1f, 0x9f)))


async def _open(pilot: Any) -> DataLakeWorkbench:
    app = pilot.app
    await wait_for(pilot, lambda: app.target is not None)
    screen = DataLakeWorkbench()
    app.push_screen(screen)
    await wait_for(pilot, lambda: len(screen.query_one(DeliveryTable).streams) == 2,
                   what="delivery streams")
    await wait_for(pilot, lambda: screen.ignores_buffering, what="parity")
    table = screen.query_one(DeliveryTable)
    table.move_cursor(row=table.get_row_index("orders-to-lake"))
    await wait_for(pilot, lambda: screen.query_one(ObjectTable).row_count == 6, what="objects")
    objects = screen.query_one(ObjectTable)
    objects.move_cursor(row=objects.keys.index("orders/2026/12/06/16/orders-5"))
    await wait_for(pilot, lambda: screen._previewed is not None and "order" in str(
        screen.query_one("#lake-preview-text").render()), what="preview")
    return screen


def _snap(snap_compare: Any, target: Any, size: tuple[int, int]) -> bool:
    _lake(target)

    async def run_before(pilot: Any) -> None:
        await _open(pilot)
        await pilot.pause(0.3)

    return bool(snap_compare(make_app(target), terminal_size=size, run_before=run_before))


def test_bucket_view_at_160x48(snap_compare: Any, target: Any) -> None:
    assert _snap(snap_compare, target, (160, 48))


def test_bucket_view_at_80x24(snap_compare: Any, target: Any) -> None:
    assert _snap(snap_compare, target, (80, 24))
