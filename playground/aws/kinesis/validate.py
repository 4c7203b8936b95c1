"""Local checks of Kinesis input, with the limits read from the botocore model boto3 ships.

Shapes (`botocore/data/kinesis/2013-12-02/service-2.json`): StreamName 1..128 of
[a-zA-Z0-9_.-]; PartitionKey 1..256 characters; Data at most 10485760 bytes, and PutRecord's
docs say the data blob "added to the partition key size … must not exceed the maximum record
size (10 MiB)"; PutRecords takes at most 500 entries; HashKey is a decimal integer.
Per-shard limits are quoted from the CreateStream and GetRecords docs strings.
`tests/kinesis/test_validate.py` checks the model still says so.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from playground.aws.kinesis.hash import MAX_HASH_KEY
from playground.aws.validation import Issue

WRITE_RECORDS_PER_SHARD = 1000
"""CreateStream: "Each shard can support writes up to 1,000 records per second"."""
WRITE_BYTES_PER_SHARD = 1024 * 1024
"""CreateStream: "… up to a maximum data write total of 1 MiB per second"."""
READ_BYTES_PER_SHARD = 2 * 1024 * 1024
"""GetRecords: "Each shard can read up to 2 MiB per second"."""
READ_CALLS_PER_SHARD = 5
"""CreateStream: "Each shard can support reads up to five transactions per second"."""
MAX_SHARDS_HERE = 64
"""Not an AWS limit: the most shards the workbench draws (AWS accounts default to hundreds)."""


@dataclass(frozen=True)
class Limits:
    stream_name_min: int
    stream_name_max: int
    stream_name_pattern: str
    partition_key_min: int
    partition_key_max: int
    record_bytes_max: int
    put_records_max: int
    shard_count_min: int
    retention_min: int
    """DecreaseStreamRetentionPeriod: "The minimum value of a stream's retention period is
    24 hours"."""
    retention_max: int
    """IncreaseStreamRetentionPeriod: "The maximum value of a stream's retention period is
    8760 hours (365 days)"."""


def _doc_hours(doc: str, word: str, default: int) -> int:
    found = re.search(rf"{word} value of a stream's retention period is (\d+) hours", doc)
    return int(found.group(1)) if found else default


@functools.cache
def limits() -> Limits:
    """Read once from the model (about 30 ms); the fallbacks are the 2026 model's values."""
    shapes: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    try:
        import botocore.loaders

        model = botocore.loaders.Loader().load_service_model("kinesis", "service-2")
        shapes, operations = model["shapes"], model["operations"]
    except Exception:  # a broken install must not stop the form
        shapes = {}

    def doc(operation: str) -> str:
        return str(operations.get(operation, {}).get("documentation", ""))

    def get(shape: str, key: str, default: Any) -> Any:
        return shapes.get(shape, {}).get(key, default)

    return Limits(
        stream_name_min=int(get("StreamName", "min", 1)),
        stream_name_max=int(get("StreamName", "max", 128)),
        stream_name_pattern=str(get("StreamName", "pattern", "[a-zA-Z0-9_.-]+")),
        partition_key_min=int(get("PartitionKey", "min", 1)),
        partition_key_max=int(get("PartitionKey", "max", 256)),
        record_bytes_max=int(get("Data", "max", 10 * 1024 * 1024)),
        put_records_max=int(get("PutRecordsRequestEntryList", "max", 500)),
        shard_count_min=int(get("PositiveIntegerObject", "min", 1)),
        retention_min=_doc_hours(doc("DecreaseStreamRetentionPeriod"), "minimum", 24),
        retention_max=_doc_hours(doc("IncreaseStreamRetentionPeriod"), "maximum", 8760),
    )


def size_text(n: int) -> str:
    if n >= 1024 * 1024 and n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MiB"
    if n >= 1024:
        return f"{n / 1024:,.1f} KiB"
    return f"{n} bytes"


NOT_UNICODE = "has a character that is not valid Unicode (a lone surrogate)"


def check_stream_name(name: str) -> list[Issue]:
    lim = limits()
    if not lim.stream_name_min <= len(name) <= lim.stream_name_max:
        return [Issue("name", f"{lim.stream_name_min} to {lim.stream_name_max} characters "
                              f"(got {len(name)})")]
    if not re.fullmatch(lim.stream_name_pattern, name):
        return [Issue("name", "only letters, digits, '_', '.' and '-'")]
    return []


def check_shard_count(text: str) -> list[Issue]:
    lim = limits()
    try:
        count = int(text)
    except ValueError:
        return [Issue("shards", f"{text!r} is not a whole number")]
    if count < lim.shard_count_min:
        return [Issue("shards", f"at least {lim.shard_count_min}")]
    if count > MAX_SHARDS_HERE:
        return [Issue("shards", f"the workbench draws at most {MAX_SHARDS_HERE}")]
    return []


def parse_retention(text: str, current: int) -> tuple[int | None, list[Issue]]:
    """Retention hours typed by the learner: a whole number within the model's limits, and
    not what the stream already has."""
    lim = limits()
    value = text.strip()
    if not value.isascii() or not value.isdigit() or len(value) > 6:
        return None, [Issue("hours", f"a whole number from {lim.retention_min} to "
                                     f"{lim.retention_max:,}")]
    hours = int(value)
    if not lim.retention_min <= hours <= lim.retention_max:
        return None, [Issue("hours", f"{lim.retention_min} to {lim.retention_max:,} "
                                     f"(got {hours:,})")]
    if hours == current:
        return None, [Issue("hours", f"the stream already keeps records {hours:,} hours")]
    return hours, []


def check_put(partition_key: str, data: bytes) -> list[Issue]:
    """PutRecord's rules: a 1..256 character key, and key + data within the record size."""
    lim = limits()
    issues = []
    if not lim.partition_key_min <= len(partition_key) <= lim.partition_key_max:
        issues.append(Issue("partition key", f"{lim.partition_key_min} to "
                                             f"{lim.partition_key_max} characters "
                                             f"(got {len(partition_key)})"))
    if re.search("[\ud800-\udfff]", partition_key):
        issues.append(Issue("partition key", NOT_UNICODE))
    total = len(data) + len(partition_key.encode("utf-8", "surrogatepass"))
    if total > lim.record_bytes_max:
        issues.append(Issue("record", f"data + partition key is {size_text(total)}, over the "
                                      f"{size_text(lim.record_bytes_max)} a record may hold"))
    return issues


def record_data(text: str) -> tuple[bytes, list[Issue]]:
    """The data field as the bytes PutRecord sends (UTF-8), or why it cannot be."""
    try:
        return text.encode("utf-8"), []
    except UnicodeEncodeError:
        return b"", [Issue("data", NOT_UNICODE)]


def parse_hash_key(text: str, start: int, end: int) -> tuple[int | None, list[Issue]]:
    """A NewStartingHashKey typed by the learner: a decimal in (start, end] of the shard."""
    text = text.strip().replace("_", "").replace(",", "")
    if not re.fullmatch(r"0|[1-9]\d{0,38}", text):
        return None, [Issue("hash key", "a decimal integer from 0 to 2^128-1")]
    value = int(text)
    if value > MAX_HASH_KEY:
        return None, [Issue("hash key", "at most 2^128-1")]
    if not start < value <= end:
        return None, [Issue("hash key", f"must be inside the shard, above its start {start} "
                                        f"and at most its end {end}")]
    return value, []
