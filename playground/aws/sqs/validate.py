"""Local checks of SQS input, so a learner reads why before a call fails (pure functions).

Limits come from the botocore SQS model (`botocore/data/sqs/2012-11-05/service-2.json`);
`tests/sqs/test_validate.py` checks that each one still appears in that model's text.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from playground.aws.validation import Issue, warning
from playground.patterns.json_input import JsonLimitError, parse_json

MAX_MESSAGE_BYTES_DEFAULT = 1_048_576
"""MaximumMessageSize default and maximum: 1,048,576 bytes (1 MiB)."""
MIN_MESSAGE_SIZE_LIMIT = 1_024
MAX_DELAY_SECONDS = 900
MAX_VISIBILITY_TIMEOUT = 43_200
MIN_RETENTION, MAX_RETENTION = 60, 1_209_600
MAX_WAIT_SECONDS = 20
MAX_ID_LENGTH = 128
"""MessageGroupId and MessageDeduplicationId: up to 128 characters."""
MAX_ATTRIBUTE_NAME = 256
MAX_QUEUE_NAME = 80
MIN_MAX_RECEIVE, MAX_MAX_RECEIVE = 1, 1000
"""maxReceiveCount range as SQS and the emulator enforce it (the model only gives the default, 10)."""
ATTRIBUTE_TYPES = ("String", "Number", "Binary")

QUEUE_ATTRIBUTE_RANGES: dict[str, tuple[int, int]] = {
    "VisibilityTimeout": (0, MAX_VISIBILITY_TIMEOUT),
    "MessageRetentionPeriod": (MIN_RETENTION, MAX_RETENTION),
    "DelaySeconds": (0, MAX_DELAY_SECONDS),
    "ReceiveMessageWaitTimeSeconds": (0, MAX_WAIT_SECONDS),
    "MaximumMessageSize": (MIN_MESSAGE_SIZE_LIMIT, MAX_MESSAGE_BYTES_DEFAULT),
}

# #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF
_BAD_CHAR = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
ID_CHARS = re.compile(r"^[A-Za-z0-9!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~]+$")
ATTRIBUTE_NAME = re.compile(r"^[A-Za-z0-9_.\-]+$")
QUEUE_NAME = re.compile(r"^[A-Za-z0-9_-]+$")


@dataclass(frozen=True)
class AttributeRow:
    """A message attribute as typed in the form: everything is still text."""

    name: str
    data_type: str
    value: str


def looks_like_json(text: str) -> bool:
    stripped = text.strip()
    return stripped[:1] in ("{", "[")


def utf8_len(text: str) -> int:
    return len(text.encode("utf-8", errors="surrogatepass"))


def check_body(body: str) -> list[Issue]:
    """Empty bodies and characters SQS rejects are errors; broken JSON is a warning."""
    if body == "":
        return [Issue("body", "The body must have at least one character.")]
    issues = []
    bad = _BAD_CHAR.search(body)
    if bad:
        issues.append(Issue("body", f"Character U+{ord(bad.group()):04X} at position {bad.start()} "
                                    "is not allowed in SQS messages (InvalidMessageContents)."))
    if looks_like_json(body) and not bad:
        try:
            parse_json(body)
        except JsonLimitError as exc:  # nested too deep (or a number no reader holds): valid
            issues.append(warning("body", f"This JSON {exc}: SQS takes it, but the workbench "
                                          "shows it as plain text. Send again to send it."))
        except ValueError as exc:
            issues.append(warning("body", f"Looks like JSON but is not valid: {exc}. Send again "
                                          "to send it as plain text."))
    return issues


def check_attribute(index: int, row: AttributeRow, seen: set[str] | None = None) -> list[Issue]:
    """Name rules from the SQS model; Number must parse as a number, Binary as base64."""
    where = f"attr:{index}"
    name, value = row.name.strip(), row.value
    issues: list[Issue] = []
    if not name:
        issues.append(Issue(f"{where}:name", "An attribute needs a name."))
    elif len(name) > MAX_ATTRIBUTE_NAME:
        issues.append(Issue(f"{where}:name", f"Attribute names have at most {MAX_ATTRIBUTE_NAME} "
                                             "characters."))
    elif not ATTRIBUTE_NAME.match(name):
        issues.append(Issue(f"{where}:name", f"{name!r}: use letters, digits, _ - and . only."))
    elif name.lower().startswith(("aws.", "amazon.")):
        issues.append(Issue(f"{where}:name", f"{name!r}: names starting with AWS. or Amazon. "
                                             "are reserved."))
    elif name.startswith(".") or name.endswith(".") or ".." in name:
        issues.append(Issue(f"{where}:name", f"{name!r}: no leading, trailing or double periods."))
    elif seen is not None:
        if name in seen:
            issues.append(Issue(f"{where}:name", f"{name!r} is used twice."))
        seen.add(name)
    base_type = row.data_type.split(".", 1)[0]
    if base_type not in ATTRIBUTE_TYPES:
        issues.append(Issue(f"{where}:type", f"Type must be String, Number or Binary, not "
                                             f"{row.data_type!r}."))
    elif value == "":
        issues.append(Issue(f"{where}:value", f"{name or 'The attribute'} needs a value."))
    elif base_type == "Number":
        if not _is_number(value):
            issues.append(Issue(f"{where}:value", f"{name}: {value!r} is not a number "
                                                  "(Number takes e.g. 42, -1.5, 6.02E23)."))
    elif base_type == "Binary":
        try:
            base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as exc:
            issues.append(Issue(f"{where}:value", f"{name}: Binary values are typed as base64 "
                                                  f"(e.g. aGVsbG8=): {exc}."))
    elif _BAD_CHAR.search(value):
        issues.append(Issue(f"{where}:value", f"{name}: contains a character SQS does not allow."))
    return issues


def _is_number(value: str) -> bool:
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        return False
    return number.is_finite() and value.strip() == value


def message_attributes(rows: list[AttributeRow]) -> dict[str, dict[str, object]]:
    """Valid rows in the shape boto3 wants (Binary decoded from base64)."""
    out: dict[str, dict[str, object]] = {}
    for row in rows:
        if row.data_type.startswith("Binary"):
            out[row.name.strip()] = {"DataType": row.data_type,
                                     "BinaryValue": base64.b64decode(row.value)}
        else:
            out[row.name.strip()] = {"DataType": row.data_type, "StringValue": row.value}
    return out


def message_size(body: str, rows: list[AttributeRow]) -> int:
    """Bytes counted against MaximumMessageSize: body plus every attribute's name, type, value."""
    size = utf8_len(body)
    for row in rows:
        value_len = (len(base64.b64decode(row.value, validate=False))
                     if row.data_type.startswith("Binary") and _is_base64(row.value)
                     else utf8_len(row.value))
        size += utf8_len(row.name.strip()) + utf8_len(row.data_type) + value_len
    return size


