"""The five start positions of the consumer, against the real emulator, and their input checks."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import pytest

from playground.aws.kinesis.consumer import StreamTail, TailBatch
from playground.aws.kinesis.service import KinesisService
from playground.aws.kinesis.start import StartPosition, parse_sequence, parse_timestamp


def _drain(tail: StreamTail, want: int) -> TailBatch:
    tail.begin()
    got = TailBatch()
    deadline = time.monotonic() + 5
    while len(got.records) < want and time.monotonic() < deadline:
        got = got.merged(tail.poll())
        time.sleep(tail.wait_time())
    return got


def _six(svc: KinesisService) -> tuple[str, list[str]]:
    """Six records r1..r6 on a one-shard stream; a pause between r3 and r4."""
    svc.create_stream("pos", 1)
    seqs = []
    for n in range(1, 7):
        if n == 4:
            time.sleep(0.3)  # so r3 and r4 arrive at distinct times (no assertion on time)
        seqs.append(svc.put_record("pos", f"r{n}".encode(), "k")[1])
    return svc.shards("pos")[0].shard_id, seqs


@pytest.mark.parametrize(("kind", "first"), [("AT_SEQUENCE_NUMBER", 3),
                                             ("AFTER_SEQUENCE_NUMBER", 4)])
def test_sequence_positions_start_at_or_after_the_third(target: Any, kind: str,
                                                        first: int) -> None:
    svc = KinesisService(target)
    shard, seqs = _six(svc)
    tail = StreamTail(svc, "pos", StartPosition(kind, sequence=seqs[2], shard_id=shard))
    got = _drain(tail, 7 - first)
    assert [r.data for r in got.records] == [f"r{n}".encode() for n in range(first, 7)]
    call = [r for r in target.recorder.records if r.operation == "GetShardIterator"][-1]
    assert call.params["ShardIteratorType"] == kind
    assert call.params["StartingSequenceNumber"] == seqs[2]


def test_at_timestamp_between_two_puts(target: Any) -> None:
    svc = KinesisService(target)
    _six(svc)
    everything = _drain(StreamTail(svc, "pos", "TRIM_HORIZON"), 6).records
    between = (everything[2].arrived + everything[3].arrived) / 2
    got = _drain(StreamTail(svc, "pos", StartPosition("AT_TIMESTAMP", timestamp=between)), 3)
    assert [r.data for r in got.records] == [b"r4", b"r5", b"r6"]


def test_a_sequence_position_on_an_unknown_shard_says_so(target: Any) -> None:
    svc = KinesisService(target)
    _six(svc)
    tail = StreamTail(svc, "pos", StartPosition("AT_SEQUENCE_NUMBER", sequence="1",
                                                shard_id="shardId-000000000099"))
    tail.begin()
    got = tail.poll()
    assert got.events == ["shardId-000000000099 is not a shard of pos: nothing to read"]
    assert not tail.readers


NOW = datetime(2026, 12, 6, 15, 0, tzinfo=UTC).timestamp()


@pytest.mark.parametrize(("text", "expected"), [
    ("-5m", NOW - 300), ("- 2h", NOW - 7200), ("-30s", NOW - 30), ("-1d", NOW - 86400),
    ("2026-12-06T14:30:00Z", NOW - 1800), ("2026-12-06T15:30:00+01:00", NOW - 1800),
    ("2026-12-06 14:30:00", NOW - 1800), ("1796569200", 1796569200.0),
])
def test_timestamps_parse(text: str, expected: float) -> None:
    assert parse_timestamp(text, NOW) == (expected, [])


@pytest.mark.parametrize(("text", "says"), [
    ("", "type a time"), ("yesterday", "is not ISO 8601"), ("-5y", "is not ISO 8601"),
    ("2026-13-01", "is not ISO 8601"), ("2027-12-06T00:00:00Z", "more than a day"),
    ("0", "before 1970"), ("[b]x[/b]", "is not ISO 8601"), ("9" * 5000, "is not ISO 8601"),
])
def test_bad_timestamps_are_refused_with_a_reason(text: str, says: str) -> None:
    value, issues = parse_timestamp(text, NOW)
    assert value is None and says in str(issues[0])


@pytest.mark.parametrize(("text", "says"), [
    ("", "type one"), ("12a", "digits only"), ("-1", "digits only"), ("١٢", "digits only"),
    ("1" * 130, "at most 129 digits"),
])
def test_bad_sequence_numbers_are_refused(text: str, says: str) -> None:
    value, issues = parse_sequence(text)
    assert value is None and says in str(issues[0])


def test_sequence_numbers_with_leading_zeros_pass() -> None:
    assert parse_sequence(" 000000017965683400410000000004 ") == (
        "000000017965683400410000000004", [])
