"""A consumer that tails every open shard of a stream in one thread, and follows children.

GetRecords docs: "It is recommended that consumer applications retrieve records via the
GetRecords command using the 5 TPS limit"; so each shard is read at most every
`min_interval` (0.2 s). When a shard closes (NextShardIterator null on AWS, or the shard
vanishes on emulators that delete parents), its children are read from TRIM_HORIZON once
all their parents are done, as the KCL does.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from playground.aws.common import error_code
from playground.aws.kinesis.lineage import short_id
from playground.aws.kinesis.service import KinesisService, Shard
from playground.aws.kinesis.start import StartPosition
from playground.targets.liveness import LoopBackoff, describe_failure

Clock = Callable[[], float]


@dataclass(frozen=True)
class TailRecord:
    shard_id: str
    sequence: str
    partition_key: str
    data: bytes
    arrived: float
    """ApproximateArrivalTimestamp, epoch seconds."""
    read_at: float


@dataclass(frozen=True)
class ShardLag:
    """How far behind one shard's reader is, and how hard it reads."""

    shard_id: str
    millis_behind: int | None = None
    """MillisBehindLatest of the last GetRecords."""
    age_s: float | None = None
    """Read time minus ApproximateArrivalTimestamp of the newest record read."""
    read: int = 0
    calls: int = 0
    state: str = "reading"


@dataclass(frozen=True)
class TailBatch:
    records: list[TailRecord] = field(default_factory=list)
    lags: dict[str, ShardLag] = field(default_factory=dict)
    events: list[str] = field(default_factory=list)
    error: str | None = None

    def merged(self, later: TailBatch) -> TailBatch:
        return TailBatch(self.records + later.records, {**self.lags, **later.lags},
                         self.events + later.events, later.error or self.error)


IDLE_READ_MAX_S = 30.0
"""On a real account, the longest wait between reads of a shard that keeps returning nothing."""
IDLE_RELIST_FACTOR = 6
"""On a real account, shards are listed again this many times less often."""


@dataclass
class _Reader:
    shard_id: str
    iterator: str
    position: StartPosition
    due: float = 0.0
    last_sequence: str | None = None
    gap: float = 0.0
    """Seconds between its reads; on a real account it grows while the shard has nothing."""


def _epoch(value: Any) -> float:
    return value.timestamp() if isinstance(value, datetime) else float(value or 0.0)


