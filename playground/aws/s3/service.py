"""S3 buckets and objects, as far as a data lake needs them: make a bucket, list what landed
under a prefix, preview an object's first bytes, delete a bucket with everything in it."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from playground.aws.common import error_code, is_probe_resource, managed_tags, tag_dict, tag_list
from playground.aws.s3.preview import PREVIEW_BYTES, Preview, make_preview
from playground.targets.base import Target

DELETE_BATCH = 1000
"""DeleteObjects takes up to 1,000 keys a call."""
LIST_LIMIT = 1000
"""Objects listed for a view: the newest screenful matters, not a million keys."""
LIST_PAGES = 5
"""ListObjectsV2 pages (1,000 keys each) read at most for one listing."""


@dataclass(frozen=True)
class ObjectInfo:
    key: str
    size: int
    modified: datetime | None


def bucket_arn(name: str) -> str:
    return f"arn:aws:s3:::{name}"


def bucket_from_arn(arn: str) -> str:
    """`arn:aws:s3:::lake` -> `lake` (a name passes through)."""
    return arn.rsplit(":", 1)[-1]


class S3Service:
    def __init__(self, target: Target) -> None:
        self.target = target

    @property
    def client(self) -> Any:
        return self.target.client("s3")

    def list_buckets(self, region: str | None = None) -> list[str]:
        """Every bucket's name, or only those in `region` (ListBuckets answers with all regions'
        buckets, each with its BucketRegion where the target says it)."""
        names = [str(b["Name"]) for b in self.client.list_buckets().get("Buckets", [])
                 if region is None or b.get("BucketRegion", region) == region]
        return sorted(n for n in names if not is_probe_resource(n))

    def create_bucket(self, name: str, tags: dict[str, str] | None = None) -> None:
        """Create the bucket in the target's region and tag it (PutBucketTagging: CreateBucket's
        own Tags are newer than some emulators)."""
        kwargs: dict[str, Any] = {"Bucket": name}
        if self.target.region != "us-east-1":
            # us-east-1 is the default location; anywhere else S3 wants it named.
            kwargs["CreateBucketConfiguration"] = {"LocationConstraint": self.target.region}
        self.client.create_bucket(**kwargs)
        self.client.put_bucket_tagging(Bucket=name,
                                       Tagging={"TagSet": tag_list(managed_tags(tags))})

    def tags(self, name: str) -> dict[str, str]:
        try:
            answer = self.client.get_bucket_tagging(Bucket=name)
        except Exception as exc:
            if error_code(exc) == "NoSuchTagSet":
                return {}  # S3's way of saying "no tags"
            raise
        return tag_dict(answer.get("TagSet", []))

    def objects(self, bucket: str, prefix: str = "", limit: int = LIST_LIMIT,
                max_pages: int = LIST_PAGES) -> list[ObjectInfo]:
        """Objects under `prefix`, newest first: the last `limit` keys of at most `max_pages`
        pages (Firehose's keys start with the hour, so the last keys are the newest)."""
        found: deque[ObjectInfo] = deque(maxlen=limit)
        paginator = self.client.get_paginator("list_objects_v2")
        for n, page in enumerate(paginator.paginate(Bucket=bucket, Prefix=prefix), start=1):
            for item in page.get("Contents", []):
                found.append(ObjectInfo(str(item["Key"]), int(item.get("Size", 0)),
                                        item.get("LastModified")))
            if n >= max_pages:
                break
        return sorted(found, key=lambda o: (o.modified is not None, o.modified, o.key),
                      reverse=True)

    def preview(self, bucket: str, key: str, max_bytes: int = PREVIEW_BYTES) -> Preview:
        """The object's first `max_bytes` (a Range request, so a large object is not read)."""
        answer = self.client.get_object(Bucket=bucket, Key=key, Range=f"bytes=0-{max_bytes - 1}")
        data = answer["Body"].read(max_bytes)
        size = _total_size(answer, len(data))
        return make_preview(key, data, size)

    def read(self, bucket: str, key: str, max_bytes: int = PREVIEW_BYTES) -> bytes:
        answer = self.client.get_object(Bucket=bucket, Key=key, Range=f"bytes=0-{max_bytes - 1}")
        return bytes(answer["Body"].read(max_bytes))

    def count_lines(self, bucket: str, prefix: str = "", contains: str | None = None, *,
                    max_objects: int = 200, max_bytes: int = 256 * 1024) -> tuple[int, int]:
        """(records, objects) under the prefix, a record being a non-empty line (Firehose
        writes records one after another; newline-ended records read as one line each).
        Bounded: at most `max_objects` objects, `max_bytes` of each."""
        objects = self.objects(bucket, prefix, limit=max_objects)
        records = 0
        for obj in objects:
            text = self.read(bucket, obj.key, max_bytes).decode("utf-8", errors="replace")
            records += sum(1 for line in text.splitlines()
                           if line.strip() and (contains is None or contains in line))
        return records, len(objects)

    def empty_bucket(self, name: str) -> int:
        """Delete every object in the bucket; how many."""
        deleted = 0
        while True:
            keys = [o.key for o in self.objects(name, limit=DELETE_BATCH, max_pages=1)]
            if not keys:
                return deleted
            self.client.delete_objects(Bucket=name, Delete={
                "Objects": [{"Key": k} for k in keys], "Quiet": True})
            deleted += len(keys)

    def delete_bucket(self, name: str) -> None:
        """Delete the bucket with its objects (S3 refuses to delete a bucket that holds any)."""
        self.empty_bucket(name)
        self.client.delete_bucket(Bucket=name)


def _total_size(answer: dict[str, Any], read: int) -> int:
    """The whole object's size: ContentRange `bytes 0-99/1234` says it for a Range answer."""
    content_range = str(answer.get("ContentRange") or "")
    if "/" in content_range:
        total = content_range.rsplit("/", 1)[1]
        if total.isdigit():
            return int(total)
    return int(answer.get("ContentLength", read))
