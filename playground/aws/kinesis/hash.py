"""Partition key → MD5 hash key → shard, as Kinesis maps records, and ranges drawn as bars."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from playground.aws.kinesis.service import Shard

MAX_HASH_KEY = 2**128 - 1
KEYSPACE = 2**128


def hash_key(partition_key: str) -> int:
    """PutRecord: "an MD5 hash function is used to map partition keys to 128-bit integer
    values" (the key's UTF-8 bytes, the digest read big-endian). A lone surrogate, which
    PutRecord refuses, is hashed as the bytes Python would write for it."""
    digest = hashlib.md5(partition_key.encode("utf-8", "surrogatepass")).digest()
    return int.from_bytes(digest, "big")


def shard_for(key: int, shards: Iterable[Shard]) -> Shard | None:
    """The open shard whose hash-key range holds `key` (closed shards take no writes)."""
    for shard in shards:
        if shard.open and shard.start_hash <= key <= shard.end_hash:
            return shard
    return None


def midpoint(shard: Shard) -> int:
    """Where a split in the middle starts the upper child (as the AWS docs suggest)."""
    return (shard.start_hash + shard.end_hash + 1) // 2


def adjacent(shard: Shard, shards: Iterable[Shard]) -> Shard | None:
    """The open shard right after `shard` in the keyspace, else the one right before it."""
    opened = [s for s in shards if s.open and s.shard_id != shard.shard_id]
    after = next((s for s in opened if s.start_hash == shard.end_hash + 1), None)
    return after or next((s for s in opened if s.end_hash + 1 == shard.start_hash), None)


def share(start: int, end: int) -> float:
    """The fraction of the keyspace a range covers."""
    return (end - start + 1) / KEYSPACE


def span_text(start: int, end: int) -> str:
    """`0–50%` of the keyspace, the way a learner reads a range."""
    return f"{_pct(start).removesuffix('%')}–{_pct(end + 1)}"


def _pct(value: int) -> str:
    pct = value * 100 / KEYSPACE
    return f"{pct:.0f}%" if abs(pct - round(pct)) < 0.05 else f"{pct:.1f}%"


def bar_columns(start: int, end: int, width: int) -> tuple[int, int]:
    """Columns [first, last) a range covers on a bar `width` wide (at least one column)."""
    first = start * width // KEYSPACE
    last = max(first + 1, -(-(end + 1) * width // KEYSPACE))
    return first, min(last, width)


def marker_column(key: int, width: int) -> int:
    return min(width - 1, key * width // KEYSPACE)


def short_hash(key: int) -> str:
    """39 digits are hard to read: the first digits and the power of ten."""
    digits = str(key)
    return digits if len(digits) <= 12 else f"{digits[:6]}…{digits[-4:]} ({len(digits)} digits)"