def _is_base64(value: str) -> bool:
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def check_send(body: str, rows: list[AttributeRow], *, delay: str = "", group_id: str = "",
               dedup_id: str = "", fifo: bool = False, content_dedup: bool = False,
               max_bytes: int = MAX_MESSAGE_BYTES_DEFAULT) -> list[Issue]:
    """Everything a SendMessage form can get wrong, for the queue it is aimed at."""
    issues = check_body(body)
    seen: set[str] = set()
    for i, row in enumerate(rows):
        issues += check_attribute(i, row, seen)
    size = message_size(body, rows)
    if size > max_bytes:
        issues.append(Issue("body", f"The message is {size:,} bytes (body and attributes); this "
                                    f"queue's MaximumMessageSize is {max_bytes:,} bytes."))
    if delay.strip():
        issues += _check_int("delay", "Delay", delay, 0, MAX_DELAY_SECONDS)
        if fifo and delay.strip() not in ("0", ""):
            issues.append(Issue("delay", "FIFO queues take no per-message delay: set DelaySeconds "
                                         "on the queue instead."))
    issues += _check_id("group_id", "MessageGroupId", group_id)
    issues += _check_id("dedup_id", "MessageDeduplicationId", dedup_id)
    if fifo:
        if not group_id.strip():
            issues.append(Issue("group_id", "A FIFO queue needs a MessageGroupId on every message."))
        if not dedup_id.strip() and not content_dedup:
            issues.append(Issue("dedup_id", "This FIFO queue has no content-based deduplication: "
                                            "give a MessageDeduplicationId."))
    elif dedup_id.strip():
        issues.append(Issue("dedup_id", "MessageDeduplicationId applies only to FIFO queues."))
    return issues


