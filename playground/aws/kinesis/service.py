"""Kinesis: streams, shards and their hash-key ranges, records, split and merge."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from playground.aws.common import is_probe_resource, managed_tags, tag_dict
from playground.aws.kinesis.start import StartPosition
from playground.targets.base import Target


@dataclass(frozen=True)
class Shard:
    shard_id: str
    start_hash: int
    end_hash: int
    parent: str | None
    adjacent_parent: str | None
    open: bool

    @property
    def parents(self) -> tuple[str, ...]:
        return tuple(p for p in (self.parent, self.adjacent_parent) if p)


@dataclass(frozen=True)
class StreamInfo:
    """One stream as the stream list shows it."""

    name: str
    status: str
    """CREATING, ACTIVE, UPDATING or DELETING, as DescribeStreamSummary says."""
    open_shards: int
    retention_hours: int = 24
    """RetentionPeriodHours."""
    mode: str = "PROVISIONED"
    """StreamModeDetails.StreamMode: PROVISIONED or ON_DEMAND ("?" where the target omits it)."""


@dataclass(frozen=True)
class RecordsPage:
    """One GetRecords answer: `next_iterator` None means the shard is closed and read to its end."""

    records: list[dict[str, Any]]
    next_iterator: str | None
    millis_behind: int | None
    child_shards: list[str]


class KinesisService:
    def __init__(self, target: Target) -> None:
        self.target = target

    @property
    def client(self) -> Any:
        return self.target.client("kinesis")

    def list_streams(self) -> list[str]:
        names: list[str] = []
        for page in self.client.get_paginator("list_streams").paginate():
            names.extend(n for n in page.get("StreamNames", []) if not is_probe_resource(n))
        return sorted(names)

    def stream_arns(self) -> dict[str, str]:
        """Every stream's name and ARN (the flow map joins event source mappings on the ARN):
        from ListStreams' StreamSummaries, or DescribeStreamSummary where a target leaves
        them out."""
        arns: dict[str, str] = {}
        names: list[str] = []
        for page in self.client.get_paginator("list_streams").paginate():
            names.extend(page.get("StreamNames", []))
            for summary in page.get("StreamSummaries", []):
                if summary.get("StreamName") and summary.get("StreamARN"):
                    arns[str(summary["StreamName"])] = str(summary["StreamARN"])
        for name in names:
            if name not in arns:
                desc = self.client.describe_stream_summary(StreamName=name)
                arns[name] = str(desc["StreamDescriptionSummary"].get("StreamARN", ""))
        return {n: a for n, a in sorted(arns.items()) if not is_probe_resource(n)}

    def summary(self, name: str) -> StreamInfo:
        desc = self.client.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
        return StreamInfo(name, str(desc.get("StreamStatus", "?")),
                          int(desc.get("OpenShardCount", 0)),
                          int(desc.get("RetentionPeriodHours", 24)),
                          str((desc.get("StreamModeDetails") or {}).get("StreamMode", "?")))

    def stream_arn(self, name: str) -> str:
        return str(self.client.describe_stream_summary(StreamName=name)[
            "StreamDescriptionSummary"]["StreamARN"])

    def list_consumers(self, stream_arn: str) -> list[dict[str, Any]]:
        """The stream's registered (enhanced fan-out) consumers: name, ARN, status."""
        out: list[dict[str, Any]] = []
        kwargs: dict[str, Any] = {"StreamARN": stream_arn}
        while True:
            resp = self.client.list_stream_consumers(**kwargs)
            out.extend(resp.get("Consumers", []))
            token = resp.get("NextToken")
            if not token:
                return out
            kwargs = {"StreamARN": stream_arn, "NextToken": token}

    def create_stream(self, name: str, shards: int = 1,
                      tags: dict[str, str] | None = None, on_demand: bool = False) -> None:
        """Provisioned with `shards`, or on-demand (the service picks the shards)."""
        if on_demand:
            self.client.create_stream(StreamName=name, Tags=managed_tags(tags),
                                      StreamModeDetails={"StreamMode": "ON_DEMAND"})
            return
        self.client.create_stream(StreamName=name, ShardCount=shards,
                                  Tags=managed_tags(tags))

    def set_retention(self, name: str, hours: int, current: int) -> None:
        """IncreaseStreamRetentionPeriod or DecreaseStreamRetentionPeriod, as `hours` is above
        or below `current`."""
        if hours > current:
            self.client.increase_stream_retention_period(StreamName=name,
                                                         RetentionPeriodHours=hours)
        else:
            self.client.decrease_stream_retention_period(StreamName=name,
                                                         RetentionPeriodHours=hours)

    def ensure_tags(self, name: str, tags: dict[str, str] | None = None) -> bool:
        """Add the managed tags if the stream lacks them (some emulators drop CreateStream's
        Tags); True when it had to."""
        wanted = managed_tags(tags)
        have = self.tags(name)
        if all(have.get(k) == v for k, v in wanted.items()):
            return False
        self.client.add_tags_to_stream(StreamName=name, Tags=wanted)
        return True

    def tags(self, name: str) -> dict[str, str]:
        return tag_dict(self.client.list_tags_for_stream(StreamName=name).get("Tags", []))

    def wait_active(self, name: str) -> None:
        self.client.get_waiter("stream_exists").wait(
            StreamName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 60})

    def wait_status(self, name: str, on_status: Any = None, timeout: float = 120.0,
                    delay: float = 1.0) -> str:
        """Poll DescribeStreamSummary until ACTIVE, telling `on_status` each status seen."""
        deadline = time.monotonic() + timeout
        while True:
            status = self.summary(name).status
            if on_status is not None:
                on_status(status)
            if status == "ACTIVE" or time.monotonic() > deadline:
                return status
            time.sleep(delay)

    def delete_stream(self, name: str) -> None:
        self.client.delete_stream(StreamName=name, EnforceConsumerDeletion=True)

    def shards(self, name: str) -> list[Shard]:
        out: list[Shard] = []
        kwargs: dict[str, Any] = {"StreamName": name}
        while True:
            resp = self.client.list_shards(**kwargs)
            for s in resp.get("Shards", []):
                rng = s["HashKeyRange"]
                out.append(Shard(
                    shard_id=s["ShardId"],
                    start_hash=int(rng["StartingHashKey"]),
                    end_hash=int(rng["EndingHashKey"]),
                    parent=s.get("ParentShardId"),
                    adjacent_parent=s.get("AdjacentParentShardId"),
                    open="EndingSequenceNumber" not in s.get("SequenceNumberRange", {}),
                ))
            token = resp.get("NextToken")
            if not token:
                return out
            kwargs = {"NextToken": token}

    def put_record(self, name: str, data: bytes, partition_key: str) -> tuple[str, str]:
        resp = self.client.put_record(StreamName=name, Data=data, PartitionKey=partition_key)
        return str(resp["ShardId"]), str(resp["SequenceNumber"])

    def put_records(self, name: str, entries: list[tuple[str, bytes]]) -> list[str | None]:
        """PutRecords with (partition key, data) pairs: the ShardId of each, None if refused."""
        resp = self.client.put_records(StreamName=name, Records=[
            {"PartitionKey": key, "Data": data} for key, data in entries])
        return [r.get("ShardId") if "ErrorCode" not in r else None
                for r in resp.get("Records", [])]

    def split_shard(self, name: str, shard_id: str, new_starting_hash_key: int) -> None:
        self.client.split_shard(StreamName=name, ShardToSplit=shard_id,
                                NewStartingHashKey=str(new_starting_hash_key))

    def merge_shards(self, name: str, shard_id: str, adjacent_shard_id: str) -> None:
        self.client.merge_shards(StreamName=name, ShardToMerge=shard_id,
                                 AdjacentShardToMerge=adjacent_shard_id)

    def iterator(self, name: str, shard_id: str, kind: str = "TRIM_HORIZON",
                 after_sequence: str | None = None) -> str:
        kwargs: dict[str, Any] = {"StreamName": name, "ShardId": shard_id,
                                  "ShardIteratorType": kind}
        if after_sequence is not None:
            kwargs["StartingSequenceNumber"] = after_sequence
        return str(self.client.get_shard_iterator(**kwargs)["ShardIterator"])

    def iterator_at(self, name: str, shard_id: str, position: StartPosition) -> str:
        """GetShardIterator for any of the five start positions."""
        return str(self.client.get_shard_iterator(StreamName=name, ShardId=shard_id,
                                                  **position.iterator_args())["ShardIterator"])

    def get_records(self, iterator: str, limit: int = 1000) -> tuple[list[dict[str, Any]], str | None]:
        page = self.read(iterator, limit)
        return page.records, page.next_iterator

    def read(self, iterator: str, limit: int = 1000) -> RecordsPage:
        resp = self.client.get_records(ShardIterator=iterator, Limit=limit)
        behind = resp.get("MillisBehindLatest")
        return RecordsPage(list(resp.get("Records", [])), resp.get("NextShardIterator"),
                           int(behind) if behind is not None else None,
                           [c["ShardId"] for c in resp.get("ChildShards", []) or []])
