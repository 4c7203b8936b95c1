"""Per-shard throughput over the last minute, in one-second buckets, against AWS's limits."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from playground.aws.kinesis.validate import WRITE_BYTES_PER_SHARD, WRITE_RECORDS_PER_SHARD

Clock = Callable[[], float]


@dataclass(frozen=True)
class Rate:
    """Records and bytes that arrived on one shard in the last complete second."""

    records: int
    bytes: int

    @property
    def kib(self) -> float:
        return self.bytes / 1024

    @property
    def over_limit(self) -> bool:
        return self.records > WRITE_RECORDS_PER_SHARD or self.bytes > WRITE_BYTES_PER_SHARD

    @property
    def load(self) -> float:
        """The larger of the two shares of the per-shard write limit (1.0 = at the limit)."""
        return max(self.records / WRITE_RECORDS_PER_SHARD, self.bytes / WRITE_BYTES_PER_SHARD)


class ThroughputMeter:
    """Counts records by the second they arrived (ApproximateArrivalTimestamp), per shard.

    `clock` says what "now" is, in the same epoch seconds as the arrival times; tests pass
    a clock that stands still.
    """

    def __init__(self, clock: Clock = time.time, window: int = 60) -> None:
        self.clock = clock
        self.window = window
        self._buckets: dict[str, dict[int, list[int]]] = {}

    def add(self, shard_id: str, arrived: float, size: int) -> None:
        buckets = self._buckets.setdefault(shard_id, {})
        second = int(arrived)
        bucket = buckets.get(second)
        if bucket is None:
            buckets[second] = [1, size]
            if len(buckets) > self.window * 2:
                self._trim(buckets)
        else:
            bucket[0] += 1
            bucket[1] += size

    def _trim(self, buckets: dict[int, list[int]]) -> None:
        oldest = int(self.clock()) - self.window
        for second in [s for s in buckets if s < oldest]:
            del buckets[second]

    def shards(self) -> list[str]:
        return sorted(self._buckets)

    def forget(self, keep: set[str]) -> None:
        for shard_id in [s for s in self._buckets if s not in keep]:
            del self._buckets[shard_id]

    def series(self, shard_id: str) -> tuple[list[int], list[float]]:
        """Records/s and KiB/s for each of the last `window` complete seconds, oldest first."""
        buckets = self._buckets.get(shard_id, {})
        now = int(self.clock())
        seconds = range(now - self.window, now)
        records = [buckets.get(s, [0, 0])[0] for s in seconds]
        kib = [buckets.get(s, [0, 0])[1] / 1024 for s in seconds]
        return records, kib

    def rate(self, shard_id: str) -> Rate:
        """The last complete second (the current one is still filling)."""
        bucket = self._buckets.get(shard_id, {}).get(int(self.clock()) - 1, [0, 0])
        return Rate(bucket[0], bucket[1])

    def total(self, shard_id: str) -> int:
        return sum(b[0] for b in self._buckets.get(shard_id, {}).values())
