"""Firehose into S3 on the embedded emulator: both sources deliver under the prefix, objects
list newest first with a bounded preview, teardown and the call log know the new services."""

from __future__ import annotations

import time

from playground.aws.firehose.service import KINESIS_SOURCE, FirehoseService
from playground.aws.inventory import find_managed
from playground.aws.kinesis.service import KinesisService
from playground.aws.s3.preview import PREVIEW_BYTES
from playground.aws.s3.service import S3Service
from playground.aws.teardown import plan_teardown, run_teardown
from tests.aws_cli import needs_aws_cli, run_cli


def _wait_objects(s3: S3Service, bucket: str, prefix: str, count: int) -> list:
    deadline = time.monotonic() + 20
    while True:
        found = s3.objects(bucket, prefix)
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def test_direct_put_lands_under_the_prefix_with_a_preview(target) -> None:
    s3, firehose = S3Service(target), FirehoseService(target)
    s3.create_bucket("lake")
    firehose.create("orders-to-lake", "lake", prefix="raw/", size_mb=1, interval_s=60)
    assert firehose.wait_active("orders-to-lake", timeout=20, delay=0.2) == "ACTIVE"
    info = firehose.describe("orders-to-lake")
    assert (info.source, info.bucket, info.prefix) == ("DirectPut", "lake", "raw/")
    assert (info.size_mb, info.interval_s) == (1, 60)
    firehose.put_record("orders-to-lake", b'{"order": 1}\n')
    assert firehose.put_records("orders-to-lake", [b'{"order": 2}\n', b'{"order": 3}\n']) == 0
    found = _wait_objects(s3, "lake", "raw/", 1)
    assert found and all(o.key.startswith("raw/") for o in found)
    texts = "".join("\n".join(s3.preview("lake", o.key).lines) for o in found)
    assert '{"order": 1}' in texts
    assert s3.objects("lake", "elsewhere/") == []


def test_kinesis_source_delivers_the_streams_records(target) -> None:
    s3, firehose, kinesis = S3Service(target), FirehoseService(target), KinesisService(target)
    s3.create_bucket("lake")
    kinesis.create_stream("clicks", 1)
    kinesis.wait_active("clicks")
    arn = kinesis.stream_arns()["clicks"]
    firehose.create("clicks-to-lake", "lake", prefix="clicks/", source_stream_arn=arn)
    assert firehose.wait_active("clicks-to-lake", timeout=20, delay=0.2) == "ACTIVE"
    info = firehose.describe("clicks-to-lake")
    assert (info.source, info.source_stream) == (KINESIS_SOURCE, "clicks")
    assert (info.size_mb, info.interval_s) == (5, 300)  # AWS's defaults, as the target says
    kinesis.put_record("clicks", b"click-1\n", "user-1")
    found = _wait_objects(s3, "lake", "clicks/", 1)
    assert found, "nothing landed under clicks/"
    assert s3.preview("lake", found[0].key).lines == ["click-1"]


def test_preview_reads_only_the_first_bytes_and_shows_binary_as_hex(target) -> None:
    s3 = S3Service(target)
    s3.create_bucket("lake")
    big = b"x" * (PREVIEW_BYTES * 3)
    s3.client.put_object(Bucket="lake", Key="big.txt", Body=big)
    s3.client.put_object(Bucket="lake", Key="blob.bin", Body=bytes(range(256)))
    s3.client.put_object(Bucket="lake", Key="escape.txt", Body=b"\x1b[31mred\x1b[0m ok")
    preview = s3.preview("lake", "big.txt")
    assert (preview.size, preview.shown, preview.truncated) == (len(big), PREVIEW_BYTES, True)
    assert "first 4,096 of 12,288 bytes" in preview.header()
    binary = s3.preview("lake", "blob.bin")
    assert binary.binary and binary.lines[0].startswith("00000000  00 01 02")
    escaped = s3.preview("lake", "escape.txt")
    assert escaped.lines == ["\\x1b[31mred\\x1b[0m ok"]


def test_teardown_deletes_delivery_streams_and_buckets_with_their_objects(target) -> None:
    s3, firehose = S3Service(target), FirehoseService(target)
    s3.create_bucket("lake")
    s3.client.create_bucket(Bucket="not-ours")
    firehose.create("to-lake", "lake", prefix="raw/")
    firehose.put_record("to-lake", b"one\n")
    _wait_objects(s3, "lake", "raw/", 1)
    resources, unseen = find_managed(target, ["firehose", "s3"])
    assert not unseen
    assert {(r.kind, r.name) for r in resources} == {("delivery stream", "to-lake"),
                                                     ("bucket", "lake")}
    report = run_teardown(plan_teardown(target, services=["firehose", "s3"]))
    assert report.complete, report.failed
    assert firehose.list_delivery_streams() == []
    assert s3.list_buckets() == ["not-ours"]


@needs_aws_cli
def test_the_call_log_redoes_s3_and_firehose_calls(target) -> None:
    s3, firehose = S3Service(target), FirehoseService(target)
    s3.create_bucket("lake")
    firehose.create("to-lake", "lake", prefix="raw/")
    firehose.put_record("to-lake", b"from the call log\n")
    key = _wait_objects(s3, "lake", "raw/", 1)[0].key
    s3.preview("lake", key)
    records = {r.operation: r for r in target.recorder.records}
    assert records["CreateBucket"].cli().split(" s3api ")[1].startswith("create-bucket")
    put = run_cli(records["PutRecord"].cli())
    assert put.returncode == 0, put.stderr
    assert len(_wait_objects(s3, "lake", "raw/", 2)) == 2
    get = run_cli(records["GetObject"].cli())
    assert get.returncode == 0, get.stderr
    assert "from the call log" in get.stdout


def test_a_long_listing_keeps_the_newest_keys(target) -> None:
    s3 = S3Service(target)
    s3.create_bucket("lake")
    for n in range(12):
        s3.client.put_object(Bucket="lake", Key=f"raw/2026/12/06/{n:02d}/record", Body=b"x")
    newest = s3.objects("lake", "raw/", limit=3)
    assert [o.key for o in newest] == [f"raw/2026/12/06/{n:02d}/record" for n in (11, 10, 9)]
    assert s3.empty_bucket("lake") == 12
