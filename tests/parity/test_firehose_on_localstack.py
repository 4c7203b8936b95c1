"""Firehose and S3 on real LocalStack (host, no Docker), as measured for the parity notes:
DirectPut delivers at once, one object per call (buffering hints ignored, as on the embedded
emulator); a delivery stream reading a Kinesis stream ends CREATING_FAILED (LocalStack reads
the stream with a KCL process it cannot start here), so the lab skips those steps."""

from __future__ import annotations

import time

from playground.aws.firehose.service import FirehoseService
from playground.aws.s3.service import S3Service
from playground.aws.teardown import plan_teardown, run_teardown


def _objects(s3: S3Service, bucket: str, prefix: str, count: int) -> list:  # type: ignore[type-arg]
    deadline = time.monotonic() + 20
    while True:
        found = s3.objects(bucket, prefix)
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.3)


def test_direct_put_lands_at_once_one_object_per_call(localstack) -> None:  # type: ignore[no-untyped-def]
    s3, firehose = S3Service(localstack), FirehoseService(localstack)
    s3.create_bucket("pg-parity-lake")
    firehose.create("pg-parity-orders", "pg-parity-lake", prefix="orders/", size_mb=1,
                    interval_s=60)
    assert firehose.wait_active("pg-parity-orders", timeout=30, delay=0.5) == "ACTIVE"
    info = firehose.describe("pg-parity-orders")
    assert (info.size_mb, info.interval_s, info.prefix) == (1, 60, "orders/")
    firehose.put_record("pg-parity-orders", b"one\n")
    firehose.put_records("pg-parity-orders", [b"two\n", b"three\n"])
    found = _objects(s3, "pg-parity-lake", "orders/", 2)
    assert len(found) == 2  # on AWS: one object after 60 s
    assert s3.count_lines("pg-parity-lake", "orders/") == (3, 2)
    assert s3.tags("pg-parity-lake")["playground:managed"] == "true"
    report = run_teardown(plan_teardown(localstack, services=["firehose", "s3"]))
    assert report.complete, report.failed
    assert "pg-parity-lake" not in s3.list_buckets()


def test_firehose_capabilities_are_probed(localstack) -> None:  # type: ignore[no-untyped-def]
    from playground.targets.probes import probe_capabilities

    caps = {c.name: c for c in probe_capabilities(
        localstack, only=["firehose-buffering", "firehose-kinesis-source"])}
    assert not caps["firehose-buffering"].available
    assert not caps["firehose-kinesis-source"].available
    assert "CREATING_FAILED" in caps["firehose-kinesis-source"].note
