"""The consumer loop and the producer against the real emulator (no mocks)."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from typing import Any

from playground.aws.kinesis.consumer import StreamTail, TailBatch
from playground.aws.kinesis.hash import hash_key, midpoint, shard_for
from playground.aws.kinesis.producer import HOT_KEY, Producer, ProducerPlan, record_data
from playground.aws.kinesis.service import KinesisService


def _drain(tail: StreamTail, want: int, timeout: float = 5.0) -> TailBatch:
    got = TailBatch()
    deadline = time.monotonic() + timeout
    while len(got.records) < want and time.monotonic() < deadline:
        got = got.merged(tail.poll())
        time.sleep(tail.wait_time())
    return got


def _until(predicate: Callable[[], bool], what: str, reader: threading.Thread,
           timeout: float = 30.0) -> None:
    """Wait for something the reader thread does, not for a guessed number of seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert reader.is_alive(), f"the reader thread died before {what}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def test_trim_horizon_reads_every_shard_with_lag(target: Any) -> None:
    svc = KinesisService(target)
    svc.create_stream("tail", 2)
    for n in range(40):
        svc.put_record("tail", f"r{n}".encode(), f"key-{n}")
    tail = StreamTail(svc, "tail", "TRIM_HORIZON")
    tail.begin()
    got = _drain(tail, 40)
    assert sorted(r.data for r in got.records) == sorted(f"r{n}".encode() for n in range(40))
    shards = svc.shards("tail")
    for record in got.records:
        predicted = shard_for(hash_key(record.partition_key), shards)
        assert predicted is not None and record.shard_id == predicted.shard_id
        assert record.read_at >= record.arrived > 0
    assert set(got.lags) == {s.shard_id for s in shards}
    assert all(lag.millis_behind == 0 and lag.read > 0 for lag in got.lags.values())


def test_latest_skips_what_was_there_and_respects_five_calls_a_second(target: Any) -> None:
    svc = KinesisService(target)
    svc.create_stream("latest", 1)
    svc.put_record("latest", b"old", "k")
    now = [1000.0]  # a clock the test moves, so the rate check does not depend on load
    tail = StreamTail(svc, "latest", "LATEST", clock=lambda: now[0], relist_every=60)
    tail.begin()
    svc.put_record("latest", b"new", "k")
    calls_before = sum(1 for r in target.recorder.records if r.operation == "GetRecords")
    got = TailBatch()
    for _ in range(20):  # one simulated second, polled every 0.05 s
        got = got.merged(tail.poll())  # poll() itself must hold each shard to one call per 0.2 s
        now[0] += 0.05
    calls = sum(1 for r in target.recorder.records if r.operation == "GetRecords") - calls_before
    assert [r.data for r in got.records] == [b"new"]
    assert 4 <= calls <= 5  # at most 5 a second (AWS's per-shard limit), and it keeps reading


def test_follows_the_children_after_a_split(target: Any) -> None:
    svc = KinesisService(target)
    svc.create_stream("split", 1)
    tail = StreamTail(svc, "split", "LATEST", relist_every=60)
    tail.begin()
    svc.put_record("split", b"before", "a")
    assert [r.data for r in _drain(tail, 1).records] == [b"before"]
    parent = svc.shards("split")[0]
    svc.split_shard("split", parent.shard_id, midpoint(parent))
    svc.wait_active("split")
    keys = [f"after-{n}" for n in range(30)]
    for key in keys:
        svc.put_record("split", key.encode(), key)
    got = _drain(tail, len(keys))
    children = {s.shard_id for s in svc.shards("split") if parent.shard_id in s.parents}
    assert len(children) == 2
    assert set(tail.readers) == children
    assert sorted(r.data for r in got.records) == sorted(k.encode() for k in keys)
    assert {r.shard_id for r in got.records} == children
    assert any("now reading shard 1, shard 2 from TRIM_HORIZON" in e for e in got.events), got.events
    assert got.lags[parent.shard_id].state != "reading"


