"""Where a consumer starts reading: the five GetShardIterator types, and the checks of what a
learner types for them.

The botocore model (`kinesis/2013-12-02/service-2.json`): ShardIteratorType is one of
AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, TRIM_HORIZON, LATEST, AT_TIMESTAMP; SequenceNumber
has the pattern `0|([1-9]\\d{0,128})`; Timestamp's docs: "If a record with this exact time
stamp does not exist, the iterator returned is for the next (later) record".
A sequence number belongs to one shard, so the two sequence types name their shard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from playground.aws.validation import Issue

ITERATOR_TYPES = ("LATEST", "TRIM_HORIZON", "AT_TIMESTAMP", "AT_SEQUENCE_NUMBER",
                  "AFTER_SEQUENCE_NUMBER")
SEQUENCE_TYPES = ("AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER")
EXPLAIN = {
    "LATEST": "only records put after the consumer starts",
    "TRIM_HORIZON": "the oldest record each shard still keeps",
    "AT_TIMESTAMP": "the first record that arrived at or after a time",
    "AT_SEQUENCE_NUMBER": "one shard, from the record with this sequence number",
    "AFTER_SEQUENCE_NUMBER": "one shard, from the record after this sequence number",
}
MAX_SEQUENCE_DIGITS = 129
"""The model's pattern allows 1 + 128 digits (some emulators pad with leading zeros)."""
_RELATIVE = re.compile(r"^-\s*(\d{1,9})\s*([smhd])$")
_UNIT_S = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MAX_AHEAD_S = 86400
"""A time more than a day ahead is surely a typo."""


@dataclass(frozen=True)
class StartPosition:
    kind: str = "LATEST"
    timestamp: float | None = None
    """AT_TIMESTAMP: epoch seconds."""
    sequence: str | None = None
    shard_id: str | None = None
    """The shard the sequence number belongs to (sequence types only)."""
    fan_out: bool = False
    """Read with enhanced fan-out (SubscribeToShard pushes) instead of GetRecords polling."""

    @property
    def per_shard(self) -> bool:
        return self.kind in SEQUENCE_TYPES

    def iterator_args(self) -> dict[str, Any]:
        """GetShardIterator's arguments beside StreamName and ShardId."""
        args: dict[str, Any] = {"ShardIteratorType": self.kind}
        if self.kind == "AT_TIMESTAMP" and self.timestamp is not None:
            args["Timestamp"] = datetime.fromtimestamp(self.timestamp, UTC)
        if self.per_shard and self.sequence is not None:
            args["StartingSequenceNumber"] = self.sequence
        return args

    def label(self) -> str:
        return f"{self._where()} · fan-out" if self.fan_out else self._where()

    def _where(self) -> str:
        if self.kind == "AT_TIMESTAMP" and self.timestamp is not None:
            when = datetime.fromtimestamp(self.timestamp, UTC).strftime("%Y-%m-%d %H:%M:%S")
            return f"AT_TIMESTAMP {when} UTC"
        if self.per_shard:
            seq = self.sequence or "?"
            seq = seq if len(seq) <= 14 else f"…{seq[-12:]}"
            return f"{self.kind} {seq} on {self.shard_id}"
        return self.kind


def parse_timestamp(text: str, now: float) -> tuple[float | None, list[Issue]]:
    """ISO 8601 (no zone means UTC), epoch seconds, or "-5m" (s, m, h, d before `now`)."""
    value = text.strip()
    if not value:
        return None, [Issue("time", 'type a time: 2026-12-06T14:30:00Z, or "-5m" for 5 minutes ago')]
    rel = _RELATIVE.match(value)
    if rel:
        return now - int(rel.group(1)) * _UNIT_S[rel.group(2)], []
    epoch: float | None = None
    if re.fullmatch(r"\d{1,12}(\.\d{1,6})?", value):
        epoch = float(value)
    else:
        try:
            when = datetime.fromisoformat(value.replace("z", "Z"))
        except ValueError:
            return None, [Issue("time", f"{value[:40]!r} is not ISO 8601 "
                                "(2026-12-06T14:30:00Z) nor relative (-5m, -2h)")]
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        try:
            epoch = when.timestamp()
        except (OverflowError, OSError, ValueError):
            return None, [Issue("time", "out of range")]
    if epoch <= 0:
        return None, [Issue("time", "before 1970")]
    if epoch > now + MAX_AHEAD_S:
        return None, [Issue("time", "more than a day in the future")]
    return epoch, []


def parse_sequence(text: str) -> tuple[str | None, list[Issue]]:
    value = text.strip()
    if not value:
        return None, [Issue("sequence number", "type one, or pick a record in the consumer")]
    if not value.isascii() or not value.isdigit():
        return None, [Issue("sequence number", "digits only (as PutRecord returned it)")]
    if len(value) > MAX_SEQUENCE_DIGITS:
        return None, [Issue("sequence number", f"at most {MAX_SEQUENCE_DIGITS} digits "
                            f"(got {len(value)})")]
    return value, []