def _check_id(field: str, label: str, value: str) -> list[Issue]:
    value = value.strip()
    if not value:
        return []
    if len(value) > MAX_ID_LENGTH:
        return [Issue(field, f"{label} has at most {MAX_ID_LENGTH} characters.")]
    if not ID_CHARS.match(value):
        return [Issue(field, f"{label}: letters, digits and punctuation only (no spaces).")]
    return []


def _check_int(field: str, label: str, text: str, low: int, high: int) -> list[Issue]:
    try:
        number = int(text.strip())
    except ValueError:
        return [Issue(field, f"{label} must be a whole number of {_unit(field)}, not {text!r}.")]
    if not low <= number <= high:
        return [Issue(field, f"{label} must be from {low:,} to {high:,} {_unit(field)}.")]
    return []


def _unit(field: str) -> str:
    return "bytes" if field == "MaximumMessageSize" else "seconds"


def check_visibility(text: str) -> list[Issue]:
    """ChangeMessageVisibility takes 0 to 43,200 seconds (12 hours)."""
    return _check_int("visibility", "The visibility timeout", text, 0, MAX_VISIBILITY_TIMEOUT)


def visibility_seconds(text: str) -> tuple[int | None, list[Issue]]:
    """The prompt's answer as the seconds to send, or why not (what int() reads after
    strip(), so '0\\x1f' is 0 here and in the call alike)."""
    issues = check_visibility(text)
    return (None, issues) if issues else (int(text.strip()), [])


def check_queue_name(name: str, fifo: bool) -> list[Issue]:
    name = name.strip()
    base = name.removesuffix(".fifo")
    if not base:
        return [Issue("name", "The queue needs a name.")]
    if name.endswith(".fifo") and not fifo:
        return [Issue("name", "Only FIFO queues end with .fifo: tick FIFO or rename.")]
    full = base + (".fifo" if fifo else "")
    if len(full) > MAX_QUEUE_NAME:
        return [Issue("name", f"Queue names have at most {MAX_QUEUE_NAME} characters "
                              f"(.fifo included); this is {len(full)}.")]
    if not QUEUE_NAME.match(base):
        return [Issue("name", "Queue names use letters, digits, hyphens and underscores only.")]
    return []


def check_queue_attributes(attributes: dict[str, str]) -> list[Issue]:
    """Numeric queue attributes against the ranges in the model's CreateQueue docs."""
    issues: list[Issue] = []
    for key, (low, high) in QUEUE_ATTRIBUTE_RANGES.items():
        if attributes.get(key, "").strip():
            issues += _check_int(key, key, attributes[key], low, high)
    return issues


def check_redrive(*, max_receive_count: str, dlq_name: str, source_name: str, source_fifo: bool,
                  dlq_fifo: bool | None) -> list[Issue]:
    """A redrive policy: an existing DLQ of the same type, not the queue itself, 1..1000."""
    issues = _check_int("max_receive", "maxReceiveCount", max_receive_count,
                        MIN_MAX_RECEIVE, MAX_MAX_RECEIVE)
    if not dlq_name:
        issues.append(Issue("dlq", "Pick the dead-letter queue messages move to."))
        return issues
    if dlq_name == source_name:
        issues.append(Issue("dlq", "A queue cannot be its own dead-letter queue."))
    elif dlq_fifo is not None and dlq_fifo != source_fifo:
        kind = "FIFO" if source_fifo else "standard"
        issues.append(Issue("dlq", f"The dead-letter queue of a {kind} queue must also be a "
                                   f"{kind} queue."))
    return issues


def redrive_policy_json(dlq_arn: str, max_receive_count: int) -> str:
    return json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": max_receive_count})


def first_errors(issues: list[Issue]) -> dict[str, str]:
    """One message per field (the first), for inline display."""
    out: dict[str, str] = {}
    for issue in issues:
        out.setdefault(issue.field, issue.message)
    return out
