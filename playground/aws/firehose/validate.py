"""Local checks of Firehose input, with the limits of the botocore model boto3 ships
(`botocore/data/firehose/2015-08-04/service-2.json`): DeliveryStreamName 1..64 of
[a-zA-Z0-9_.-]; SizeInMBs 1..128 and IntervalInSeconds 0..900, both or neither ("if you specify
a value for it, you must also specify a value for IntervalInSeconds, and vice versa"), defaults
5 MiB and 300 s (BufferingHints docs); Prefix at most 1,024 characters; a record's Data at most
1,000 KiB (1,024,000 bytes); PutRecordBatch at most 500 records.
"""

from __future__ import annotations

import re

from playground.aws.validation import Issue, whole_number

NAME_MAX = 64
_NAME = re.compile(r"[a-zA-Z0-9_.-]+")
SIZE_MB_MIN, SIZE_MB_MAX = 1, 128
INTERVAL_MIN, INTERVAL_MAX = 0, 900
DEFAULT_SIZE_MB = 5
DEFAULT_INTERVAL_S = 300
PREFIX_MAX = 1024
RECORD_BYTES_MAX = 1_024_000
BATCH_MAX = 500


def delivery_stream_name_issues(name: str) -> list[Issue]:
    field = "delivery stream name"
    if not name:
        return [Issue(field, "give a name (1 to 64 characters: letters, digits, _ . -)")]
    if len(name) > NAME_MAX:
        return [Issue(field, f"{len(name):,} characters; a delivery stream name has at most "
                             f"{NAME_MAX}")]
    if not _NAME.fullmatch(name):
        bad = next(c for c in name if not _NAME.fullmatch(c))
        return [Issue(field, f"{bad!a} is not allowed: letters, digits, _ . - only")]
    return []


def buffering_issues(size_text: str, interval_text: str) -> tuple[list[Issue], int | None,
                                                                  int | None]:
    """Both empty: the defaults (None, None). Otherwise both must be whole numbers in range."""
    if not size_text.strip() and not interval_text.strip():
        return [], None, None
    issues: list[Issue] = []
    size = whole_number(size_text, SIZE_MB_MAX)
    interval = whole_number(interval_text, INTERVAL_MAX)
    if size is None or size < SIZE_MB_MIN:
        issues.append(Issue("buffer size", f"a whole number of MiB, {SIZE_MB_MIN} to "
                                           f"{SIZE_MB_MAX} (AWS wants it with the interval)"))
    if interval is None:
        issues.append(Issue("buffer interval", f"a whole number of seconds, {INTERVAL_MIN} to "
                                               f"{INTERVAL_MAX} (AWS wants it with the size)"))
    return issues, size, interval


def prefix_issues(prefix: str) -> list[Issue]:
    if len(prefix) > PREFIX_MAX:
        return [Issue("prefix", f"{len(prefix):,} characters; a prefix has at most {PREFIX_MAX:,}")]
    if any(ord(c) < 0x20 or 0xD800 <= ord(c) <= 0xDFFF for c in prefix):
        return [Issue("prefix", "control characters and lone surrogates cannot be in an S3 key")]
    return []


def record_issues(data: bytes) -> list[Issue]:
    if len(data) > RECORD_BYTES_MAX:
        return [Issue("record", f"{len(data):,} bytes; a Firehose record holds at most "
                                f"{RECORD_BYTES_MAX:,} (1,000 KiB)")]
    return []
