"""Per-shard throughput in one-second buckets, with a clock the test moves."""

from __future__ import annotations

from playground.aws.kinesis.meter import ThroughputMeter
from tests.ui.helpers import FakeClock


def test_rates_series_and_limit() -> None:
    clock = FakeClock(1000.0)
    meter = ThroughputMeter(clock, window=60)
    for i in range(500):
        meter.add("a", 998.0 + i / 1000, 100)
    for _ in range(1200):
        meter.add("b", 999.5, 1024)
    assert meter.rate("a").records == 0  # 998 is not the last complete second
    assert meter.rate("b").records == 1200
    assert meter.rate("b").over_limit and meter.rate("b").load == 1.2
    assert meter.rate("b").kib == 1200
    records, kib = meter.series("a")
    assert len(records) == 60 and records[-2] == 500 and records[-1] == 0
    assert kib[-2] == 500 * 100 / 1024
    clock.advance(1)
    assert meter.rate("b").records == 0 and meter.series("b")[0][-2] == 1200
    clock.advance(120)
    assert sum(meter.series("b")[0]) == 0
    assert meter.total("a") == 500


def test_bytes_alone_can_break_the_limit_and_old_buckets_are_trimmed() -> None:
    clock = FakeClock(10_000.0)
    meter = ThroughputMeter(clock, window=5)
    meter.add("a", 9_999.2, 1024 * 1024 + 1)
    assert meter.rate("a").over_limit and meter.rate("a").records == 1
    for second in range(9_000, 9_020):
        meter.add("a", second, 1)
    assert meter.total("a") <= 11  # one record a second: the older seconds were dropped
    meter.forget({"b"})
    assert meter.shards() == []
