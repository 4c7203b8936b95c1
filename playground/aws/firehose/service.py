"""Firehose delivery streams into S3: from a Kinesis stream (KinesisStreamAsSource) or put to
directly (DirectPut), with a prefix and buffering hints."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from playground.aws.common import is_probe_resource, managed_tags, tag_dict, tag_list
from playground.aws.firehose.validate import DEFAULT_INTERVAL_S, DEFAULT_SIZE_MB
from playground.aws.s3.service import bucket_arn, bucket_from_arn
from playground.targets.base import Target

DIRECT_PUT = "DirectPut"
KINESIS_SOURCE = "KinesisStreamAsSource"
ROLE_NAME = "pg-firehose-delivery"
"""The role Firehose assumes to read the stream and write the bucket. Emulators accept any ARN;
on AWS it must exist with those permissions (the learner gives its ARN)."""


@dataclass(frozen=True)
class DeliveryStreamInfo:
    """One delivery stream as the data lake view shows it."""

    name: str
    status: str
    """CREATING, CREATING_FAILED, ACTIVE, DELETING, ..."""
    source: str
    """DirectPut or KinesisStreamAsSource."""
    source_stream: str | None
    """The Kinesis stream's name, for a Kinesis source."""
    bucket: str | None
    prefix: str
    size_mb: int
    interval_s: int
    arn: str = ""
    source_arn: str = ""
    """The Kinesis stream's ARN, for a Kinesis source."""

    @property
    def buffering(self) -> str:
        return f"{self.size_mb} MiB or {self.interval_s} s, whichever comes first"


def role_arn(target: Target) -> str:
    return f"arn:aws:iam::{target.account_id or '000000000000'}:role/{ROLE_NAME}"


def describe(desc: dict[str, Any]) -> DeliveryStreamInfo:
    """A DescribeDeliveryStream answer in the view's words (defaults where the target omits
    them: AWS's 5 MiB and 300 s)."""
    destinations = desc.get("Destinations") or [{}]
    s3 = (destinations[0].get("ExtendedS3DestinationDescription")
          or destinations[0].get("S3DestinationDescription") or {})
    hints = s3.get("BufferingHints") or {}
    source = (desc.get("Source") or {}).get("KinesisStreamSourceDescription") or {}
    stream_arn = str(source.get("KinesisStreamARN") or "")
    return DeliveryStreamInfo(
        name=str(desc.get("DeliveryStreamName", "?")),
        status=str(desc.get("DeliveryStreamStatus", "?")),
        source=str(desc.get("DeliveryStreamType", DIRECT_PUT)),
        source_stream=stream_arn.split(":stream/", 1)[1] if ":stream/" in stream_arn else None,
        bucket=bucket_from_arn(str(s3["BucketARN"])) if s3.get("BucketARN") else None,
        prefix=str(s3.get("Prefix") or ""),
        size_mb=int(hints.get("SizeInMBs", DEFAULT_SIZE_MB)),
        interval_s=int(hints.get("IntervalInSeconds", DEFAULT_INTERVAL_S)),
        arn=str(desc.get("DeliveryStreamARN", "")),
        source_arn=stream_arn,
    )


class FirehoseService:
    def __init__(self, target: Target) -> None:
        self.target = target

    @property
    def client(self) -> Any:
        return self.target.client("firehose")

    def list_delivery_streams(self) -> list[str]:
        names: list[str] = []
        kwargs: dict[str, Any] = {"Limit": 100}
        while True:
            answer = self.client.list_delivery_streams(**kwargs)
            page = [str(n) for n in answer.get("DeliveryStreamNames", [])]
            names += page
            if not answer.get("HasMoreDeliveryStreams") or not page:
                break
            kwargs["ExclusiveStartDeliveryStreamName"] = page[-1]
        return sorted(n for n in names if not is_probe_resource(n))

    def describe(self, name: str) -> DeliveryStreamInfo:
        answer = self.client.describe_delivery_stream(DeliveryStreamName=name)
        return describe(answer["DeliveryStreamDescription"])

    def create(self, name: str, bucket: str, *, prefix: str = "",
               error_prefix: str | None = None, size_mb: int | None = None,
               interval_s: int | None = None, source_stream_arn: str | None = None,
               role: str | None = None, tags: dict[str, str] | None = None) -> str:
        """Create a delivery stream into `bucket` under `prefix`; from the Kinesis stream
        `source_stream_arn`, else DirectPut. Buffering hints go together or not at all (AWS
        wants both or neither). Returns its ARN."""
        role = role or role_arn(self.target)
        destination: dict[str, Any] = {"BucketARN": bucket_arn(bucket), "RoleARN": role,
                                       "Prefix": prefix}
        if error_prefix is not None:
            destination["ErrorOutputPrefix"] = error_prefix
        if size_mb is not None or interval_s is not None:
            destination["BufferingHints"] = {
                "SizeInMBs": DEFAULT_SIZE_MB if size_mb is None else size_mb,
                "IntervalInSeconds": DEFAULT_INTERVAL_S if interval_s is None else interval_s}
        kwargs: dict[str, Any] = {"DeliveryStreamName": name,
                                  "ExtendedS3DestinationConfiguration": destination,
                                  "Tags": tag_list(managed_tags(tags))}
        if source_stream_arn:
            kwargs["DeliveryStreamType"] = KINESIS_SOURCE
            kwargs["KinesisStreamSourceConfiguration"] = {"KinesisStreamARN": source_stream_arn,
                                                          "RoleARN": role}
        else:
            kwargs["DeliveryStreamType"] = DIRECT_PUT
        return str(self.client.create_delivery_stream(**kwargs)["DeliveryStreamARN"])

    def wait_active(self, name: str, timeout: float = 120.0, delay: float = 1.0) -> str:
        """Poll until ACTIVE (or CREATING_FAILED, which never changes); the last status."""
        deadline = time.monotonic() + timeout
        while True:
            status = self.describe(name).status
            if status in ("ACTIVE", "CREATING_FAILED") or time.monotonic() > deadline:
                return status
            time.sleep(delay)

    def tags(self, name: str) -> dict[str, str]:
        answer = self.client.list_tags_for_delivery_stream(DeliveryStreamName=name)
        return tag_dict(answer.get("Tags", []))

    def put_record(self, name: str, data: bytes) -> str:
        """One record; its RecordId."""
        answer = self.client.put_record(DeliveryStreamName=name, Record={"Data": data})
        return str(answer.get("RecordId", ""))

    def put_records(self, name: str, records: list[bytes]) -> int:
        """PutRecordBatch (up to 500 a call); how many Firehose refused (FailedPutCount)."""
        answer = self.client.put_record_batch(DeliveryStreamName=name,
                                              Records=[{"Data": d} for d in records])
        return int(answer.get("FailedPutCount", 0))

    def delete(self, name: str) -> None:
        # AllowForceDelete left out: only for streams whose encryption key is in trouble.
        self.client.delete_delivery_stream(DeliveryStreamName=name)
