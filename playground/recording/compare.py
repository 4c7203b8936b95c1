"""Did a replay make the calls the recording saw? The calls that change something, in order,
with local endpoints (their ports differ run to run) written alike."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from playground.recording.model import CallEvent
from playground.targets.base import is_read_operation

_LOCAL = re.compile(r"https?://(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?")


@dataclass(frozen=True)
class Call:
    """A call as compared: what it was and whether it failed."""

    service: str
    operation: str
    params: Any
    error: str | None = None

    @property
    def changes_something(self) -> bool:
        return self.service != "sts" and not is_read_operation(self.operation)

    def summary(self) -> str:
        text = f"{self.service} {self.operation} {json.dumps(self.params, sort_keys=True)}"
        text = text if len(text) <= 160 else text[:159] + "…"
        return text + (f" -> {self.error}" if self.error else "")


def normalised(value: Any) -> Any:
    """`value` with every local endpoint written `http://local`."""
    if isinstance(value, str):
        return _LOCAL.sub("http://local", value)
    if isinstance(value, dict):
        return {k: normalised(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [normalised(v) for v in value]
    return value


def from_event(event: CallEvent) -> Call:
    return Call(event.service, event.operation, normalised(event.params), event.error)


def differences(recorded: list[Call], replayed: list[Call], limit: int = 5) -> list[str]:
    """What differs between the calls that change something (at most `limit` lines); reads are
    left out, their number follows refresh timing."""
    want = [c for c in recorded if c.changes_something]
    got = [c for c in replayed if c.changes_something]
    lines = []
    for i, (a, b) in enumerate(zip(want, got, strict=False), start=1):
        if a != b:
            lines.append(f"call {i}: recorded {a.summary()}; replayed {b.summary()}")
    if len(got) < len(want):
        lines.append(f"{len(want) - len(got)} recorded call(s) not made, from "
                     f"{want[len(got)].summary()}")
    elif len(got) > len(want):
        lines.append(f"{len(got) - len(want)} more call(s) than recorded, from "
                     f"{got[len(want)].summary()}")
    return lines[:limit] + ([f"… and {len(lines) - limit} more"] if len(lines) > limit else [])
