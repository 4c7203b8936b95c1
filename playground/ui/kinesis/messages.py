"""Typed messages the Kinesis workbench's thread workers post back to the screen."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from playground.aws.kinesis.consumer import TailBatch
from playground.aws.kinesis.producer import ProducerProgress
from playground.aws.kinesis.service import Shard, StreamInfo


@dataclass
class StreamsRefreshed(Message):
    """The stream list, and the shards of the stream the screen watches (if any)."""

    streams: list[StreamInfo]
    stream: str | None = None
    shards: list[Shard] = field(default_factory=list)
    error: str | None = None

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, StreamsRefreshed)


@dataclass
class StreamStatusSeen(Message):
    """While a create, split or merge settles: the status DescribeStreamSummary reported."""

    stream: str
    status: str


@dataclass
class StreamChanged(Message):
    """A create, delete, split or merge finished (or failed, with `error`)."""

    text: str
    error: bool = False
    select: str | None = None


@dataclass
class RecordPut(Message):
    """PutRecord answered: where the record went, or the service's refusal."""

    stream: str
    partition_key: str
    shard_id: str | None
    sequence: str | None
    error: str | None = None


@dataclass
class TailUpdated(Message):
    """What the consumer read since the last update (posted at most ~10 times a second)."""

    stream: str
    run: int
    batch: TailBatch


@dataclass
class ProducerUpdated(Message):
    stream: str
    progress: ProducerProgress

    def can_replace(self, message: Message) -> bool:
        return (isinstance(message, ProducerUpdated) and not message.progress.done
                and message.stream == self.stream)
