"""S3 solution actions: a bucket for the lab, and waiting for records to land in it."""

from __future__ import annotations

import time

from playground.lab.context import LabContext, LabError
from playground.lab.registry import action, plural


@action("create_bucket", service="s3", creates="name", resource="bucket")
def create_bucket(ctx: LabContext, name: str) -> str:
    """Create an S3 bucket in the target's region, tagged for the lab."""
    ctx.s3.create_bucket(name, tags=ctx.lab_tags())
    return f"created bucket {name}"


@action("wait_for_records", service="s3")
def wait_for_records(ctx: LabContext, bucket: str, prefix: str = "", at_least: int = 1,
                     seconds: int = 400) -> str:
    """Wait (up to `seconds`) until at_least records (lines) are under the prefix.

    Firehose delivers when its buffer fills or its interval (300 s by default) ends."""
    deadline = time.monotonic() + seconds
    while True:
        records, objects = ctx.s3.count_lines(bucket, prefix)
        if records >= at_least:
            return (f"{plural(records, 'record')} in {plural(objects, 'object')} under "
                    f"s3://{bucket}/{prefix}")
        if time.monotonic() > deadline:
            raise LabError(f"after {seconds} s, s3://{bucket}/{prefix} holds "
                           f"{plural(records, 'record')}; check the delivery stream's status")
        time.sleep(1.0)
