"""Firehose solution actions: delivery streams into S3 and records put to them directly."""

from __future__ import annotations

from playground.lab.context import LabContext, LabError
from playground.lab.registry import action, plural

ACTIVE_TIMEOUT_S = 120.0
"""CreateDeliveryStream returns with the stream CREATING; AWS takes a minute or so."""


@action("create_delivery_stream", service="firehose", creates="name", resource="delivery stream")
def create_delivery_stream(ctx: LabContext, name: str, bucket: str, prefix: str = "",
                           source_stream: str | None = None, size_mb: int | None = None,
                           interval_s: int | None = None) -> str:
    """Create a delivery stream into bucket/prefix, from a Kinesis stream or by direct put."""
    arn = None
    if source_stream is not None:
        arn = ctx.kinesis.stream_arns().get(source_stream)
        if arn is None:
            raise LabError(f"stream {source_stream} does not exist: do the earlier steps first")
    ctx.firehose.create(name, bucket, prefix=prefix, size_mb=size_mb, interval_s=interval_s,
                        source_stream_arn=arn, tags=ctx.lab_tags())
    status = ctx.firehose.wait_active(name, timeout=ACTIVE_TIMEOUT_S, delay=0.5)
    if status != "ACTIVE":
        raise LabError(f"{name} is {status} after creating it")
    source = f"from {source_stream}" if source_stream else "for direct put"
    return f"created delivery stream {name} {source} into s3://{bucket}/{prefix}"


@action("put_firehose_records", service="firehose")
def put_firehose_records(ctx: LabContext, delivery_stream: str, records: list[str]) -> str:
    """Put records in one PutRecordBatch call, each ending in a newline (one line each in S3)."""
    data = [(r if r.endswith("\n") else r + "\n").encode() for r in records]
    failed = ctx.firehose.put_records(delivery_stream, data)
    if failed:
        raise LabError(f"Firehose refused {plural(failed, 'record')} of {len(data)}")
    return f"put {plural(len(data), 'record')} to {delivery_stream}"