def test_run_hands_over_every_record_coalesced(target: Any) -> None:
    """run() reads in one thread and posts what arrived at most every post_every seconds."""
    svc = KinesisService(target)
    svc.create_stream("run", 2)
    tail = StreamTail(svc, "run", "LATEST")
    stop = threading.Event()
    batches: list[tuple[float, TailBatch]] = []
    thread = threading.Thread(target=lambda: tail.run(
        stop, lambda b: batches.append((time.monotonic(), b)), post_every=0.1))
    thread.start()
    _until(lambda: len(tail.readers) == 2, "the tail holds a LATEST iterator on both shards",
           thread)
    Producer(svc, "run", ProducerPlan(rate=400, seconds=1.5)).run(threading.Event(), lambda p: None)
    _until(lambda: sum(len(b.records) for _, b in list(batches)) >= 600,
           "600 records handed over", thread)
    stop.set()
    thread.join(5)
    assert sum(len(b.records) for _, b in batches) == 600
    gaps = [b - a for (a, _), (b, _) in itertools.pairwise(batches)]
    assert min(gaps) >= 0.09
    assert len(batches) < 40  # ~20 GetRecords a second, far fewer posts


def test_producer_hot_key_lands_on_one_shard_and_first_call_is_visible(target: Any) -> None:
    svc = KinesisService(target)
    svc.create_stream("prod", 4)
    updates = []
    final = Producer(svc, "prod", ProducerPlan(rate=1000, seconds=1.2, spread="hot", size=200),
                     quiet=target.recorder.background).run(threading.Event(), updates.append)
    hot = shard_for(hash_key(HOT_KEY), svc.shards("prod"))
    assert hot is not None
    assert final.done and final.sent == 1200 and final.per_shard == {hot.shard_id: 1200}
    assert 1.0 <= final.elapsed < 3.0
    puts = [r for r in target.recorder.records if r.operation == "PutRecords"]
    assert len(puts) >= 3
    assert not puts[0].background and all(r.background for r in puts[1:])
    assert len(record_data(7, 200)) == 200


def test_producer_random_keys_spread_over_every_shard(target: Any) -> None:
    svc = KinesisService(target)
    svc.create_stream("spread", 4)
    final = Producer(svc, "spread", ProducerPlan(rate=800, seconds=1)).run(
        threading.Event(), lambda p: None)
    assert final.sent == 800 and len(final.per_shard) == 4
    assert min(final.per_shard.values()) > 100


def test_on_a_real_account_an_empty_shard_is_read_less_and_less_until_something_happens(
        target: Any, monkeypatch: Any) -> None:
    from playground.aws.kinesis.consumer import IDLE_READ_MAX_S
    from playground.targets.pacing import PollPacer

    svc = KinesisService(target)
    svc.create_stream("quiet", 1)
    # The real-account rules, with a budget that never waits (this test's only: the emulator
    # is shared by the tests of this process).
    monkeypatch.setattr(target, "pacer", PollPacer(10_000.0))
    now = [1000.0]
    tail = StreamTail(svc, "quiet", "LATEST", clock=lambda: now[0], relist_every=10**6)
    tail.begin()
    gaps = []
    with target.recorder.background():  # as the app's tail runs: its own calls are no news
        for _ in range(9):
            tail.poll()
            gaps.append(round(tail.wait_time(), 1))
            now[0] += tail.wait_time()
    assert gaps == [0.4, 0.8, 1.6, 3.2, 6.4, 12.8, 25.6, IDLE_READ_MAX_S, IDLE_READ_MAX_S]
    svc.put_record("quiet", b"hello", "k")  # the learner's call: read again at once
    with target.recorder.background():
        got = tail.poll()
    assert [r.data for r in got.records] == [b"hello"]
    assert round(tail.wait_time(), 1) == 0.2
