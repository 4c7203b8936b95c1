"""Kinesis solution actions: streams, records one by one or in batches by partition key, split
and merge shards, checkpoints kept as stream tags, retention and registered consumers."""

from __future__ import annotations

import time
from collections import Counter
from itertools import pairwise

from playground.aws.kinesis.hash import hash_key, midpoint, shard_for
from playground.aws.kinesis.lineage import short_id
from playground.aws.kinesis.service import Shard
from playground.lab.context import LabContext, LabError
from playground.lab.registry import action, plural

BATCH = 500
"""PutRecords takes up to 500 records a call."""
ACTIVE_TIMEOUT_S = 120.0
"""A reshard on AWS takes seconds to a few minutes; emulators are ACTIVE at once or nearly."""


def _wait_active(ctx: LabContext, stream: str) -> None:
    status = ctx.kinesis.wait_status(stream, timeout=ACTIVE_TIMEOUT_S, delay=0.5)
    if status != "ACTIVE":
        raise LabError(f"{stream} is still {status} after {ACTIVE_TIMEOUT_S:.0f} s; "
                       "check again in a minute")


def _open_shards(ctx: LabContext, stream: str) -> list[Shard]:
    return sorted((s for s in ctx.kinesis.shards(stream) if s.open), key=lambda s: s.start_hash)


@action("create_stream", service="kinesis", creates="name", resource="stream")
def create_stream(ctx: LabContext, name: str, shards: int = 1) -> str:
    """Create a provisioned stream, wait until ACTIVE, and tag it for the lab."""
    ctx.kinesis.create_stream(name, shards, tags=ctx.lab_tags())
    ctx.kinesis.wait_active(name)
    # ministack and LocalStack drop CreateStream's Tags; AddTagsToStream (only where they are
    # missing) makes reset find the stream.
    ctx.kinesis.ensure_tags(name, ctx.lab_tags())
    return f"created stream {name} with {shards} shard(s)"


@action("put_record", service="kinesis")
def put_record(ctx: LabContext, stream: str, data: str, partition_key: str) -> str:
    """Put one record on a stream; the partition key's hash picks the shard."""
    shard, _ = ctx.kinesis.put_record(stream, data.encode(), partition_key)
    return f"put a record on {stream} ({shard})"


@action("put_records", service="kinesis")
def put_records(ctx: LabContext, stream: str, partition_keys: list[str] | None = None,
                partition_key: str | None = None, count: int = 1, data: str = "order") -> str:
    """Put one record per key in `partition_keys` and `count` records with `partition_key`.

    In PutRecords batches of up to 500; says which shard each key went to."""
    keys = list(partition_keys or []) + ([partition_key] * count if partition_key else [])
    if not keys:
        raise LabError("put_records needs `partition_keys` or `partition_key`")
    placed: dict[str, Counter[str]] = {}
    for start in range(0, len(keys), BATCH):
        batch = keys[start:start + BATCH]
        shards = ctx.kinesis.put_records(stream, [(k, data.encode()) for k in batch])
        refused = sum(s is None for s in shards)
        if refused:
            raise LabError(f"{stream} refused {plural(refused, 'record')} (throttled?); "
                           "try again")
        for key, shard in zip(batch, shards, strict=True):
            placed.setdefault(key, Counter())[short_id(str(shard))] += 1
    where = "; ".join(f"{k} → {', '.join(f'{s} ({n})' for s, n in c.items())}"
                      for k, c in list(placed.items())[:6])
    return f"put {plural(len(keys), 'record')} on {stream}: {where}"


@action("split_shard", service="kinesis")
def split_shard(ctx: LabContext, stream: str, partition_key: str | None = None,
                shard: str | None = None, just_above_key: bool = False) -> str:
    """Split the shard taking `partition_key` (or the one named) at its midpoint; wait for ACTIVE.

    The midpoint of its hash-key range, so each child takes half of the parent's keys; with
    `just_above_key`, at the key's hash key + 1, so the key is the last of the lower child."""
    _wait_active(ctx, stream)
    opened = _open_shards(ctx, stream)
    if shard is not None:
        chosen = next((s for s in opened if s.shard_id == shard), None)
    elif partition_key is not None:
        chosen = shard_for(hash_key(partition_key), opened)
    else:
        raise LabError("split_shard needs `partition_key` or `shard`")
    if chosen is None:
        raise LabError(f"{stream} has no open shard {shard or 'for key ' + str(partition_key)}")
    at, where = midpoint(chosen), "at the middle of its range"
    if just_above_key:
        if partition_key is None:
            raise LabError("split_shard just_above_key needs `partition_key`")
        at, where = hash_key(partition_key) + 1, f"just above {partition_key}'s hash key"
        if at > chosen.end_hash:
            raise LabError(f"{partition_key}'s hash key is the last of "
                           f"{short_id(chosen.shard_id)}'s range: nothing above it to split off")
    ctx.kinesis.split_shard(stream, chosen.shard_id, at)
    _wait_active(ctx, stream)
    return f"split {short_id(chosen.shard_id)} of {stream} {where}"


