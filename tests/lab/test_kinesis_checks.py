"""The Kinesis lab checks and actions: on the emulator, and on stubs for what it cannot show
(gaps in the keyspace, parents kept CLOSED after a split)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from playground.aws.kinesis.hash import MAX_HASH_KEY, hash_key
from playground.aws.kinesis.service import RecordsPage, Shard
from playground.lab.actions.kinesis import merge_shards, narrowest_pair, put_records, split_shard
from playground.lab.checks.kinesis import (
    hot_key,
    key_across_split,
    keyspace_covered,
    records_by_key,
    shard_split,
    stream_tagged,
)
from playground.lab.context import LabContext
from playground.targets.quiet import QuietTarget

STREAM = "pg-kt-orders"
HALF = 2**127


@pytest.fixture
def ctx(target: Any) -> LabContext:
    """Actions through the target, as "do it for me" runs them."""
    return LabContext(target, "kinesis-shards", {"prefix": "pg-kt-"})


@pytest.fixture
def look(target: Any) -> LabContext:
    """Checks through a read-only twin, as the lab runs them."""
    return LabContext(QuietTarget(target), "kinesis-shards", {"prefix": "pg-kt-"})


def two_shards(ctx: LabContext) -> None:
    ctx.kinesis.create_stream(STREAM, 2, tags=ctx.lab_tags())
    ctx.kinesis.wait_active(STREAM)


# --- on the emulator ---------------------------------------------------------------------------
def test_checks_say_when_the_stream_is_missing(look: LabContext) -> None:
    for result in (stream_tagged(look, STREAM), records_by_key(look, STREAM),
                   hot_key(look, STREAM, 1), keyspace_covered(look, STREAM),
                   shard_split(look, STREAM, "k"), key_across_split(look, STREAM, "k")):
        assert not result.passed
        assert result.message == f"stream {STREAM} does not exist yet"


def test_stream_tagged_wants_this_labs_tag(ctx: LabContext, look: LabContext, target: Any) -> None:
    client = target.client("kinesis")
    client.create_stream(StreamName=STREAM, ShardCount=1)
    result = stream_tagged(look, STREAM)
    assert not result.passed and "playground:lab=kinesis-shards" in result.message
    client.add_tags_to_stream(StreamName=STREAM, Tags={"playground:lab": "another-lab"})
    assert not stream_tagged(look, STREAM).passed
    client.add_tags_to_stream(StreamName=STREAM, Tags={"playground:lab": "kinesis-shards"})
    assert stream_tagged(look, STREAM).passed


def test_records_by_key_wants_repeated_keys_on_enough_shards(ctx: LabContext,
                                                             look: LabContext) -> None:
    two_shards(ctx)
    assert records_by_key(look, STREAM).message == f"{STREAM} holds no records yet"
    put_records(ctx, STREAM, partition_keys=["alice", "dave", "alice", "dave"])  # both shard 0
    one_shard = records_by_key(look, STREAM, keys_at_least=2, per_key=2, shards_at_least=2)
    assert not one_shard.passed
    assert one_shard.message == ("all 4 records are on shard 0; the step wants records on at "
                                 "least 2 shards: try other keys")
    too_few = records_by_key(look, STREAM, keys_at_least=3, per_key=2)
    assert not too_few.passed
    assert too_few.message == (f"{STREAM} holds 4 records: 2 partition keys put 2+ times "
                               "(alice, dave); the step wants at least 3")
    put_records(ctx, STREAM, partition_keys=["bob", "bob"])
    result = records_by_key(look, STREAM, keys_at_least=3, per_key=2, shards_at_least=2)
    assert result.passed, result.message
    assert result.message == ("each key stays on one shard: alice → shard 0 (2); "
                              "bob → shard 1 (2); dave → shard 0 (2)")


def test_records_by_key_catches_an_explicit_hash_key(ctx: LabContext, look: LabContext,
                                                     target: Any) -> None:
    two_shards(ctx)
    assert hash_key("alice") < HALF  # its own hash puts it on shard 0
    target.client("kinesis").put_record(StreamName=STREAM, Data=b"x", PartitionKey="alice",
                                        ExplicitHashKey=str(HALF + 1))
    result = records_by_key(look, STREAM)
    assert not result.passed
    assert "1 record with key alice are on shard 1" in result.message
    assert "--explicit-hash-key" in result.message


def test_hot_key_counts_one_key_on_one_shard(ctx: LabContext, look: LabContext) -> None:
    two_shards(ctx)
    put_records(ctx, STREAM, partition_keys=["alice", "alice", "bob"])
    cold = hot_key(look, STREAM, at_least=10)
    assert not cold.passed
    assert cold.message == ("the busiest key is alice, with 2 records on shard 0; the step "
                            "wants one key with at least 10 records on one shard")
    assert hot_key(look, STREAM, 1, partition_key="hot-key").message == (
        f"{STREAM} holds no records with key hot-key yet")
    put_records(ctx, STREAM, partition_key="hot-key", count=12)
    result = hot_key(look, STREAM, at_least=10, partition_key="hot-key")
    assert result.passed
    assert result.message == ("shard 1 holds 12 records with key hot-key, every one of them; "
                              "shard 0 holds 2 records")
    assert hot_key(look, STREAM, at_least=10).passed  # any key will do


def test_split_then_merge_on_the_emulator(ctx: LabContext, look: LabContext) -> None:
    two_shards(ctx)
    unsplit = shard_split(look, STREAM, "hot-key")
    assert not unsplit.passed and "not split from another shard" in unsplit.message
    assert split_shard(ctx, STREAM, partition_key="hot-key") == (
        f"split shard 1 of {STREAM} at the middle of its range")
    covered = keyspace_covered(look, STREAM)
    assert covered.passed
    assert covered.message == ("3 open shards cover the whole keyspace: shard 0 (0–50%), "
                               "shard 2 (50–75%), shard 3 (75–100%)")
    assert not keyspace_covered(look, STREAM, percent_at_most=25).passed
    split = shard_split(look, STREAM, "hot-key")
    assert split.passed, split.message  # ministack no longer lists shard 1, still passes
    assert split.message.startswith("hot-key goes to shard 2 (50–75%), split from shard 1 "
                                    "with shard 3 (75–100%)")
    assert merge_shards(ctx, STREAM) == f"merged shard 2 and shard 3 of {STREAM}"
    merged = keyspace_covered(look, STREAM, percent_at_most=50)
    assert merged.passed, merged.message


# --- stubs: what the emulator cannot show ------------------------------------------------------
def shard(n: int, start: int, end: int, parent: str | None = None, adjacent: str | None = None,
          open_: bool = True) -> Shard:
    return Shard(f"shardId-{n:012d}", start, end, parent, adjacent, open_)


@dataclass
class StubKinesis:
    listed: list[Shard]
    records: dict[str, list[str]] = field(default_factory=dict)
    """Partition keys of the records on each shard id."""

    def shards(self, name: str) -> list[Shard]:
        return self.listed

    def iterator(self, name: str, shard_id: str, kind: str = "TRIM_HORIZON") -> str:
        return shard_id

    def read(self, iterator: str, limit: int = 1000) -> RecordsPage:
        keys = self.records.get(iterator, [])
        return RecordsPage([{"PartitionKey": k} for k in keys], None, 0, [])


@dataclass
class StubContext:
    kinesis: StubKinesis
    lab_id: str = "kinesis-shards"


def stub(shards: list[Shard], records: dict[str, list[str]] | None = None) -> Any:
    return StubContext(StubKinesis(shards, records or {}))


def test_keyspace_covered_finds_gaps_and_overlaps() -> None:
    gap = stub([shard(0, 0, HALF - 2), shard(1, HALF, MAX_HASH_KEY)])
    assert keyspace_covered(gap, STREAM).message == (
        "no open shard takes hash keys 50–50% of the keyspace")
    overlap = stub([shard(0, 0, HALF), shard(1, HALF, MAX_HASH_KEY)])
    assert keyspace_covered(overlap, STREAM).message == "shard 1 overlaps the shard before it"
    short = stub([shard(0, 0, HALF - 1)])
    assert keyspace_covered(short, STREAM).message == (
        "no open shard takes hash keys 50–100% of the keyspace")
    closed_only = stub([shard(0, 0, MAX_HASH_KEY, open_=False)])
    assert not keyspace_covered(closed_only, STREAM).passed
    # Emulators cut the keyspace a hash key off even; 50% still means 50%.
    uneven = stub([shard(0, 0, HALF - 2), shard(1, HALF - 1, MAX_HASH_KEY)])
    assert keyspace_covered(uneven, STREAM, percent_at_most=50).passed


def split_stream(parent_end: int = MAX_HASH_KEY) -> list[Shard]:
    mid = HALF + HALF // 2
    return [shard(0, 0, HALF - 1), shard(1, HALF, parent_end, open_=False),
            shard(2, HALF, mid - 1, parent="shardId-000000000001"),
            shard(3, mid, MAX_HASH_KEY, parent="shardId-000000000001")]


def test_shard_split_checks_a_listed_parent() -> None:
    assert hash_key("hot-key") > HALF  # hot-key goes to shard 2 below
    kept = shard_split(stub(split_stream()), STREAM, "hot-key")
    assert kept.passed and kept.message.endswith("; shard 1 is CLOSED")
    mismatch = shard_split(stub(split_stream(parent_end=MAX_HASH_KEY - 5)), STREAM, "hot-key")
    assert not mismatch.passed and "do not cover shard 1's range" in mismatch.message
    orphan = [s for s in split_stream() if s.shard_id != "shardId-000000000003"]
    orphan.append(shard(4, HALF + HALF // 2, MAX_HASH_KEY))
    alone = shard_split(stub(orphan), STREAM, "hot-key")
    assert not alone.passed and "no open sibling shares that parent" in alone.message


def test_key_across_split_wants_old_records_in_the_parent_and_new_in_the_child() -> None:
    no_parent = stub([shard(0, 0, MAX_HASH_KEY)])
    assert key_across_split(no_parent, STREAM, "hot-key").message == (
        f"{STREAM} lists no closed shard: split a shard first")
    before = stub(split_stream(), {"shardId-000000000001": ["hot-key"] * 3 + ["bob"]})
    waiting = key_across_split(before, STREAM, "hot-key")
    assert not waiting.passed
    assert waiting.message == ("shard 1 (CLOSED) holds 3 records with key hot-key; put one "
                               "more: it goes to shard 2")
    empty_parent = stub(split_stream(), {"shardId-000000000002": ["hot-key"]})
    assert "holds no records with key hot-key" in key_across_split(
        empty_parent, STREAM, "hot-key").message
    after = stub(split_stream(), {"shardId-000000000001": ["hot-key"] * 3,
                                  "shardId-000000000002": ["hot-key"]})
    result = key_across_split(after, STREAM, "hot-key")
    assert result.passed
    assert result.message == ("hot-key: 3 records stay in shard 1 (CLOSED); "
                              "1 new in its child shard 2")


def test_narrowest_pair_picks_the_children_of_the_latest_split() -> None:
    opened = [s for s in split_stream() if s.open]
    low, high = narrowest_pair(opened) or (None, None)
    assert (low and low.shard_id, high and high.shard_id) == (
        "shardId-000000000002", "shardId-000000000003")
    assert narrowest_pair([shard(0, 0, MAX_HASH_KEY)]) is None


def test_the_kinesis_lab_skips_reading_parents_where_the_target_deletes_them(target: Any) -> None:
    from playground.lab.catalog import load_catalog
    from playground.lab.engine import LabSession

    lab = next(lab for lab in load_catalog().labs if lab.id == "kinesis-shards")
    requires = {s.id: s.requires for s in lab.steps if s.requires}
    assert requires == {"after-the-split": ["split-keeps-parent"]}
    note = LabSession(lab, target).unavailable()["after-the-split"]
    assert note.startswith("On this target, splitting or merging shards deletes the parent")
