"""The tail of a function's invocations, read from its CloudWatch Logs group: each invocation
from START to REPORT, with the event it got where the function logged it."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from playground.aws.lambda_.templates import EVENT_PREFIX
from playground.patterns.json_input import parse_json


@dataclass(frozen=True)
class Invocation:
    """One invocation as CloudWatch Logs tells it: from START to REPORT."""

    request_id: str
    started: datetime | None
    lines: list[str]
    """What the function printed (START/END/REPORT left out)."""
    event: Any = None
    """The event it got, where the function logged it (`event: {...}`, as the templates do)."""
    duration_ms: float | None = None
    error: str = ""
    """The error line(s) if it failed (a traceback's last line, a timeout)."""
    finished: bool = False



def group_invocations(events: list[dict[str, Any]]) -> list[Invocation]:
    """Log events (in time order) grouped by invocation: START RequestId … REPORT RequestId.
    Lines outside any START/REPORT pair (another runtime's format) are dropped."""
    out: list[Invocation] = []
    current: dict[str, Any] | None = None

    def close(finished: bool) -> None:
        if current is not None:
            out.append(Invocation(current["id"], current["started"], current["lines"],
                                  current["event"], current["duration"],
                                  "\n".join(current["errors"]), finished))

    for e in events:
        message = str(e.get("message", "")).rstrip("\n")
        if message.startswith("START RequestId:"):
            close(False)
            rid = message.split()[2] if len(message.split()) > 2 else ""
            ts = e.get("timestamp")
            current = {"id": rid, "started": datetime.fromtimestamp(ts / 1000, UTC)
                       if isinstance(ts, int | float) else None,
                       "lines": [], "event": None, "duration": None, "errors": []}
            continue
        if current is None:
            continue
        if message.startswith("END RequestId:"):
            continue
        if message.startswith("REPORT RequestId:"):
            current["duration"] = _duration(message)
            close(True)
            current = None
            continue
        current["lines"].append(message)
        body = _strip_log_prefix(message)
        if current["event"] is None and body.startswith(EVENT_PREFIX):
            with contextlib.suppress(ValueError):
                current["event"] = parse_json(body[len(EVENT_PREFIX):])
        if _is_error_line(body):
            current["errors"].append(body)
    close(False)
    return out


def _strip_log_prefix(message: str) -> str:
    """A Python logging line on AWS is `[LEVEL]\\ttime\\trequest id\\ttext`: the text."""
    if message.startswith("[") and message.count("\t") >= 3:
        return message.split("\t", 3)[3]
    return message


def _is_error_line(line: str) -> bool:
    return ("Task timed out after" in line or line.startswith("[ERROR]")
            or (": " in line and line.split(":", 1)[0].endswith(("Error", "Exception"))
                and " " not in line.split(":", 1)[0]))


def _duration(report: str) -> float | None:
    for part in report.split("\t"):
        if part.strip().startswith("Duration:"):
            try:
                return float(part.split(":", 1)[1].strip().split()[0])
            except (ValueError, IndexError):
                return None
    return None
