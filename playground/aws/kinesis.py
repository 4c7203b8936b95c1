"""Kinesis: streams, shards and their hash-key ranges, records, split and merge."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playground.aws.common import managed_tags
from playground.targets.base import Target


@dataclass(frozen=True)
class Shard:
    shard_id: str
    start_hash: int
    end_hash: int
    parent: str | None
    adjacent_parent: str | None
    open: bool


class KinesisService:
    def __init__(self, target: Target) -> None:
        self.target = target

    @property
    def client(self) -> Any:
        return self.target.client("kinesis")

    def list_streams(self) -> list[str]:
        names: list[str] = []
        for page in self.client.get_paginator("list_streams").paginate():
            names.extend(page.get("StreamNames", []))
        return sorted(names)

    def create_stream(self, name: str, shards: int = 1,
                      tags: dict[str, str] | None = None) -> None:
        self.client.create_stream(StreamName=name, ShardCount=shards,
                                  Tags=managed_tags(tags))

    def wait_active(self, name: str) -> None:
        self.client.get_waiter("stream_exists").wait(
            StreamName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 60})

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

    def iterator(self, name: str, shard_id: str, kind: str = "TRIM_HORIZON") -> str:
        return str(self.client.get_shard_iterator(
            StreamName=name, ShardId=shard_id, ShardIteratorType=kind)["ShardIterator"])

    def get_records(self, iterator: str, limit: int = 1000) -> tuple[list[dict[str, Any]], str | None]:
        resp = self.client.get_records(ShardIterator=iterator, Limit=limit)
        return list(resp.get("Records", [])), resp.get("NextShardIterator")
