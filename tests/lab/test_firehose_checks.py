"""The Firehose and S3 lab checks and actions on the emulator: what each check says when the
step is not done yet, and that actions make what the checks look for."""

from __future__ import annotations

import pytest

from playground.lab.actions.firehose import create_delivery_stream, put_firehose_records
from playground.lab.actions.s3 import create_bucket, wait_for_records
from playground.lab.checks.firehose import delivery_stream_exists
from playground.lab.checks.s3 import bucket_exists, bucket_holds
from playground.lab.cleanup import LabCleaner
from playground.lab.context import LabContext, LabError
from tests.lab.helpers import lab_contexts

LAB = "kinesis-to-data-lake"
BUCKET = "pg-dl-lake"


ctx, look = lab_contexts(LAB, "pg-dl-")


def test_bucket_exists_wants_the_lab_tag(ctx: LabContext, look: LabContext, target) -> None:
    assert bucket_exists(look, BUCKET).message == f"bucket {BUCKET} does not exist yet"
    target.client("s3").create_bucket(Bucket=BUCKET)
    untagged = bucket_exists(look, BUCKET)
    assert not untagged.passed and "playground:lab=kinesis-to-data-lake" in untagged.message
    target.client("s3").delete_bucket(Bucket=BUCKET)
    create_bucket(ctx, BUCKET)
    assert bucket_exists(look, BUCKET).passed


def test_delivery_stream_check_names_each_difference(ctx: LabContext, look: LabContext) -> None:
    assert not delivery_stream_exists(look, "pg-dl-orders").passed
    create_bucket(ctx, BUCKET)
    create_delivery_stream(ctx, "pg-dl-orders", BUCKET, prefix="raw/", size_mb=2,
                           interval_s=90)
    result = delivery_stream_exists(look, "pg-dl-orders", bucket=BUCKET, prefix="orders/",
                                    size_mb=1, interval_s=60, source_stream="pg-dl-clicks")
    assert not result.passed
    for words in ("prefix is 'raw/'", "wants 'orders/'", "buffers 2 MiB", "buffers 90 s",
                  "Kinesis stream pg-dl-clicks"):
        assert words in result.message
    good = delivery_stream_exists(look, "pg-dl-orders", bucket=BUCKET, prefix="raw/",
                                  size_mb=2, interval_s=90)
    assert good.passed and "by direct put" in good.message


def test_a_kinesis_source_that_is_missing_is_a_lab_error(ctx: LabContext) -> None:
    create_bucket(ctx, BUCKET)
    with pytest.raises(LabError, match="stream pg-dl-nope does not exist"):
        create_delivery_stream(ctx, "pg-dl-x", BUCKET, source_stream="pg-dl-nope")


def test_bucket_holds_counts_records_as_lines(ctx: LabContext, look: LabContext) -> None:
    assert bucket_holds(look, BUCKET).message == f"bucket {BUCKET} does not exist yet"
    create_bucket(ctx, BUCKET)
    assert "nothing has landed under" in bucket_holds(look, BUCKET, "orders/").message
    create_delivery_stream(ctx, "pg-dl-orders", BUCKET, prefix="orders/")
    put_firehose_records(ctx, "pg-dl-orders", ['{"order": 1}', '{"order": 2}'])
    wait_for_records(ctx, BUCKET, "orders/", at_least=2, seconds=20)
    short = bucket_holds(look, BUCKET, "orders/", at_least=3)
    assert not short.passed and "holds 2 records" in short.message
    assert "at least 3" in short.message
    assert bucket_holds(look, BUCKET, "orders/", at_least=1, contains='"order": 2').passed
    assert not bucket_holds(look, BUCKET, "elsewhere/").passed


def test_reset_deletes_the_bucket_with_its_objects(ctx: LabContext, target) -> None:
    create_bucket(ctx, BUCKET)
    create_delivery_stream(ctx, "pg-dl-orders", BUCKET, prefix="orders/")
    put_firehose_records(ctx, "pg-dl-orders", ["a", "b"])
    wait_for_records(ctx, BUCKET, "orders/", at_least=2, seconds=20)
    target.client("s3").create_bucket(Bucket="pg-dl-by-hand")
    report = LabCleaner(ctx, ["firehose", "s3"]).reset()
    assert report.deleted == ["delivery stream pg-dl-orders", f"bucket {BUCKET}"]
    assert [k.split(":")[0] for k in report.kept] == ["bucket pg-dl-by-hand"]
    assert ctx.s3.list_buckets() == ["pg-dl-by-hand"]
