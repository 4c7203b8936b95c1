"""Enhanced fan-out (RegisterStreamConsumer + SubscribeToShard) on the real emulator."""

from __future__ import annotations

import threading
import time
from typing import Any

from playground.aws.kinesis.consumer import TailBatch
from playground.aws.kinesis.fanout import FanOutTail
from playground.aws.kinesis.service import KinesisService
from playground.aws.kinesis.start import StartPosition


def _run(tail: FanOutTail, want: int) -> TailBatch:
    """Run the tail in a thread until `want` records arrived (or 20 s), then stop it."""
    got = TailBatch()
    lock = threading.Lock()

    def emit(batch: TailBatch) -> None:
        nonlocal got
        with lock:
            got = got.merged(batch)

    stop = threading.Event()
    runner = threading.Thread(target=tail.run, args=(stop, emit), daemon=True)
    runner.start()
    deadline = time.monotonic() + 20
    while len(got.records) < want and time.monotonic() < deadline and runner.is_alive():
        time.sleep(0.05)
    stop.set()
    runner.join(10)
    assert not runner.is_alive(), "the fan-out tail did not stop"
    return got


def _stream(svc: KinesisService) -> list[str]:
    svc.create_stream("efo", 1)
    return [svc.put_record("efo", f"r{n}".encode(), "k")[1] for n in range(1, 6)]


def test_records_are_pushed_and_the_consumer_goes_away(target: Any) -> None:
    svc = KinesisService(target)
    _stream(svc)
    got = _run(FanOutTail(svc, "efo", StartPosition("TRIM_HORIZON", fan_out=True)), 5)
    assert [r.data for r in got.records] == [b"r1", b"r2", b"r3", b"r4", b"r5"]
    assert got.error is None
    assert any("registered consumer playground-efo" in e for e in got.events)
    ops = [r.operation for r in target.recorder.records]
    assert "RegisterStreamConsumer" in ops and "SubscribeToShard" in ops
    assert ops.count("GetRecords") == 0
    assert "DeregisterStreamConsumer" in ops
    arn = svc.client.describe_stream_summary(StreamName="efo")["StreamDescriptionSummary"][
        "StreamARN"]
    consumers = svc.client.list_stream_consumers(StreamARN=arn).get("Consumers", [])
    assert [c for c in consumers if c.get("ConsumerStatus") != "DELETING"] == []


def test_fan_out_from_a_sequence_number(target: Any) -> None:
    svc = KinesisService(target)
    seqs = _stream(svc)
    shard = svc.shards("efo")[0].shard_id
    got = _run(FanOutTail(svc, "efo", StartPosition("AFTER_SEQUENCE_NUMBER", sequence=seqs[2],
                                                    shard_id=shard, fan_out=True)), 2)
    assert [r.data for r in got.records] == [b"r4", b"r5"]
