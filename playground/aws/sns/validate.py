"""Local checks of SNS input, so a learner reads why before a call fails (pure functions).

Limits come from the botocore SNS model (`botocore/data/sns/2010-03-31/service-2.json`:
CreateTopic, Publish, PublishBatch) and the SNS Developer Guide page "Amazon SNS message
attributes"; `tests/sns/test_validate.py` checks the model still says so.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from playground.aws.sqs.validate import ATTRIBUTE_NAME, ID_CHARS, MAX_QUEUE_NAME, QUEUE_NAME
from playground.aws.validation import Issue, warning
from playground.patterns.json_input import JsonLimitError, parse_json

ATTRIBUTE_TYPES = ("String", "Number", "String.Array", "Binary")
DEFAULT_MAX_MESSAGE_BYTES = 262_144
"""Publish: "By default, a message can be at most 256 KiB in size (262,144 bytes)"; a topic's
MaximumMessageSize attribute can raise it to 1 MiB."""
MAX_TOPIC_NAME = 256
MAX_SUBJECT = 99
"""Publish: subjects "less than 100 characters long", no line breaks or control characters."""
MAX_ID_LENGTH = 128
"""MessageGroupId and MessageDeduplicationId: up to 128 characters."""
MAX_ATTRIBUTE_NAME = 256
MAX_RAW_ATTRIBUTES = 10
"""Raw delivery to SQS carries at most 10 message attributes; more and SNS discards it."""
MAX_BATCH = 10
"""PublishBatch takes at most 10 entries."""

_TOPIC_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NOT_UNICODE = ("has a character that is not valid Unicode (a lone surrogate): SNS takes UTF-8 "
                "text only")


@dataclass(frozen=True)
class AttributeRow:
    """One message attribute as typed into the form."""

    name: str
    data_type: str
    value: str


def check_topic_name(name: str, fifo: bool) -> list[Issue]:
    base = name[:-5] if name.endswith(".fifo") else name
    issues = []
    if not base:
        issues.append(Issue("topic name", "give the topic a name"))
    elif not _TOPIC_NAME.match(base):
        issues.append(Issue("topic name", "only letters, digits, hyphens and underscores "
                                          "(plus .fifo at the end of a FIFO topic)"))
    full = base + ".fifo" if fifo else name
    if len(full) > MAX_TOPIC_NAME:
        issues.append(Issue("topic name", f"at most {MAX_TOPIC_NAME} characters"))
    if name.endswith(".fifo") and not fifo:
        issues.append(Issue("topic name", "a name ending in .fifo is for a FIFO topic: tick FIFO"))
    return issues


def check_queue_name(name: str, fifo: bool) -> list[Issue]:
    base = name[:-5] if name.endswith(".fifo") else name
    full = base + ".fifo" if fifo else name
    if not base:
        return [Issue("queue name", "give the queue a name")]
    if not QUEUE_NAME.match(base):
        return [Issue("queue name", "only letters, digits, hyphens and underscores")]
    if len(full) > MAX_QUEUE_NAME:
        return [Issue("queue name", f"at most {MAX_QUEUE_NAME} characters, .fifo included")]
    if name.endswith(".fifo") and not fifo:
        return [Issue("queue name", "a name ending in .fifo is for a FIFO queue")]
    return []


def attribute_issues(rows: list[AttributeRow]) -> list[Issue]:
    """SNS message attribute rules: name characters, reserved prefixes, typed values."""
    issues: list[Issue] = []
    seen: set[str] = set()
    for row in rows:
        name = row.name.strip()
        where = f"attribute {name or '(no name)'}"
        if not name:
            issues.append(Issue(where, "every attribute needs a name (or remove the row)"))
            continue
        if len(name) > MAX_ATTRIBUTE_NAME:
            issues.append(Issue(where, f"names are at most {MAX_ATTRIBUTE_NAME} characters"))
        if not ATTRIBUTE_NAME.match(name):
            issues.append(Issue(where, "names use only A-Z a-z 0-9 _ - and ."))
        elif name.startswith(".") or name.endswith(".") or ".." in name:
            issues.append(Issue(where, "a name cannot start or end with a period or have two in a row"))
        if name.lower().startswith(("aws.", "amazon.")):
            issues.append(Issue(where, "names starting with AWS. or Amazon. are reserved"))
        if name in seen:
            issues.append(Issue(where, "attribute names must be unique in a message"))
        seen.add(name)
        issue = _value_issue(where, row.data_type, row.value)
        if issue:
            issues.append(issue)
    return issues


def _value_issue(where: str, data_type: str, value: str) -> Issue | None:
    if data_type not in ATTRIBUTE_TYPES:
        return Issue(where, f"type must be one of {', '.join(ATTRIBUTE_TYPES)}")
    if value == "":
        return Issue(where, "the value cannot be empty")
    if data_type == "Number":
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return Issue(where, f"{value!r} is not a number")
        if not number.is_finite():
            return Issue(where, f"{value!r} is not a finite number")
    elif _SURROGATE.search(value):
        return Issue(where, _NOT_UNICODE)
    elif data_type == "String.Array":
        try:
            parsed = parse_json(value)
        except JsonLimitError as exc:
            return Issue(where, f"this String.Array {exc}")
        except ValueError:
            parsed = None
        if not isinstance(parsed, list):
            return Issue(where, 'a String.Array value is a JSON array, e.g. ["a", "b"]')
    elif data_type == "Binary":
        try:
            base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            return Issue(where, "a Binary value is typed as base64")
    return None


def message_attributes(rows: list[AttributeRow]) -> dict[str, dict[str, Any]]:
    """Form rows in the Publish shape; call only when `attribute_issues` is empty."""
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row.data_type == "Binary":
            out[row.name.strip()] = {"DataType": "Binary",
                                     "BinaryValue": base64.b64decode(row.value)}
        else:
            out[row.name.strip()] = {"DataType": row.data_type, "StringValue": row.value}
    return out


def message_size(message: str, rows: list[AttributeRow]) -> int:
    """Bytes SNS counts against the limit: the body plus every attribute's name, type, value."""
    size = _utf8(message)
    for row in rows:
        size += _utf8(row.name) + _utf8(row.data_type) + _utf8(row.value)
    return size


