"""Enhanced fan-out: a registered consumer that the service pushes records to, one
SubscribeToShard per open shard, instead of GetRecords polling.

SubscribeToShard docs (botocore model): the subscription "remains active for up to 5 minutes"
and then the consumer calls it again, from the last event's ContinuationSequenceNumber. Each
registered consumer gets its own 2 MiB/s per shard. The consumer is deregistered when the tail
stops (on AWS a registered consumer is billed per shard-hour).

Only the shards open when it starts are read (children after a split are not followed here;
the GetRecords consumer does that).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from playground.aws.common import error_message
from playground.aws.kinesis.consumer import ShardLag, TailBatch, TailRecord, _epoch
from playground.aws.kinesis.service import KinesisService
from playground.aws.kinesis.start import StartPosition
from playground.targets.liveness import describe_failure

CONSUMER_NAME = "playground-efo"
ACTIVE_WAIT_S = 60.0


def starting_position(position: StartPosition) -> dict[str, Any]:
    start: dict[str, Any] = {"Type": position.kind}
    if position.kind == "AT_TIMESTAMP" and position.timestamp is not None:
        start["Timestamp"] = datetime.fromtimestamp(position.timestamp, UTC)
    if position.per_shard and position.sequence is not None:
        start["SequenceNumber"] = position.sequence
    return start


class FanOutTail:
    """`run(stop, emit)` like StreamTail's: registers the consumer, subscribes every open shard
    in its own thread, and hands `emit` what arrived at most every `post_every` seconds."""

    def __init__(self, svc: KinesisService, stream: str, position: StartPosition, *,
                 name: str = CONSUMER_NAME, clock: Callable[[], float] = time.time) -> None:
        self.svc = svc
        self.stream = stream
        self.position = position
        self.name = name
        self.clock = clock
        self.consumer_arn: str | None = None
        self._lock = threading.Lock()
        self._pending = TailBatch()
        self._streams: list[Any] = []
        self.lags: dict[str, ShardLag] = {}

    def register(self) -> str:
        client = self.svc.client
        arn = client.describe_stream_summary(StreamName=self.stream)[
            "StreamDescriptionSummary"]["StreamARN"]
        try:
            consumer = client.register_stream_consumer(StreamARN=arn, ConsumerName=self.name)[
                "Consumer"]
        except Exception as exc:
            if "ResourceInUse" not in error_message(exc) and "in use" not in str(exc).lower():
                raise
            consumer = client.describe_stream_consumer(StreamARN=arn, ConsumerName=self.name)[
                "ConsumerDescription"]
        carn = str(consumer["ConsumerARN"])
        deadline = time.monotonic() + ACTIVE_WAIT_S
        status = str(consumer.get("ConsumerStatus", ""))
        while status != "ACTIVE" and time.monotonic() < deadline:
            time.sleep(1.0)
            status = str(client.describe_stream_consumer(ConsumerARN=carn)[
                "ConsumerDescription"]["ConsumerStatus"])
        self.consumer_arn = carn
        return carn

    def deregister(self) -> None:
        if self.consumer_arn is not None:
            with contextlib.suppress(Exception):
                self.svc.client.deregister_stream_consumer(ConsumerARN=self.consumer_arn)
            self.consumer_arn = None

    def _add(self, batch: TailBatch) -> None:
        with self._lock:
            self._pending = self._pending.merged(batch)

    def _take(self) -> TailBatch:
        with self._lock:
            batch, self._pending = self._pending, TailBatch()
        return batch

    def _subscribe(self, shard_id: str, stop: threading.Event) -> None:
        start = starting_position(self.position)
        while not stop.is_set():
            try:
                resp = self.svc.client.subscribe_to_shard(
                    ConsumerARN=self.consumer_arn, ShardId=shard_id, StartingPosition=start)
                events = resp["EventStream"]
                self._streams.append(events)
                for event in events:
                    if stop.is_set():
                        break
                    body = event.get("SubscribeToShardEvent")
                    if body is None:
                        continue
                    read_at = self.clock()
                    records = [TailRecord(shard_id, str(r["SequenceNumber"]),
                                          str(r.get("PartitionKey", "")),
                                          bytes(r.get("Data", b"")),
                                          _epoch(r.get("ApproximateArrivalTimestamp")), read_at)
                               for r in body.get("Records", [])]
                    with self._lock:
                        lag = self.lags.get(shard_id, ShardLag(shard_id))
                        self.lags[shard_id] = ShardLag(
                            shard_id, body.get("MillisBehindLatest"),
                            max(0.0, read_at - records[-1].arrived) if records else lag.age_s,
                            lag.read + len(records), lag.calls + 1)
                    self._add(TailBatch(records, {shard_id: self.lags[shard_id]}))
                    cont = body.get("ContinuationSequenceNumber")
                    if cont:
                        start = {"Type": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": cont}
                    if body.get("ChildShards"):
                        self._add(TailBatch(events=[f"{shard_id} closed: fan-out stops there "
                                                    "(t with GetRecords follows children)"]))
                        return
            except Exception as exc:
                if stop.is_set():
                    return
                self._add(TailBatch(error=f"SubscribeToShard {shard_id}: "
                                          f"{describe_failure(self.svc.target, exc)}"))
                stop.wait(2.0)

    def run(self, stop: threading.Event, emit: Callable[[TailBatch], None],
            post_every: float = 0.1) -> None:
        try:
            self.register()
            shards = [s.shard_id for s in self.svc.shards(self.stream) if s.open]
            if self.position.per_shard:
                shards = [s for s in shards if s == self.position.shard_id]
        except Exception as exc:
            emit(TailBatch(error=f"enhanced fan-out: {describe_failure(self.svc.target, exc)}"))
            self.deregister()
            return
        self.lags = {s: ShardLag(s) for s in shards}
        emit(TailBatch(lags=dict(self.lags), events=[
            f"registered consumer {self.name}: records pushed by SubscribeToShard"]))
        readers = [threading.Thread(target=self._subscribe, args=(s, stop), daemon=True,
                                    name=f"efo-{s}") for s in shards]
        for reader in readers:
            reader.start()
        try:
            while not stop.is_set():
                stop.wait(post_every)
                batch = self._take()
                if batch.records or batch.events or batch.error:
                    emit(batch)
        finally:
            for events in self._streams:
                with contextlib.suppress(Exception):
                    events.close()
            for reader in readers:
                reader.join(2.0)
            self.deregister()
