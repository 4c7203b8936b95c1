"""Kinesis checks: shards, where records landed by partition key, hot keys, splits and merges,
consumers, checkpoints and retention.

They read the stream as a consumer would (ListShards, then GetRecords from TRIM_HORIZON on
every listed shard) and reason with the hash-key ranges the target reports, so a learner can
pass them from the workbench or the `aws` CLI alike.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from playground.aws.common import error_code
from playground.aws.kinesis.hash import KEYSPACE, MAX_HASH_KEY, hash_key, shard_for, span_text
from playground.aws.kinesis.lineage import short_id
from playground.aws.kinesis.service import Shard
from playground.lab.cleanup import is_ours
from playground.lab.context import LAB_TAG_KEY, LabContext
from playground.lab.registry import CheckResult, check, failed, passed, plural, unmet

MAX_PAGES = 20
"""GetRecords calls per shard at most: a lab stream holds a few hundred records."""
PAGE_LIMIT = 10_000
"""The most records one GetRecords call may return (the API's maximum)."""
SHARE_SLACK = 1e-9
"""Emulators cut the keyspace a hash key or so off AWS's even split: not worth a failure."""


@dataclass(frozen=True)
class ShardRecords:
    """What a consumer reading one shard from its start finds: records by partition key."""

    shard: Shard
    keys: Counter[str]
    misplaced: Counter[str]
    """Records whose partition key hashes outside the shard's range (ExplicitHashKey)."""

    @property
    def total(self) -> int:
        return sum(self.keys.values())


def _missing_stream(exc: Exception) -> bool:
    return error_code(exc) == "ResourceNotFoundException"


def _shards(ctx: LabContext, stream: str) -> list[Shard] | None:
    """The stream's listed shards (open and closed), or None when there is no such stream."""
    try:
        return ctx.kinesis.shards(stream)
    except Exception as exc:
        if _missing_stream(exc):
            return None
        raise


def read_shard(ctx: LabContext, stream: str, shard: Shard) -> ShardRecords:
    """Every record of a shard, from TRIM_HORIZON to where the shard (or its data) ends."""
    keys: Counter[str] = Counter()
    misplaced: Counter[str] = Counter()
    iterator: str | None = ctx.kinesis.iterator(stream, shard.shard_id, "TRIM_HORIZON")
    for _ in range(MAX_PAGES):
        if iterator is None:
            break
        page = ctx.kinesis.read(iterator, PAGE_LIMIT)
        for record in page.records:
            key = str(record.get("PartitionKey", ""))
            keys[key] += 1
            if not shard.start_hash <= hash_key(key) <= shard.end_hash:
                misplaced[key] += 1
        caught_up = page.millis_behind == 0 or page.millis_behind is None
        if caught_up and len(page.records) < PAGE_LIMIT:
            break  # at the tip of an open shard (an empty page alone can be a gap on AWS)
        iterator = page.next_iterator
    return ShardRecords(shard, keys, misplaced)


def read_stream(ctx: LabContext, stream: str) -> list[ShardRecords] | None:
    """Every listed shard's records; None when the stream does not exist. A shard that goes
    away while it is read (an emulator deleting a split parent) counts as empty."""
    shards = _shards(ctx, stream)
    if shards is None:
        return None
    out: list[ShardRecords] = []
    for shard in shards:
        try:
            out.append(read_shard(ctx, stream, shard))
        except Exception as exc:
            if not _missing_stream(exc):
                raise
            out.append(ShardRecords(shard, Counter(), Counter()))
    return out


def _no_stream(stream: str) -> CheckResult:
    return failed(f"stream {stream} does not exist yet")


def _name(shard: Shard) -> str:
    return short_id(shard.shard_id)


def share(shard: Shard) -> float:
    """The fraction of the keyspace the shard's hash-key range covers."""
    return (shard.end_hash - shard.start_hash + 1) / KEYSPACE


def _misplaced_text(found: list[ShardRecords]) -> str | None:
    for sr in found:
        for key, n in sr.misplaced.items():
            return (f"{plural(n, 'record')} with key {key} are on {_name(sr.shard)}, whose range "
                    f"does not hold the key's hash key: were they put with --explicit-hash-key? "
                    "This step wants the partition key to choose the shard")
    return None


@check("stream_shards", service="kinesis")
def stream_shards(ctx: LabContext, stream: str, equals: int | None = None,
                  at_least: int | None = None, at_most: int | None = None) -> CheckResult:
    """The stream exists and has this many open shards."""
    shards = _shards(ctx, stream)
    if shards is None:
        return _no_stream(stream)
    n = sum(s.open for s in shards)
    wanted = unmet(n, equals=equals, at_least=at_least, at_most=at_most)
    if wanted:
        return failed(f"{stream} has {plural(n, 'open shard')}; {wanted}")
    return passed(f"{stream} has {plural(n, 'open shard')}")


@check("stream_tagged", service="kinesis")
def stream_tagged(ctx: LabContext, stream: str) -> CheckResult:
    """The stream carries the lab's tag (or the playground's), so `lab reset` can delete it."""
    try:
        tags = {t["Key"]: t.get("Value", "") for t in ctx.kinesis.client.list_tags_for_stream(
            StreamName=stream).get("Tags", [])}
    except Exception as exc:
        if _missing_stream(exc):
            return _no_stream(stream)
        raise
    if not is_ours(tags, ctx.lab_id):
        have = ", ".join(f"{k}={v}" for k, v in sorted(tags.items())) or "no tags"
        return failed(f"{stream} has {have}; the step wants the tag {LAB_TAG_KEY}={ctx.lab_id} "
                      "(add it with add-tags-to-stream)")
    return passed(f"{stream} is tagged for this lab")


@check("records_by_key", service="kinesis")
def records_by_key(ctx: LabContext, stream: str, keys_at_least: int = 1, per_key: int = 1,
                   shards_at_least: int = 1) -> CheckResult:
    """At least `keys_at_least` keys with `per_key` records each, on `shards_at_least` shards.

    Every record must be on the shard its partition key's MD5 hash key falls in (no
    --explicit-hash-key)."""
    found = read_stream(ctx, stream)
    if found is None:
        return _no_stream(stream)
    totals: Counter[str] = Counter()
    home: dict[str, set[str]] = {}
    for sr in found:
        totals.update(sr.keys)
        for key in sr.keys:
            home.setdefault(key, set()).add(_name(sr.shard))
    count = sum(totals.values())
    if not count:
        return failed(f"{stream} holds no records yet")
    wrong = _misplaced_text(found)
    if wrong:
        return failed(wrong)
    keys = sorted(k for k, n in totals.items() if n >= per_key)
    if len(keys) < keys_at_least:
        what = plural(len(keys), "partition key") + (f" put {per_key}+ times" if per_key > 1
                                                       else "")
        have = f" ({', '.join(keys[:6])})" if keys else ""
        return failed(f"{stream} holds {plural(count, 'record')}: {what}{have}; the step wants "
                      f"at least {keys_at_least}")
    used = [sr for sr in found if sr.total]
    if len(used) < shards_at_least:
        where = ", ".join(_name(sr.shard) for sr in used)
        return failed(f"all {plural(count, 'record')} are on {where}; the step wants records on "
                      f"at least {plural(shards_at_least, 'shard')}: try other keys")
    shown = [f"{k} → {', '.join(sorted(home[k]))} ({totals[k]})" for k in keys[:6]]
    more = f", and {len(keys) - 6} more" if len(keys) > 6 else ""
    return passed(f"each key stays on one shard: {'; '.join(shown)}{more}")


@check("hot_key", service="kinesis")
def hot_key(ctx: LabContext, stream: str, at_least: int,
            partition_key: str | None = None) -> CheckResult:
    """One shard holds at least `at_least` records with one partition key (this one, or any)."""
    found = read_stream(ctx, stream)
    if found is None:
        return _no_stream(stream)
    best: tuple[int, str, ShardRecords] | None = None
    for sr in found:
        for key, n in sr.keys.items():
            if partition_key is not None and key != partition_key:
                continue
            if best is None or n > best[0]:
                best = (n, key, sr)
    wanted = f"key {partition_key}" if partition_key else "one key"
    if best is None:
        return failed(f"{stream} holds no records" + (f" with key {partition_key}"
                                                       if partition_key else "") + " yet")
    n, key, hot = best
    if n < at_least:
        return failed(f"the busiest key is {key}, with {plural(n, 'record')} on "
                      f"{_name(hot.shard)}; the step wants {wanted} with at least {at_least} "
                      "records on one shard")
    elsewhere = sum(sr.keys[key] for sr in found if sr is not hot)
    rest = "; ".join(f"{_name(sr.shard)} holds {plural(sr.total, 'record')}"
                     for sr in found if sr is not hot)
    return passed(f"{_name(hot.shard)} holds {n} records with key {key}"
                  + (f" ({elsewhere} more elsewhere)" if elsewhere else ", every one of them")
                  + (f"; {rest}" if rest else ""))


@check("keyspace_covered", service="kinesis")
def keyspace_covered(ctx: LabContext, stream: str,
                     percent_at_most: float | None = None) -> CheckResult:
    """The open shards cover hash keys 0 to 2^128-1 with no gap or overlap (none over the %).

    `percent_at_most`: no open shard's range may cover more of the keyspace than that."""
    shards = _shards(ctx, stream)
    if shards is None:
        return _no_stream(stream)
    opened = sorted((s for s in shards if s.open), key=lambda s: s.start_hash)
    if not opened:
        return failed(f"{stream} has no open shard")
    expected = 0
    for shard in opened:
        if shard.start_hash > expected:
            return failed(f"no open shard takes hash keys {span_text(expected, shard.start_hash - 1)}"
                          " of the keyspace")
        if shard.start_hash < expected:
            return failed(f"{_name(shard)} overlaps the shard before it")
        expected = shard.end_hash + 1
    if expected <= MAX_HASH_KEY:
        return failed(f"no open shard takes hash keys {span_text(expected, MAX_HASH_KEY)} of the "
                      "keyspace")
    spans = ", ".join(f"{_name(s)} ({span_text(s.start_hash, s.end_hash)})" for s in opened)
    if percent_at_most is not None:
        wide = [s for s in opened if share(s) > percent_at_most / 100 + SHARE_SLACK]
        if wide:
            return failed(f"{_name(wide[0])} covers {span_text(wide[0].start_hash, wide[0].end_hash)}"
                          f" of the keyspace; the step wants no shard over {percent_at_most:g}% "
                          f"({spans})")
    return passed(f"{plural(len(opened), 'open shard')} cover the whole keyspace: {spans}")


def _open_shard_for(shards: list[Shard], partition_key: str) -> Shard | None:
    return shard_for(hash_key(partition_key), shards)


def _home(shards: list[Shard], stream: str, partition_key: str) -> Shard | CheckResult:
    """The open shard that takes the key, or the failure to report when none does."""
    home = _open_shard_for(shards, partition_key)
    if home is None:
        return failed(f"no open shard of {stream} takes key {partition_key}")
    return home


@dataclass(frozen=True)
class _SplitHome:
    """The open shard that takes a key, split from `parent`, among the stream's shards."""

    shards: list[Shard]
    shard: Shard
    parent: str
    where: str
    """Where the key goes, in words: the shard and its hash-key range."""


def _split_home(ctx: LabContext, stream: str, partition_key: str) -> _SplitHome | CheckResult:
    """The open shard that takes the key, where a split made it; otherwise the failure to
    report: no such stream, no open shard for the key, or one not split from another."""
    shards = _shards(ctx, stream)
    if shards is None:
        return _no_stream(stream)
    home = _home(shards, stream, partition_key)
    if isinstance(home, CheckResult):
        return home
    where = f"{partition_key} goes to {_name(home)} ({span_text(home.start_hash, home.end_hash)})"
    if home.parent is None or home.adjacent_parent is not None:
        return failed(f"{where}, which was not split from another shard: split it")
    return _SplitHome(shards, home, home.parent, where)


@check("shard_split", service="kinesis")
def shard_split(ctx: LabContext, stream: str, partition_key: str) -> CheckResult:
    """The open shard that takes the key was split from a parent, beside an open sibling.

    Both name the same ParentShardId; where the target still lists the parent, it is CLOSED
    and its range is theirs together."""
    split = _split_home(ctx, stream, partition_key)
    if isinstance(split, CheckResult):
        return split
    shards, child, where = split.shards, split.shard, split.where
    siblings = [s for s in shards if s.open and s is not child and s.parent == split.parent
                and s.adjacent_parent is None]
    sibling = next((s for s in siblings if s.start_hash == child.end_hash + 1
                    or s.end_hash + 1 == child.start_hash), None)
    if sibling is None:
        return failed(f"{where}; it came from {short_id(split.parent)}, but no open sibling "
                      "shares that parent any more")
    parent = next((s for s in shards if s.shard_id == split.parent), None)
    low, high = sorted((child, sibling), key=lambda s: s.start_hash)
    text = (f"{where}, split from {short_id(split.parent)} with {_name(sibling)} "
            f"({span_text(sibling.start_hash, sibling.end_hash)})")
    if parent is None:
        return passed(f"{text}; this target no longer lists {short_id(split.parent)}")
    if (parent.start_hash, parent.end_hash) != (low.start_hash, high.end_hash):
        return failed(f"{text}, but together they do not cover {_name(parent)}'s range")
    return passed(f"{text}; {_name(parent)} is CLOSED")


@check("key_across_split", service="kinesis")
def key_across_split(ctx: LabContext, stream: str, partition_key: str) -> CheckResult:
    """The key's records are in a CLOSED parent shard (put before a split) and its open child.

    The parent keeps its records, new ones go to the child. Needs a target that keeps split
    parents (`requires: [split-keeps-parent]`)."""
    found = read_stream(ctx, stream)
    if found is None:
        return _no_stream(stream)
    closed = {sr.shard.shard_id: sr for sr in found if not sr.shard.open}
    if not closed:
        return failed(f"{stream} lists no closed shard: split a shard first")
    child = _home([sr.shard for sr in found], stream, partition_key)
    if isinstance(child, CheckResult):
        return child
    parents = [closed[p] for p in child.parents if p in closed]
    if not parents:
        return failed(f"{partition_key} goes to {_name(child)}, which is not the child of a "
                      "closed shard this target lists")
    old = next((sr for sr in parents if sr.keys[partition_key]), None)
    if old is None:
        return failed(f"{_name(parents[0].shard)}, the parent of {_name(child)}, holds no "
                      f"records with key {partition_key}")
    new = next(sr for sr in found if sr.shard is child)
    before = plural(old.keys[partition_key], "record")
    if not new.keys[partition_key]:
        return failed(f"{_name(old.shard)} (CLOSED) holds {before} with key {partition_key}; "
                      f"put one more: it goes to {_name(child)}")
    return passed(f"{partition_key}: {before} stay in {_name(old.shard)} (CLOSED); "
                  f"{new.keys[partition_key]} new in its child {_name(child)}")


# --- finding a hot shard, splitting a key off, consumers and where they start -----------------
def _stream_tags(ctx: LabContext, stream: str) -> dict[str, str] | None:
    try:
        return ctx.kinesis.tags(stream)
    except Exception as exc:
        if _missing_stream(exc):
            return None
        raise


def _shards_and_tags(ctx: LabContext,
                     stream: str) -> tuple[list[Shard], dict[str, str]] | CheckResult:
    """The stream's shards and tags, or the failure to report when there is no such stream."""
    shards = _shards(ctx, stream)
    tags = _stream_tags(ctx, stream) if shards is not None else None
    if shards is None or tags is None:
        return _no_stream(stream)
    return shards, tags


@check("shard_named_in_tag", service="kinesis")
def shard_named_in_tag(ctx: LabContext, stream: str, tag: str, partition_key: str) -> CheckResult:
    """The stream's tag `tag` names the open shard that takes `partition_key` (a learner's answer).

    The shard whose hash-key range holds the key's MD5 hash key; the full id or its number."""
    both = _shards_and_tags(ctx, stream)
    if isinstance(both, CheckResult):
        return both
    shards, tags = both
    home = _home(shards, stream, partition_key)
    if isinstance(home, CheckResult):
        return home
    answer = tags.get(tag)
    if answer is None:
        return failed(f"{stream} has no tag {tag} yet; the step wants {tag}=<the id of the shard "
                      f"that takes {partition_key}>")
    said = answer.strip()
    if said not in (home.shard_id, _name(home), home.shard_id.rsplit("-", 1)[-1]):
        named = next((s for s in shards if said in (s.shard_id, _name(s))), None)
        where = (f"{_name(named)} takes hash keys {span_text(named.start_hash, named.end_hash)}"
                 if named else f"{stream} has no shard {said!r}")
        pct = hash_key(partition_key) * 100 / KEYSPACE
        return failed(f"{tag}={said}, but {where}; {partition_key}'s hash key is {pct:.1f}% of "
                      "the way through the keyspace")
    return passed(f"{tag}={said}: {partition_key} goes to {home.shard_id} "
                  f"({span_text(home.start_hash, home.end_hash)})")


@check("key_split_off", service="kinesis")
def key_split_off(ctx: LabContext, stream: str, partition_key: str,
                  others: list[str]) -> CheckResult:
    """The open shard taking `partition_key` came from a split and takes none of `others`.

    `others`: the keys that shared the shard with it before; a split there should move them to
    the sibling, so the busy key's shard serves it alone."""
    split = _split_home(ctx, stream, partition_key)
    if isinstance(split, CheckResult):
        return split
    shards, home, where = split.shards, split.shard, split.where
    shared = [k for k in others if _open_shard_for(shards, k) is home]
    if shared:
        return failed(f"{where} with {', '.join(shared)}: split at a hash key between "
                      f"{partition_key}'s and theirs")
    moved = sorted({_name(s) for k in others if (s := _open_shard_for(shards, k)) is not None})
    return passed(f"{where}, alone among {', '.join(others)} (now on {', '.join(moved)})")


def _records_from(ctx: LabContext, stream: str, shard_id: str,
                  **start: Any) -> list[dict[str, Any]]:
    """The records a consumer reads from a start position to the shard's tip (a few pages)."""
    iterator: str | None = str(ctx.kinesis.client.get_shard_iterator(
        StreamName=stream, ShardId=shard_id, **start)["ShardIterator"])
    out: list[dict[str, Any]] = []
    for _ in range(MAX_PAGES):
        if iterator is None:
            break
        page = ctx.kinesis.read(iterator, PAGE_LIMIT)
        out.extend(page.records)
        if (page.millis_behind in (0, None)) and len(page.records) < PAGE_LIMIT:
            break
        iterator = page.next_iterator
    return out


@check("sequence_in_tag", service="kinesis")
def sequence_in_tag(ctx: LabContext, stream: str, tag: str, partition_key: str) -> CheckResult:
    """The stream's tag `tag` holds the sequence number of the record put with `partition_key`.

    A consumer's checkpoint: the last record it processed (the first with that key)."""
    both = _shards_and_tags(ctx, stream)
    if isinstance(both, CheckResult):
        return both
    found, tags = both
    record: dict[str, Any] | None = None
    for shard in found:
        for r in _records_from(ctx, stream, shard.shard_id, ShardIteratorType="TRIM_HORIZON"):
            if r.get("PartitionKey") == partition_key:
                record = r
                break
        if record is not None:
            break
    if record is None:
        return failed(f"{stream} holds no record with key {partition_key} yet")
    sequence = str(record["SequenceNumber"])
    said = tags.get(tag)
    if said is None:
        return failed(f"{stream} has no tag {tag} yet; the step wants {tag}=<the sequence number "
                      f"of the {partition_key} record>")
    if said.strip() != sequence:
        return failed(f"{tag}={said.strip()[:40]}, but the {partition_key} record's sequence "
                      f"number is {sequence}")
    return passed(f"{tag}={sequence}, the sequence number of the {partition_key} record")


def parse_time(text: str) -> float | None:
    """Epoch seconds (`1765000000`, `1765000000.480`) or ISO 8601 (`2026-12-06T16:43:41Z`),
    as GetShardIterator's Timestamp takes them; None when it is neither."""
    value = text.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = datetime.fromisoformat(value)
        except ValueError:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return when.timestamp()
    return seconds if math.isfinite(seconds) and 0 <= seconds < 10**11 else None


@check("replay_from_tag", service="kinesis")
def replay_from_tag(ctx: LabContext, stream: str, tag: str, first_key: str) -> CheckResult:
    """Read AT_TIMESTAMP from the time in the stream's tag `tag`, the first record has `first_key`.

    The time is epoch seconds or ISO 8601; the check asks the target for an AT_TIMESTAMP
    iterator on each open shard, so it passes only where the replay starts at that record."""
    both = _shards_and_tags(ctx, stream)
    if isinstance(both, CheckResult):
        return both
    shards, tags = both
    said = tags.get(tag)
    if said is None:
        return failed(f"{stream} has no tag {tag} yet; the step wants {tag}=<a time just before "
                      f"the {first_key} record arrived>")
    when = parse_time(said)
    if when is None:
        return failed(f"{tag}={said[:40]} is not a time: use epoch seconds (date +%s) or "
                      "ISO 8601 (2026-12-06T16:43:41Z)")
    stamp = datetime.fromtimestamp(when, UTC)
    firsts: list[dict[str, Any]] = []
    for shard in (s for s in shards if s.open):
        read = _records_from(ctx, stream, shard.shard_id, ShardIteratorType="AT_TIMESTAMP",
                             Timestamp=stamp)
        if read:
            firsts.append(read[0])
    at = stamp.isoformat(timespec="seconds").replace("+00:00", "Z")
    if not firsts:
        return failed(f"reading from {at} finds no record: the time is after the last one")
    first = min(firsts, key=lambda r: r.get("ApproximateArrivalTimestamp") or stamp)
    key = str(first.get("PartitionKey", ""))
    if key != first_key:
        return failed(f"reading from {at} starts at the {key} record; the step wants it to start "
                      f"at {first_key}: a time after the records before it, before {first_key}")
    return passed(f"AT_TIMESTAMP {at} starts at the {first_key} record")


@check("stream_retention", service="kinesis")
def stream_retention(ctx: LabContext, stream: str, hours_at_least: int | None = None,
                     hours_equals: int | None = None) -> CheckResult:
    """The stream keeps records this many hours (RetentionPeriodHours)."""
    try:
        hours = ctx.kinesis.summary(stream).retention_hours
    except Exception as exc:
        if _missing_stream(exc):
            return _no_stream(stream)
        raise
    wanted = unmet(hours, equals=hours_equals, at_least=hours_at_least)
    if wanted:
        return failed(f"{stream} keeps records {plural(hours, 'hour')}; {wanted}")
    return passed(f"{stream} keeps records {plural(hours, 'hour')}")


@check("stream_consumer", service="kinesis")
def stream_consumer(ctx: LabContext, stream: str, consumer: str) -> CheckResult:
    """A consumer with this name is registered with the stream (enhanced fan-out) and ACTIVE."""
    try:
        arn = ctx.kinesis.stream_arn(stream)
    except Exception as exc:
        if _missing_stream(exc):
            return _no_stream(stream)
        raise
    consumers = ctx.kinesis.list_consumers(arn)
    mine = next((c for c in consumers if c.get("ConsumerName") == consumer), None)
    if mine is None:
        have = ", ".join(str(c.get("ConsumerName")) for c in consumers) or "no consumer"
        return failed(f"{stream} has {have}; the step wants a consumer named {consumer}")
    status = str(mine.get("ConsumerStatus", "?"))
    if status != "ACTIVE":
        return failed(f"consumer {consumer} is {status}; it can subscribe once ACTIVE")
    return passed(f"consumer {consumer} is registered with {stream} and ACTIVE")