def _utf8(text: str) -> int:
    """Bytes on the wire; a lone surrogate (refused anyway) counts as the 3 bytes it takes."""
    return len(text.encode("utf-8", "surrogatepass"))


def _id_issue(field: str, value: str) -> Issue | None:
    if len(value) > MAX_ID_LENGTH:
        return Issue(field, f"at most {MAX_ID_LENGTH} characters")
    if not ID_CHARS.match(value):
        return Issue(field, "only letters, digits and punctuation (no spaces)")
    return None


def check_publish(message: str, subject: str, rows: list[AttributeRow], *, fifo: bool,
                  content_dedup: bool = False, group_id: str = "", dedup_id: str = "",
                  max_bytes: int = DEFAULT_MAX_MESSAGE_BYTES,
                  raw_subscribers: int = 0) -> list[Issue]:
    """Everything SNS would refuse, plus warnings for what it would accept and then drop."""
    issues: list[Issue] = []
    if message == "":
        issues.append(Issue("message", "SNS does not publish an empty message"))
    elif _SURROGATE.search(message):
        issues.append(Issue("message", _NOT_UNICODE))
    if subject:
        if len(subject) > MAX_SUBJECT:
            issues.append(Issue("subject", "must be less than 100 characters"))
        if _CONTROL.search(subject):
            issues.append(Issue("subject", "no line breaks or control characters"))
        elif _SURROGATE.search(subject):
            issues.append(Issue("subject", _NOT_UNICODE))
    issues += attribute_issues(rows)
    size = message_size(message, rows)
    if size > max_bytes:
        issues.append(Issue("message", f"{size:,} bytes with attributes; this topic takes at most "
                                       f"{max_bytes:,} (MaximumMessageSize)"))
    group_id, dedup_id = group_id.strip(), dedup_id.strip()
    if fifo:
        if not group_id:
            issues.append(Issue("group id", "a FIFO topic needs a MessageGroupId on every message"))
        if not dedup_id and not content_dedup:
            issues.append(Issue("dedup id", "this FIFO topic has no content-based deduplication: "
                                            "give a MessageDeduplicationId"))
    elif dedup_id:
        issues.append(Issue("dedup id", "MessageDeduplicationId is for FIFO topics only"))
    for field, value in (("group id", group_id), ("dedup id", dedup_id)):
        issue = _id_issue(field, value) if value else None
        if issue:
            issues.append(issue)
    if raw_subscribers and len(rows) > MAX_RAW_ATTRIBUTES:
        issues.append(warning("attributes", f"{len(rows)} attributes: subscribers with raw "
                                            f"delivery take at most {MAX_RAW_ATTRIBUTES}, SNS will "
                                            "discard the message for them"))
    return issues
