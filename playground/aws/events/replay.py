"""Archive and replay: archive a bus, replay a time window into it, watch what comes back.

From the EventBridge API reference (botocore model): a new archive may take "a short period
of time" before events reach it; replayed events are not archived again; a replay works
through its window in 1-minute intervals and not necessarily in the original order; each
replayed event carries a `replay-name` field, so a rule can tell replays from live traffic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from playground.aws.common import error_code, error_message
from playground.aws.events.delivery import RuleTargets
from playground.aws.events.service import EventsService
from playground.patterns.json_input import parse_json
from playground.targets.base import Target

UNSUPPORTED_CODES = frozenset({
    "UnknownOperationException", "UnsupportedOperation", "NotImplemented", "InvalidAction",
    "NotImplementedError", "InternalFailure", "501",
})
WATCH_PATTERN: dict[str, Any] = {"source": [{"prefix": ""}]}
"""Matches every event (every event has a string source): the watch rule sees live and
replayed events alike, and shows which is which."""


@dataclass(frozen=True)
class Support:
    available: bool
    note: str = ""


@dataclass(frozen=True)
class ArchiveInfo:
    name: str
    arn: str
    source_arn: str
    state: str
    event_count: int | None
    retention_days: int | None


@dataclass(frozen=True)
class ReplayStatus:
    name: str
    state: str
    reason: str = ""

    @property
    def finished(self) -> bool:
        return self.state in ("COMPLETED", "CANCELLED", "FAILED")


@dataclass(frozen=True)
class WatchedEvent:
    source: str
    detail_type: str
    replay_name: str | None
    detail: Any

    @classmethod
    def parse(cls, body: str) -> WatchedEvent:
        try:
            doc = parse_json(body)
        except ValueError:  # not JSON, or too deep to walk safely: shown as the text it is
            doc = None
        if not isinstance(doc, dict):
            return cls("?", "?", None, body)
        return cls(str(doc.get("source", "?")), str(doc.get("detail-type", "?")),
                   doc.get("replay-name"), doc.get("detail"))


def watch_names(bus: str, prefix: str = "") -> tuple[str, str]:
    """The watch rule's and watch queue's names for a bus."""
    safe = bus.replace("/", "-")[:40]
    return f"{prefix}watch-{safe}", f"{prefix}watch-{safe}"


class ArchiveReplay:
    def __init__(self, target: Target) -> None:
        self.target = target
        self.events = EventsService(target)
        self.rules = RuleTargets(target)

    def support(self) -> Support:
        """Whether the target has archives at all; said plainly, never faked."""
        try:
            self.events.client.list_archives(Limit=1)
        except Exception as exc:
            if error_code(exc) in UNSUPPORTED_CODES or "not implemented" in str(exc).lower():
                return Support(False, f"{self.target.label} has no EventBridge archives "
                                      f"({error_message(exc)}); archive and replay need "
                                      "LocalStack or real AWS")
            raise
        return Support(True)

    def archives(self, bus_arn: str | None = None) -> list[ArchiveInfo]:
        out = []
        for a in self.events.list_archives():
            if bus_arn and a.get("EventSourceArn") != bus_arn:
                continue
            arn = a.get("ArchiveArn") or self.events.describe_archive(a["ArchiveName"])["ArchiveArn"]
            out.append(ArchiveInfo(a["ArchiveName"], str(arn), a.get("EventSourceArn", ""),
                                   a.get("State", ""), a.get("EventCount"), a.get("RetentionDays")))
        return sorted(out, key=lambda a: a.name)

    def create_archive(self, name: str, bus: str, *, retention_days: int = 1,
                       pattern: dict[str, Any] | None = None) -> str:
        return self.events.create_archive(name, self.events.bus_arn(bus), pattern=pattern,
                                          retention_days=retention_days)

    def start_replay(self, name: str, archive: ArchiveInfo, *, minutes: int,
                     now: datetime | None = None) -> ReplayStatus:
        """Replay the archive's last `minutes` minutes into the bus it archives."""
        end = now or datetime.now(UTC)
        start = end - timedelta(minutes=minutes)
        state = self.events.start_replay(name, archive.arn, archive.source_arn, start, end)
        return ReplayStatus(name, state or "STARTING")

    def replay_status(self, name: str) -> ReplayStatus:
        resp = self.events.describe_replay(name)
        return ReplayStatus(name, str(resp.get("State", "")), str(resp.get("StateReason", "")))

    def ensure_watch(self, bus: str, prefix: str = "") -> str:
        """A rule on the bus that sends every event to a watch queue; returns the queue URL."""
        rule, queue = watch_names(bus, prefix)
        self.events.put_rule(rule, WATCH_PATTERN, bus=bus,
                             description="playground: shows live and replayed events")
        self.rules.add_queue_target(rule, bus, queue, target_id="watch")
        return self.rules.queue_url(queue)

    def read_watch(self, queue_url: str, wait_seconds: int = 1) -> list[WatchedEvent]:
        return [WatchedEvent.parse(b) for b in self.rules.read_queue(queue_url, wait_seconds)]
