"""Local checks of EventBridge input (pure), and the full event TestEventPattern needs.

Limits come from the botocore EventBridge model (`events/2015-10-07`): PutEvents ("the total
entry size must be less than 1MB"), DetailType ("a maximum of 128 characters"), and the name
patterns of rules, buses, targets, archives and replays; `tests/events/test_validate.py`
checks the model still says so.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from typing import Any

from playground.aws.validation import Issue, warning, whole_number
from playground.patterns.json_input import JsonLimitError, parse_json

MAX_ENTRY_BYTES = 1_048_576
MAX_DETAIL_TYPE = 128
MAX_PATTERN = 4096
"""EventPattern: at most 4,096 characters in the API model."""
NAME_MAX = {"rule": 64, "target id": 64, "archive": 48, "replay": 64, "bus": 256}
_NAME = re.compile(r"^[.\-_A-Za-z0-9]+$")
_BUS_NAME = re.compile(r"^[/.\-_A-Za-z0-9]+$")
_SURROGATE = re.compile("[\ud800-\udfff]")
NOT_UNICODE = "has a character that is not valid Unicode (a lone surrogate)"

TEST_EVENT_FIELDS = ("id", "account", "source", "time", "region", "resources", "detail-type")
"""TestEventPattern: "the following fields are mandatory" in the event."""


def check_name(kind: str, name: str) -> list[Issue]:
    """Rule, target id, archive, replay or bus name against the API's pattern and length."""
    limit = NAME_MAX[kind]
    pattern = _BUS_NAME if kind == "bus" else _NAME
    if not name:
        return [Issue(f"{kind} name", "give it a name")]
    if len(name) > limit:
        return [Issue(f"{kind} name", f"at most {limit} characters")]
    if not pattern.match(name):
        allowed = "letters, digits, . - _" + (" and /" if kind == "bus" else "")
        return [Issue(f"{kind} name", f"only {allowed}")]
    if kind == "bus" and name == "default":
        return [Issue("bus name", "every account already has the default bus")]
    return []


def entry_size(source: str, detail_type: str, detail: str, resources: list[str] | None = None,
               with_time: bool = False) -> int:
    """PutEvents entry size as the User Guide computes it ("Calculating PutEvents event entry
    size"): Time is 14 bytes; Source, DetailType, Detail and each resource their UTF-8 bytes."""
    size = 14 if with_time else 0
    size += _utf8(source) + _utf8(detail_type) + _utf8(detail)
    return size + sum(_utf8(r) for r in resources or [])


def _utf8(text: str) -> int:
    """Bytes on the wire; a lone surrogate (refused anyway) counts as the 3 bytes it takes."""
    return len(text.encode("utf-8", "surrogatepass"))


def check_put_event(source: str, detail_type: str, detail: str,
                    resources: list[str] | None = None) -> list[Issue]:
    issues: list[Issue] = [Issue(field, NOT_UNICODE) for field, text in
                           (("source", source), ("detail-type", detail_type), ("detail", detail))
                           if _SURROGATE.search(text)]
    if not source.strip():
        issues.append(Issue("source", "EventBridge fails an entry without a Source"))
    elif source.startswith("aws."):
        issues.append(warning("source", "sources starting with aws. are what AWS services send; "
                                        "name your own, e.g. com.example.orders"))
    if not detail_type.strip():
        issues.append(Issue("detail-type", "EventBridge fails an entry without a DetailType"))
    elif len(detail_type) > MAX_DETAIL_TYPE:
        issues.append(Issue("detail-type", f"at most {MAX_DETAIL_TYPE} characters"))
    try:
        parsed = parse_json(detail)
    except JsonLimitError as exc:  # nested too deep, or a number no reader holds
        issues.append(Issue("detail", f"the detail {exc}"))
    except ValueError as exc:
        issues.append(Issue("detail", f"not valid JSON: {exc}"))
    else:
        if not isinstance(parsed, dict):
            issues.append(Issue("detail", "Detail must be a JSON object ({...})"))
    size = entry_size(source, detail_type, detail, resources)
    if size >= MAX_ENTRY_BYTES:
        issues.append(Issue("detail", f"the entry is {size:,} bytes; PutEvents takes less than 1 MB"))
    return issues


def check_archive(name: str, days: str) -> list[Issue]:
    """The archive dialog: a name, and how many days events are kept (0: forever)."""
    issues = check_name("archive", name)
    if whole_number(days, 10**9) is None:
        issues.append(Issue("keep days", "a whole number of days, 0 for forever"))
    return issues


def check_replay(name: str, minutes: str) -> list[Issue]:
    """The replay dialog: a name, and how many minutes back the replay starts."""
    issues = check_name("replay", name)
    if not whole_number(minutes, 10**9):
        issues.append(Issue("last minutes", "a whole number of minutes, at least 1"))
    return issues


def check_pattern_size(text: str) -> list[Issue]:
    if len(text) > MAX_PATTERN:
        return [Issue("event pattern", f"{len(text):,} characters; EventPattern takes at most "
                                       f"{MAX_PATTERN:,}")]
    return []


def complete_event(event: Mapping[str, Any], *, account: str = "123456789012",
                   region: str = "us-east-1") -> tuple[dict[str, Any], list[str]]:
    """The event with every field TestEventPattern requires; returns the names filled in.

    The sandbox matches locally and on the target with this same event, so both decide
    on identical input.
    """
    full = dict(event)
    filled: list[str] = []
    defaults: dict[str, Any] = {
        "version": "0",
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, json.dumps(event, sort_keys=True, default=str))),
        "detail-type": "Sandbox Event",
        "source": "playground.sandbox",
        "account": account,
        "time": "2024-01-01T00:00:00Z",
        "region": region,
        "resources": [],
        "detail": {},
    }
    for name, value in defaults.items():
        if name not in full:
            full[name] = value
            filled.append(name)
    return full, filled
