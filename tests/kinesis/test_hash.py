"""Partition key → shard, computed here, against where the emulator's PutRecord puts it."""

from __future__ import annotations

from typing import Any

from playground.aws.kinesis.hash import (
    KEYSPACE,
    MAX_HASH_KEY,
    adjacent,
    bar_columns,
    hash_key,
    midpoint,
    shard_for,
    span_text,
)
from playground.aws.kinesis.lineage import lineage, short_id
from playground.aws.kinesis.service import KinesisService, Shard

KEYS = [f"user-{n}" for n in range(120)] + ["ü-ñ-日本", "a" * 256, "hot-key"]


def _check_all(svc: KinesisService, stream: str) -> int:
    shards = svc.shards(stream)
    checked = 0
    for key in KEYS:
        predicted = shard_for(hash_key(key), shards)
        assert predicted is not None, key
        shard_id, _ = svc.put_record(stream, b"x", key)
        assert shard_id == predicted.shard_id, key
        checked += 1
    return checked


def test_md5_hash_key_is_the_128_bit_integer() -> None:
    assert hash_key("abc") == int("900150983cd24fb0d6963f7d28e17f72", 16)  # RFC 1321
    assert 0 <= hash_key("x") <= MAX_HASH_KEY


def test_prediction_matches_put_record_before_and_after_split_and_merge(target: Any) -> None:
    svc = KinesisService(target)
    svc.create_stream("keys", 3)
    assert _check_all(svc, "keys") == len(KEYS)

    first = min(svc.shards("keys"), key=lambda s: s.start_hash)
    svc.split_shard("keys", first.shard_id, midpoint(first))
    svc.wait_active("keys")
    assert len([s for s in svc.shards("keys") if s.open]) == 4
    _check_all(svc, "keys")

    opened = sorted((s for s in svc.shards("keys") if s.open), key=lambda s: s.start_hash)
    other = adjacent(opened[1], opened)
    assert other is not None and other.start_hash == opened[1].end_hash + 1
    svc.merge_shards("keys", opened[1].shard_id, other.shard_id)
    svc.wait_active("keys")
    _check_all(svc, "keys")


def test_ranges_as_bars_and_shares() -> None:
    half = KEYSPACE // 2
    assert bar_columns(0, half - 1, 24) == (0, 12)
    assert bar_columns(half, MAX_HASH_KEY, 24) == (12, 24)
    assert bar_columns(5, 6, 24) == (0, 1)  # a sliver still shows
    assert span_text(0, half - 1) == "0–50%"
    assert span_text(half, MAX_HASH_KEY) == "50–100%"


def _shard(n: int, start: int, end: int, parent: int | None = None,
           adjacent_parent: int | None = None, is_open: bool = True) -> Shard:
    def sid(x: int | None) -> str | None:
        return None if x is None else f"shardId-{x:012d}"

    return Shard(f"shardId-{n:012d}", start, end, sid(parent), sid(adjacent_parent), is_open)


def test_lineage_tree_after_split_then_merge_on_aws() -> None:
    q = KEYSPACE // 4
    shards = [_shard(0, 0, 2 * q - 1, is_open=False), _shard(1, 2 * q, MAX_HASH_KEY),
              _shard(2, 0, q - 1, 0, is_open=False), _shard(3, q, 2 * q - 1, 0, is_open=False),
              _shard(4, 0, 2 * q - 1, 2, 3)]
    rows = [(r.prefix + short_id(r.shard.shard_id), r.note) for r in lineage(shards)]
    assert rows == [("shard 0", ""),
                    ("├─ shard 2", "split from shard 0"),
                    ("│  └─ shard 4", "merged from shard 2 + 3"),
                    ("└─ shard 3", "split from shard 0"),
                    ("shard 1", "")]


def test_lineage_when_the_target_dropped_the_parent() -> None:
    q = KEYSPACE // 4
    rows = lineage([_shard(1, 2 * q, MAX_HASH_KEY), _shard(2, 0, q - 1, 0),
                    _shard(3, q, 2 * q - 1, 0)])
    assert [(short_id(r.shard.shard_id), r.prefix, r.note) for r in rows] == [
        ("shard 2", "", "split from shard 0 (gone)"),
        ("shard 3", "", "split from shard 0 (gone)"),
        ("shard 1", "", "")]