def narrowest_pair(opened: list[Shard]) -> tuple[Shard, Shard] | None:
    """The two adjacent open shards whose ranges together are the smallest (the children of
    the latest split, in a stream that started evenly)."""
    pairs = [(a, b) for a, b in pairwise(opened)
             if a.end_hash + 1 == b.start_hash]
    if not pairs:
        return None
    return min(pairs, key=lambda p: (p[1].end_hash - p[0].start_hash, p[0].start_hash))


@action("merge_shards", service="kinesis")
def merge_shards(ctx: LabContext, stream: str, shard: str | None = None,
                 adjacent_shard: str | None = None) -> str:
    """Merge two adjacent open shards (by default the narrowest pair); wait for ACTIVE.

    The narrowest pair: the two covering the least keyspace, the children of the latest split
    in a stream that started evenly."""
    _wait_active(ctx, stream)
    opened = _open_shards(ctx, stream)
    if shard is not None and adjacent_shard is not None:
        low, high = shard, adjacent_shard
    else:
        pair = narrowest_pair(opened)
        if pair is None:
            raise LabError(f"{stream} has no two adjacent open shards to merge")
        low, high = pair[0].shard_id, pair[1].shard_id
    ctx.kinesis.merge_shards(stream, low, high)
    _wait_active(ctx, stream)
    return f"merged {short_id(low)} and {short_id(high)} of {stream}"


@action("tag_shard_of_key", service="kinesis")
def tag_shard_of_key(ctx: LabContext, stream: str, tag: str, partition_key: str) -> str:
    """Tag the stream with the id of the open shard that takes `partition_key` (its MD5 hash)."""
    home = shard_for(hash_key(partition_key), _open_shards(ctx, stream))
    if home is None:
        raise LabError(f"no open shard of {stream} takes key {partition_key}")
    ctx.kinesis.client.add_tags_to_stream(StreamName=stream, Tags={tag: home.shard_id})
    return f"tagged {stream} {tag}={home.shard_id}"


def _first_record(ctx: LabContext, stream: str, partition_key: str) -> dict[str, object]:
    for shard in ctx.kinesis.shards(stream):
        iterator: str | None = ctx.kinesis.iterator(stream, shard.shard_id, "TRIM_HORIZON")
        for _ in range(20):
            if iterator is None:
                break
            page = ctx.kinesis.read(iterator, 10_000)
            for record in page.records:
                if record.get("PartitionKey") == partition_key:
                    return record
            if page.millis_behind in (0, None):
                break
            iterator = page.next_iterator
    raise LabError(f"{stream} holds no record with key {partition_key}: do the earlier steps "
                   "first")


@action("tag_sequence_number", service="kinesis")
def tag_sequence_number(ctx: LabContext, stream: str, tag: str, partition_key: str) -> str:
    """Keep a checkpoint: tag the stream with the sequence number of the record with this key."""
    sequence = str(_first_record(ctx, stream, partition_key)["SequenceNumber"])
    ctx.kinesis.client.add_tags_to_stream(StreamName=stream, Tags={tag: sequence})
    return f"tagged {stream} {tag}={sequence} ({partition_key}'s sequence number)"


MARK_GAP_S = 1.1
"""Between the records before the mark and the mark, and the mark and the records after it:
arrival times are kept to the millisecond, and a learner's `date +%s` to the second."""


@action("put_records_after_mark", service="kinesis")
def put_records_after_mark(ctx: LabContext, stream: str, tag: str,
                           partition_keys: list[str]) -> str:
    """Note the time in the stream's tag `tag` (epoch seconds), then put one record per key."""
    time.sleep(MARK_GAP_S)
    mark = int(time.time())
    ctx.kinesis.client.add_tags_to_stream(StreamName=stream, Tags={tag: str(mark)})
    time.sleep(MARK_GAP_S)
    for key in partition_keys:
        ctx.kinesis.put_record(stream, b"payment", key)
    return (f"tagged {stream} {tag}={mark}, then put {plural(len(partition_keys), 'record')} "
            f"({', '.join(partition_keys[:6])})")


@action("set_retention", service="kinesis")
def set_retention(ctx: LabContext, stream: str, hours: int) -> str:
    """Keep the stream's records `hours` hours (Increase- or DecreaseStreamRetentionPeriod)."""
    current = ctx.kinesis.summary(stream).retention_hours
    if current == hours:
        return f"{stream} keeps records {hours} hours already"
    ctx.kinesis.set_retention(stream, hours, current)
    _wait_active(ctx, stream)
    return f"{stream} keeps records {hours} hours (was {current})"


@action("register_consumer", service="kinesis", creates="name", resource="consumer")
def register_consumer(ctx: LabContext, stream: str, name: str) -> str:
    """Register an enhanced fan-out consumer with the stream and wait until it is ACTIVE."""
    arn = ctx.kinesis.stream_arn(stream)
    consumer = ctx.kinesis.client.register_stream_consumer(StreamARN=arn, ConsumerName=name)[
        "Consumer"]
    deadline = time.monotonic() + ACTIVE_TIMEOUT_S
    status = str(consumer.get("ConsumerStatus", ""))
    while status != "ACTIVE" and time.monotonic() < deadline:
        time.sleep(1.0)
        status = str(ctx.kinesis.client.describe_stream_consumer(
            ConsumerARN=consumer["ConsumerARN"])["ConsumerDescription"]["ConsumerStatus"])
    return f"registered consumer {name} with {stream} ({status})"
