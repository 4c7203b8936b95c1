"""The meter's thread: how seldom it lists (real accounts must stay cheap), that the app's own
create and delete calls bring a listing soon, and what the header says. A fake clock drives it:
no test here sleeps."""

from __future__ import annotations

import itertools
import threading
from datetime import UTC, datetime
from typing import Any

from playground.aws.inventory import Resource, Unseen
from playground.aws.recorder import CallRecord, CallRecorder
from playground.aws.render import CallContext
from playground.cost.meter import Reading, standing_lines
from playground.cost.watch import CostWatch, describe, idle_notice
from playground.targets.base import Target
from tests.cost.test_meter import PRICES, stream


class FakeTarget:
    is_real = True

    def __init__(self) -> None:
        self.recorder = CallRecorder()


class Time:
    """Monotonic seconds and a stop flag whose wait moves time on instead of sleeping."""

    def __init__(self, until: float) -> None:
        self.now = 0.0
        self.until = until
        self.stop = self._Stop(self)

    class _Stop(threading.Event):
        def __init__(self, time: Time) -> None:
            super().__init__()
            self.time = time

        def wait(self, timeout: float | None = None) -> bool:
            self.time.now += timeout or 0.0
            if self.time.now >= self.time.until:
                self.set()
            return self.is_set()

    def __call__(self) -> float:
        return self.now


def run_watch(until: float, *, events: dict[float, Any] | None = None,
              resources: list[Resource] | None = None) -> tuple[list[float], list[Reading]]:
    """Run a watch for `until` fake seconds; `events[t](watch)` runs once time reaches t."""
    target = FakeTarget()
    time = Time(until)
    listed: list[float] = []
    pending = dict(sorted((events or {}).items()))

    def lister(_: Target) -> tuple[list[Resource], list[Unseen]]:
        listed.append(time.now)
        return list(resources or []), []

    watch = CostWatch(target, lister=lister, prices=PRICES)  # type: ignore[arg-type]
    readings: list[Reading] = []

    def publish(reading: Reading) -> None:
        readings.append(reading)

    def stop_wait(timeout: float | None = None) -> bool:
        result = Time._Stop.wait(time.stop, timeout)
        for at in [t for t in pending if t <= time.now]:
            pending.pop(at)(watch)
        return result

    time.stop.wait = stop_wait  # type: ignore[method-assign]
    watch.run(time.stop, publish, monotonic=time)
    return listed, readings


def create_call(watch: CostWatch) -> None:
    watch.ledger.add(CallRecord(1, datetime.now(UTC), "kinesis", "CreateStream",
                                             {"StreamName": "s"}, 1.0, True, None, None,
                                             CallContext()))


def data_call(watch: CostWatch) -> None:
    watch.ledger.add(CallRecord(1, datetime.now(UTC), "sqs", "DeleteMessage",
                                             {"QueueUrl": "https://x/1/q"}, 1.0, True, None, None,
                                             CallContext()))


def test_without_changes_it_lists_at_start_and_then_every_few_minutes() -> None:
    listed, _ = run_watch(3600)
    assert listed[0] == 0.0
    gaps = [b - a for a, b in itertools.pairwise(listed)]
    assert gaps and all(gap >= CostWatch.list_every_s for gap in gaps)
    assert len(listed) <= 1 + 3600 / CostWatch.list_every_s


def test_a_create_call_brings_a_listing_soon_and_a_burst_brings_one() -> None:
    burst = {100.0 + i: create_call for i in range(5)}
    listed, _ = run_watch(200, events=burst)
    assert listed[0] == 0.0
    (after,) = [t for t in listed if 0 < t < 200]
    assert 104 + CostWatch.after_change_s <= after <= 104 + CostWatch.after_change_s + 1


def test_listings_after_changes_keep_their_distance() -> None:
    listed, _ = run_watch(120, events={5.0: create_call, 40.0: create_call, 41.0: create_call})
    assert listed[0] == 0.0
    assert all(b - a >= CostWatch.min_gap_s for a, b in itertools.pairwise(listed))
    assert len(listed) == 3  # at start, after the first change (kept away from the start), after the burst


def test_data_calls_are_not_changes() -> None:
    listed, _ = run_watch(120, events={float(t): data_call for t in range(1, 100)})
    assert listed == [0.0]


def test_it_publishes_a_reading_only_when_it_changes() -> None:
    _, readings = run_watch(600, resources=[stream("clicks", 4)])
    assert readings
    assert all(a != b for a, b in itertools.pairwise(readings))
    assert readings[0].usd_per_hour == 4 * (PRICES["kinesis.shard_hour"].each or 0)


def test_a_failed_listing_keeps_what_was_seen_and_says_why() -> None:
    target = FakeTarget()
    answers: list[Any] = [([stream("clicks", 2)], []), OSError("connection refused")]

    def lister(_: Target) -> tuple[list[Resource], list[Unseen]]:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer  # type: ignore[no-any-return]

    watch = CostWatch(target, lister=lister, prices=PRICES)  # type: ignore[arg-type]
    watch.refresh()
    watch.refresh()
    reading = watch.reading()
    assert reading.alive == 1 and reading.unseen == ("everything: OSError",)


def test_the_header_words() -> None:
    reading = Reading(3, (), read_on="2026-12-06")
    assert describe(reading, real=True) == "3 alive · $0.00/h"
    assert describe(reading, real=False) == ""  # nothing worth the lesson
    watch_reading = Reading(1, tuple(standing_lines([stream("clicks", 4)], PRICES)))
    assert describe(watch_reading, real=False) == "on AWS: ~$0.06/h*"
    assert "clicks" in idle_notice(stream("clicks", 4), watch_reading)
