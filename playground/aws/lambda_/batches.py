"""What a Kinesis event source mapping with BisectBatchOnFunctionError does with a batch that
fails, replayed with real invocations of the function.

CreateEventSourceMapping docs: "BisectBatchOnFunctionError – If the function returns an error,
split the batch in two and retry"; "MaximumRetryAttempts – Discard records after the specified
number of retries"; "OnFailure – Send discarded records to an Amazon SQS queue, Amazon SNS
topic ...". So a failing batch is halved again and again until the halves that fail are single
records: the poison record ends up alone, and the others are processed. Targets whose mappings
do not bisect (the embedded emulator retries the whole batch: parity note `kinesis-bisect`) can
still show it this way: the same function, the same records, the same splits.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from playground.aws.lambda_.service import InvokeResult, LambdaService


@dataclass(frozen=True)
class BatchAttempt:
    sequence_numbers: list[str]
    error: str
    """The function's error, or empty when the batch succeeded."""
    depth: int
    """How many times the batch was halved to get here (0: the whole batch)."""

    @property
    def ok(self) -> bool:
        return not self.error


@dataclass(frozen=True)
class BisectRun:
    attempts: list[BatchAttempt]
    isolated: list[str]
    """Sequence numbers of records that failed alone: what the mapping would discard (to the
    on-failure destination) once its retries are spent."""
    processed: list[str]
    """Sequence numbers in batches that succeeded."""


def kinesis_event_record(record: dict[str, Any], stream_arn: str, shard_id: str,
                         region: str) -> dict[str, Any]:
    """A GetRecords record in the shape Lambda hands a function (`event["Records"][i]`)."""
    data = record.get("Data", b"")
    data_bytes = data if isinstance(data, bytes) else str(data).encode("utf-8")
    arrival: Any = record.get("ApproximateArrivalTimestamp")
    return {
        "kinesis": {"kinesisSchemaVersion": "1.0", "partitionKey": record.get("PartitionKey", ""),
                    "sequenceNumber": record["SequenceNumber"],
                    "data": base64.b64encode(data_bytes).decode("ascii"),
                    "approximateArrivalTimestamp": arrival.timestamp()
                    if isinstance(arrival, datetime) else arrival},
        "eventSource": "aws:kinesis", "eventVersion": "1.0",
        "eventID": f"{shard_id}:{record['SequenceNumber']}", "eventName": "aws:kinesis:record",
        "eventSourceARN": stream_arn, "awsRegion": region}


def bisect_batch(service: LambdaService, function: str, records: list[dict[str, Any]],
                 *, max_attempts: int = 64) -> BisectRun:
    """Invoke `function` with `records` (Lambda-shaped Kinesis records) as one batch; on an
    error split it in two and invoke each half, in order, until every failing batch is a single
    record. At most `max_attempts` invocations (a batch of n takes under 2n)."""
    attempts: list[BatchAttempt] = []
    isolated: list[str] = []
    processed: list[str] = []
    pending: list[tuple[list[dict[str, Any]], int]] = [(records, 0)]
    while pending and len(attempts) < max_attempts:
        batch, depth = pending.pop(0)
        seqs = [r["kinesis"]["sequenceNumber"] for r in batch]
        result: InvokeResult = service.invoke(function, {"Records": batch})
        error = str(result.error) if result.error else ""
        attempts.append(BatchAttempt(seqs, error, depth))
        if not error:
            processed += seqs
        elif len(batch) == 1:
            isolated += seqs
        else:
            half = len(batch) // 2
            pending[:0] = [(batch[:half], depth + 1), (batch[half:], depth + 1)]
    return BisectRun(attempts, isolated, processed)


def bisect_from_stream(service: LambdaService, function: str, stream: str,
                       limit: int = 10) -> BisectRun:
    """Replay the first `limit` records of the stream's first shard (TRIM_HORIZON) through
    `function` as a mapping that bisects would: what the workbench shows where the target's
    mapping does not bisect."""
    kinesis = service.target.client("kinesis")
    summary = kinesis.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]
    shard = kinesis.list_shards(StreamName=stream)["Shards"][0]["ShardId"]
    iterator = kinesis.get_shard_iterator(StreamName=stream, ShardId=shard,
                                          ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    raw = kinesis.get_records(ShardIterator=iterator, Limit=limit)["Records"]
    records = [kinesis_event_record(r, summary["StreamARN"], shard, service.target.region)
               for r in raw]
    return bisect_batch(service, function, records)