class StreamTail:
    """Reads a stream shard by shard; `poll()` does the calls that are due, `run()` loops."""

    def __init__(self, svc: KinesisService, stream: str, start: str | StartPosition = "LATEST", *,
                 clock: Clock = time.time, min_interval: float = 0.2, limit: int = 1000,
                 relist_every: float = 5.0) -> None:
        self.svc = svc
        self.stream = stream
        self.position = start if isinstance(start, StartPosition) else StartPosition(start)
        self.start = self.position.kind
        self.clock = clock
        self.min_interval = min_interval
        self.limit = limit
        self.relist_every = relist_every
        self.readers: dict[str, _Reader] = {}
        self.lags: dict[str, ShardLag] = {}
        self.done: set[str] = set()
        self.known: dict[str, Shard] = {}
        self._listed_at = 0.0
        self._begun = False
        self._events: list[str] = []
        self._activity = svc.target.pacer.activity

    # --- shards ------------------------------------------------------------------------------
    def begin(self) -> None:
        """Pick the shards to read: open ones from LATEST; from TRIM_HORIZON or AT_TIMESTAMP,
        the oldest listed generation too (children follow when their parents are read to the
        end); from a sequence number, the one shard it belongs to (and then its children)."""
        if self._begun:
            return
        self._begun = True
        shards = self._list()
        if self.position.per_shard:
            first = [s for s in shards if s.shard_id == self.position.shard_id]
            if not first:
                self._events.append(f"{self.position.shard_id} is not a shard of "
                                    f"{self.stream}: nothing to read")
        elif self.start == "LATEST":
            first = [s for s in shards if s.open]
        else:
            first = [s for s in shards if not any(p in self.known for p in s.parents)]
        for shard in first:
            self._open(shard.shard_id, self.position)

    def _list(self) -> list[Shard]:
        shards = self.svc.shards(self.stream)
        self.known.update({s.shard_id: s for s in shards})
        self._listed_at = self.clock()
        return shards

    def _open(self, shard_id: str, position: StartPosition, after: str | None = None) -> None:
        at = StartPosition("AFTER_SEQUENCE_NUMBER", sequence=after, shard_id=shard_id) \
            if after else position
        iterator = self.svc.iterator_at(self.stream, shard_id, at)
        self.readers[shard_id] = _Reader(shard_id, iterator, position, last_sequence=after)
        self.lags[shard_id] = self.lags.get(shard_id, ShardLag(shard_id))

    def _finish(self, shard_id: str, children: list[str], why: str, state: str) -> None:
        self.readers.pop(shard_id, None)
        self.done.add(shard_id)
        self.lags[shard_id] = replace(self.lags.get(shard_id, ShardLag(shard_id)), state=state)
        if not children:
            shards = self._list()
            children = [s.shard_id for s in shards if shard_id in s.parents]
        started = [c for c in children if self._start_child(c)]
        if started:
            self._events.append(f"{short_id(shard_id)} {why}: now reading "
                                f"{', '.join(short_id(c) for c in started)} from TRIM_HORIZON")
        elif children:
            self._events.append(f"{short_id(shard_id)} {why}: its child waits for its "
                                "other parent to be read")
        else:
            self._events.append(f"{short_id(shard_id)} {why}")

    def _start_child(self, child: str) -> bool:
        if child in self.readers or child in self.done:
            return False
        shard = self.known.get(child)
        parents = shard.parents if shard else ()
        if any(p in self.readers for p in parents):
            return False  # read the other parent to its end first, keeping key order
        self._open(child, StartPosition("TRIM_HORIZON"))
        return True

    def _relist(self) -> None:
        """New shards nobody leads us to (a split seen before the parent's end, another
        client's reshard): start those whose parents are not being read."""
        for shard in self._list():
            sid = shard.shard_id
            if self.position.per_shard and not any(
                    p in self.readers or p in self.done for p in shard.parents):
                continue  # from a sequence number: that shard and its descendants only
            if (shard.open and sid not in self.readers and sid not in self.done
                    and self._start_child(sid)):
                self._events.append(f"{short_id(sid)} appeared: reading it from TRIM_HORIZON")

    # --- reading -----------------------------------------------------------------------------
    def poll(self) -> TailBatch:
        """One GetRecords for each shard that is due; what they returned."""
        now = self.clock()
        pacer = self.svc.target.pacer
        if pacer.adaptive and pacer.activity != self._activity:
            self._activity = pacer.activity  # the learner did something: look again now
            for reader in self.readers.values():
                reader.due, reader.gap = now, self.min_interval
        relist = self.relist_every * (IDLE_RELIST_FACTOR if pacer.adaptive else 1)
        if now - self._listed_at >= relist:
            self._relist()
        records: list[TailRecord] = []
        for reader in [r for r in self.readers.values() if r.due <= now]:
            records.extend(self._read(reader))
        events, self._events = self._events, []
        return TailBatch(records, dict(self.lags), events)

    def _read(self, reader: _Reader) -> list[TailRecord]:
        sid = reader.shard_id
        try:
            page = self.svc.read(reader.iterator, self.limit)
        except Exception as exc:
            code = error_code(exc)
            if "ExpiredIterator" in code:
                self._open(sid, reader.position, reader.last_sequence)
                return []
            if "ResourceNotFound" in code:
                self._finish(sid, [], "is gone (the target deleted it)", "gone: deleted")
                return []
            raise
        read_at = self.clock()
        if self.svc.target.pacer.adaptive and not page.records:
            # A real account bills every call: an empty shard is read less and less often.
            reader.gap = min(max(reader.gap, self.min_interval) * 2, IDLE_READ_MAX_S)
        else:
            reader.gap = self.min_interval
        reader.due = read_at + reader.gap
        out = [TailRecord(sid, str(r["SequenceNumber"]), str(r.get("PartitionKey", "")),
                          bytes(r.get("Data", b"")), _epoch(r.get("ApproximateArrivalTimestamp")),
                          read_at) for r in page.records]
        lag = self.lags.get(sid, ShardLag(sid))
        self.lags[sid] = replace(
            lag, millis_behind=page.millis_behind, read=lag.read + len(out), calls=lag.calls + 1,
            age_s=max(0.0, read_at - out[-1].arrived) if out else lag.age_s)
        if out:
            reader.last_sequence = out[-1].sequence
        if page.next_iterator is None:
            self._finish(sid, page.child_shards, "closed and read to its end", "closed: read")
        else:
            reader.iterator = page.next_iterator
        return out

    def wait_time(self) -> float:
        """Seconds until the next shard is due (how long `run` may sleep)."""
        if not self.readers:
            return self.relist_every
        return max(0.0, min(r.due for r in self.readers.values()) - self.clock())

    def run(self, stop: threading.Event, emit: Callable[[TailBatch], None],
            post_every: float = 0.1) -> None:
        """Poll until `stop` is set, handing `emit` what arrived at most every `post_every`
        seconds (coalesced), so a UI is not flooded at 20 calls a second. While the target is
        down that is said once and no call is made until it is back."""
        target = self.svc.target
        backoff = LoopBackoff(target, stop)
        try:
            self.begin()
        except Exception as exc:
            emit(TailBatch(error=describe_failure(target, exc)))
            return
        pending = TailBatch(lags=dict(self.lags))
        last = 0.0

        def say(text: str) -> None:
            nonlocal pending
            emit(pending.merged(TailBatch(error=text)))
            pending = TailBatch()

        while not stop.is_set():
            backoff.pause(say)
            try:
                pending = pending.merged(self.poll())
            except Exception as exc:
                pending = pending.merged(TailBatch(error=describe_failure(target, exc)))
                stop.wait(1.0)
            else:
                backoff.succeeded()
            now = self.clock()
            news = bool(pending.records or pending.events or pending.error)
            if (news or now - last >= 1.0) and now - last >= post_every:
                emit(pending)
                pending, last = TailBatch(), now
            stop.wait(min(self.wait_time(), post_every))
        if pending.records or pending.events:
            emit(pending)
