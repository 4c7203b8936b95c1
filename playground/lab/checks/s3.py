"""S3 checks: the lab's bucket exists (tagged for reset), and records have landed under a
prefix. Objects are read as a learner would (ListObjectsV2, then GetObject), a bounded part of
each: a lab's lake holds a few small objects."""

from __future__ import annotations

from playground.aws.common import error_code
from playground.lab.cleanup import is_ours
from playground.lab.context import LAB_TAG_KEY, LabContext
from playground.lab.registry import CheckResult, check, failed, passed, plural, unmet


def _missing_bucket(exc: Exception) -> bool:
    return error_code(exc) in ("NoSuchBucket", "404", "NotFound")


@check("bucket_exists", service="s3")
def bucket_exists(ctx: LabContext, bucket: str) -> CheckResult:
    """The bucket exists and carries the lab's tag (or the playground's), so reset can delete it."""
    if bucket not in ctx.s3.list_buckets():
        return failed(f"bucket {bucket} does not exist yet")
    tags = ctx.s3.tags(bucket)
    if not is_ours(tags, ctx.lab_id):
        return failed(f"bucket {bucket} exists but lacks the tag {LAB_TAG_KEY}={ctx.lab_id} "
                      "(put-bucket-tagging), so `lab reset` would leave it")
    return passed(f"bucket {bucket} exists, tagged for the lab")


@check("bucket_holds", service="s3")
def bucket_holds(ctx: LabContext, bucket: str, prefix: str = "", at_least: int = 1,
                 contains: str | None = None) -> CheckResult:
    """Objects under the prefix hold at_least records (lines), optionally lines containing text."""
    try:
        records, objects = ctx.s3.count_lines(bucket, prefix, contains)
    except Exception as exc:
        if _missing_bucket(exc):
            return failed(f"bucket {bucket} does not exist yet")
        raise
    where = f"s3://{bucket}/{prefix}"
    if not objects:
        return failed(f"nothing has landed under {where} yet (Firehose writes when its buffer "
                      "fills or its buffering interval ends: check again shortly)")
    what = plural(records, "record") + (f" containing {contains!r}" if contains else "")
    found = f"{where} holds {what} in {plural(objects, 'object')}"
    wanted = unmet(records, at_least=at_least)
    if wanted:
        return failed(f"{found}; {wanted}")
    return passed(found)
