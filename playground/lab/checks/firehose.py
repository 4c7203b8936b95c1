"""Firehose checks: a delivery stream exists, is ACTIVE, and reads from and writes to where the
step says (its source, bucket, prefix and buffering hints, as DescribeDeliveryStream reports)."""

from __future__ import annotations

from playground.aws.common import error_code
from playground.aws.firehose.service import DIRECT_PUT, KINESIS_SOURCE, DeliveryStreamInfo
from playground.lab.cleanup import is_ours
from playground.lab.context import LAB_TAG_KEY, LabContext
from playground.lab.registry import CheckResult, check, failed, passed


def _describe(ctx: LabContext, name: str) -> DeliveryStreamInfo | None:
    try:
        return ctx.firehose.describe(name)
    except Exception as exc:
        if error_code(exc) == "ResourceNotFoundException":
            return None
        raise


@check("delivery_stream_exists", service="firehose")
def delivery_stream_exists(ctx: LabContext, delivery_stream: str, bucket: str | None = None,
                           prefix: str | None = None, source_stream: str | None = None,
                           size_mb: int | None = None,
                           interval_s: int | None = None) -> CheckResult:
    """The delivery stream is ACTIVE, from a Kinesis stream (or direct put), into bucket/prefix."""
    info = _describe(ctx, delivery_stream)
    if info is None:
        return failed(f"delivery stream {delivery_stream} does not exist yet")
    if info.status != "ACTIVE":
        return failed(f"{delivery_stream} is {info.status}; the step wants it ACTIVE"
                      + (" (delete it and create it again: a failed stream stays failed)"
                         if info.status == "CREATING_FAILED" else ""))
    problems: list[str] = []
    if source_stream is None and info.source != DIRECT_PUT:
        problems.append(f"its source is {info.source}; the step wants DirectPut")
    if source_stream is not None and (info.source != KINESIS_SOURCE
                                      or info.source_stream != source_stream):
        problems.append(f"it reads {info.source_stream or info.source}; the step wants the "
                        f"Kinesis stream {source_stream}")
    if bucket is not None and info.bucket != bucket:
        problems.append(f"it writes to bucket {info.bucket}; the step wants {bucket}")
    if prefix is not None and info.prefix != prefix:
        problems.append(f"its prefix is {info.prefix!r}; the step wants {prefix!r}")
    if size_mb is not None and info.size_mb != size_mb:
        problems.append(f"it buffers {info.size_mb} MiB; the step wants {size_mb}")
    if interval_s is not None and info.interval_s != interval_s:
        problems.append(f"it buffers {info.interval_s} s; the step wants {interval_s}")
    if not is_ours(ctx.firehose.tags(delivery_stream), ctx.lab_id):
        problems.append(f"it lacks the tag {LAB_TAG_KEY}={ctx.lab_id}, so `lab reset` would "
                        "leave it")
    if problems:
        return failed(f"{delivery_stream}: " + "; ".join(problems))
    source = f"from {source_stream}" if source_stream else "by direct put"
    return passed(f"{delivery_stream} is ACTIVE, {source} into s3://{info.bucket}/{info.prefix} "
                  f"(buffering {info.buffering})")
