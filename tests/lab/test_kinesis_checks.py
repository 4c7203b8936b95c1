"""The Kinesis lab checks and actions: on the emulator, and on stubs for what it cannot show
(gaps in the keyspace, parents kept CLOSED after a split)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from playground.aws.kinesis.hash import MAX_HASH_KEY, hash_key
from playground.aws.kinesis.service import RecordsPage, Shard
from playground.lab.actions.kinesis import (
    merge_shards,
    narrowest_pair,
    put_records,
    put_records_after_mark,
    register_consumer,
    set_retention,
    split_shard,
    tag_sequence_number,
    tag_shard_of_key,
)
from playground.lab.checks.kinesis import (
    hot_key,
    key_across_split,
    key_split_off,
    keyspace_covered,
    parse_time,
    records_by_key,
    replay_from_tag,
    sequence_in_tag,
    shard_named_in_tag,
    shard_split,
    stream_consumer,
    stream_retention,
    stream_tagged,
)
from playground.lab.context import LabContext
from tests.lab.helpers import lab_contexts

STREAM = "pg-kt-orders"
HALF = 2**127


ctx, look = lab_contexts("kinesis-shards", "pg-kt-")


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


# --- the hot-key and the consumers labs' checks, on the emulator --------------------------------
def test_new_checks_say_when_the_stream_is_missing(look: LabContext) -> None:
    for result in (shard_named_in_tag(look, STREAM, "hot-shard", "k"),
                   key_split_off(look, STREAM, "k", ["j"]),
                   sequence_in_tag(look, STREAM, "checkpoint", "k"),
                   replay_from_tag(look, STREAM, "replay-from", "k"),
                   stream_retention(look, STREAM, hours_at_least=48),
                   stream_consumer(look, STREAM, "c")):
        assert not result.passed
        assert result.message == f"stream {STREAM} does not exist yet"


def test_shard_named_in_tag_wants_the_shard_the_key_hashes_to(ctx: LabContext, look: LabContext,
                                                              target: Any) -> None:
    two_shards(ctx)
    assert hash_key("/deals") > HALF  # 53.5% of the keyspace: shard 1
    untagged = shard_named_in_tag(look, STREAM, "hot-shard", "/deals")
    assert not untagged.passed and f"{STREAM} has no tag hot-shard yet" in untagged.message
    client = target.client("kinesis")
    client.add_tags_to_stream(StreamName=STREAM, Tags={"hot-shard": "shardId-000000000000"})
    wrong = shard_named_in_tag(look, STREAM, "hot-shard", "/deals")
    assert not wrong.passed
    assert wrong.message == ("hot-shard=shardId-000000000000, but shard 0 takes hash keys "
                             "0–50%; /deals's hash key is 53.5% of the way through the keyspace")
    client.add_tags_to_stream(StreamName=STREAM, Tags={"hot-shard": "shardId-000000000009"})
    assert "has no shard 'shardId-000000000009'" in shard_named_in_tag(
        look, STREAM, "hot-shard", "/deals").message
    assert tag_shard_of_key(ctx, STREAM, "hot-shard", "/deals") == (
        f"tagged {STREAM} hot-shard=shardId-000000000001")
    right = shard_named_in_tag(look, STREAM, "hot-shard", "/deals")
    assert right.passed
    assert right.message == "hot-shard=shardId-000000000001: /deals goes to shardId-000000000001 (50–100%)"


OTHERS = ["/account", "/checkout", "/news"]


def test_key_split_off_wants_the_neighbours_on_the_sibling(ctx: LabContext,
                                                           look: LabContext) -> None:
    two_shards(ctx)
    unsplit = key_split_off(look, STREAM, "/deals", OTHERS)
    assert not unsplit.passed and "which was not split from another shard" in unsplit.message
    split_shard(ctx, STREAM, partition_key="/deals")  # the midpoint, 75%
    shared = key_split_off(look, STREAM, "/deals", OTHERS)
    assert not shared.passed
    assert shared.message == ("/deals goes to shard 2 (50–75%) with /account, /checkout: split "
                              "at a hash key between /deals's and theirs")


def test_a_split_just_above_the_key_gives_it_a_shard_of_its_own(ctx: LabContext,
                                                                 look: LabContext) -> None:
    two_shards(ctx)
    assert split_shard(ctx, STREAM, partition_key="/deals", just_above_key=True) == (
        f"split shard 1 of {STREAM} just above /deals's hash key")
    alone = key_split_off(look, STREAM, "/deals", OTHERS)
    assert alone.passed, alone.message
    assert alone.message == ("/deals goes to shard 2 (50–53.5%), alone among /account, "
                             "/checkout, /news (now on shard 3)")
    assert keyspace_covered(look, STREAM).passed
    # The two children are the narrowest adjacent pair: merging them restores shard 1's range.
    assert merge_shards(ctx, STREAM) == f"merged shard 2 and shard 3 of {STREAM}"
    assert keyspace_covered(look, STREAM, percent_at_most=50).passed


def one_shard_with_payments(ctx: LabContext, n: int = 3) -> None:
    ctx.kinesis.create_stream(STREAM, 1, tags=ctx.lab_tags())
    ctx.kinesis.wait_active(STREAM)
    put_records(ctx, STREAM, partition_keys=[f"pay-{i}" for i in range(1, n + 1)])


def test_sequence_in_tag_wants_the_records_sequence_number(ctx: LabContext, look: LabContext,
                                                           target: Any) -> None:
    ctx.kinesis.create_stream(STREAM, 1, tags=ctx.lab_tags())
    ctx.kinesis.wait_active(STREAM)
    assert sequence_in_tag(look, STREAM, "checkpoint", "pay-3").message == (
        f"{STREAM} holds no record with key pay-3 yet")
    put_records(ctx, STREAM, partition_keys=["pay-1", "pay-2", "pay-3"])
    missing = sequence_in_tag(look, STREAM, "checkpoint", "pay-3")
    assert not missing.passed and "has no tag checkpoint yet" in missing.message
    client = target.client("kinesis")
    shard_id = ctx.kinesis.shards(STREAM)[0].shard_id
    records = client.get_records(ShardIterator=ctx.kinesis.iterator(STREAM, shard_id))["Records"]
    second, third = (str(r["SequenceNumber"]) for r in records[1:3])
    client.add_tags_to_stream(StreamName=STREAM, Tags={"checkpoint": second})
    wrong = sequence_in_tag(look, STREAM, "checkpoint", "pay-3")
    assert not wrong.passed
    assert wrong.message == (f"checkpoint={second}, but the pay-3 record's sequence number is "
                             f"{third}")
    assert tag_sequence_number(ctx, STREAM, "checkpoint", "pay-3").startswith(
        f"tagged {STREAM} checkpoint={third}")
    assert sequence_in_tag(look, STREAM, "checkpoint", "pay-3").passed


def test_replay_from_tag_asks_the_target_where_at_timestamp_starts(ctx: LabContext,
                                                                   look: LabContext,
                                                                   target: Any) -> None:
    one_shard_with_payments(ctx)
    client = target.client("kinesis")
    client.add_tags_to_stream(StreamName=STREAM, Tags={"replay-from": "yesterday"})
    assert replay_from_tag(look, STREAM, "replay-from", "pay-4").message == (
        "replay-from=yesterday is not a time: use epoch seconds (date +%s) or ISO 8601 "
        "(2026-12-06T16:43:41Z)")
    client.add_tags_to_stream(StreamName=STREAM, Tags={"replay-from": "2000-01-01T00:00:00Z"})
    early = replay_from_tag(look, STREAM, "replay-from", "pay-4")
    assert not early.passed
    assert early.message.startswith("reading from 2000-01-01T00:00:00Z starts at the pay-1 "
                                    "record; the step wants it to start at pay-4")
    client.add_tags_to_stream(StreamName=STREAM, Tags={"replay-from": "4000000000"})
    late = replay_from_tag(look, STREAM, "replay-from", "pay-4")
    assert not late.passed and late.message.endswith("finds no record: the time is after the "
                                                     "last one")
    said = put_records_after_mark(ctx, STREAM, "replay-from", ["pay-4", "pay-5"])
    assert said.startswith(f"tagged {STREAM} replay-from=") and "(pay-4, pay-5)" in said
    result = replay_from_tag(look, STREAM, "replay-from", "pay-4")
    assert result.passed, result.message
    assert result.message.endswith("starts at the pay-4 record")


@given(st.text(max_size=300))
def test_parse_time_takes_any_tag_text_without_raising(text: str) -> None:
    when = parse_time(text)
    assert when is None or 0 <= when < 10**11


def test_parse_time_reads_epoch_seconds_and_iso_8601() -> None:
    assert parse_time(" 1459799926.480 ") == 1459799926.48
    assert parse_time("2016-04-04T19:58:46.480-00:00") == 1459799926.48
    assert parse_time("2016-04-04T19:58:46Z") == 1459799926
    assert parse_time("1e999999999") is None  # inf
    assert parse_time("nan") is None


def test_stream_retention_and_set_retention(ctx: LabContext, look: LabContext) -> None:
    ctx.kinesis.create_stream(STREAM, 1, tags=ctx.lab_tags())
    ctx.kinesis.wait_active(STREAM)
    short = stream_retention(look, STREAM, hours_at_least=168)
    assert not short.passed
    assert short.message == f"{STREAM} keeps records 24 hours; the step wants at least 168"
    assert set_retention(ctx, STREAM, 168) == f"{STREAM} keeps records 168 hours (was 24)"
    assert stream_retention(look, STREAM, hours_at_least=168).passed
    assert set_retention(ctx, STREAM, 48) == f"{STREAM} keeps records 48 hours (was 168)"
    assert stream_retention(look, STREAM, hours_equals=48).passed


def test_stream_consumer_wants_it_registered_and_active(ctx: LabContext,
                                                        look: LabContext) -> None:
    ctx.kinesis.create_stream(STREAM, 1, tags=ctx.lab_tags())
    ctx.kinesis.wait_active(STREAM)
    none = stream_consumer(look, STREAM, "pg-kt-dashboard")
    assert not none.passed
    assert none.message == (f"{STREAM} has no consumer; the step wants a consumer named "
                            "pg-kt-dashboard")
    assert register_consumer(ctx, STREAM, "pg-kt-dashboard") == (
        f"registered consumer pg-kt-dashboard with {STREAM} (ACTIVE)")
    result = stream_consumer(look, STREAM, "pg-kt-dashboard")
    assert result.passed
    assert result.message == f"consumer pg-kt-dashboard is registered with {STREAM} and ACTIVE"


def test_the_hot_key_lab_skips_the_lineage_where_the_target_deletes_parents(target: Any) -> None:
    from playground.lab.catalog import load_catalog
    from playground.lab.engine import LabSession

    lab = next(lab for lab in load_catalog().labs if lab.id == "kinesis-hot-key-resharding")
    assert {s.id: s.requires for s in lab.steps if s.requires} == {
        "lineage": ["split-keeps-parent"]}
    note = LabSession(lab, target).unavailable()["lineage"]
    assert note.startswith("On this target, splitting or merging shards deletes the parent")
