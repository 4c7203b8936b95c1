"""Typed messages the EventBridge workbench's thread workers post back to the screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from playground.aws.events.delivery import RuleSummary
from playground.aws.events.replay import ArchiveInfo, ReplayStatus, Support, WatchedEvent

if TYPE_CHECKING:
    from playground.ui.events.put_form import RuleVerdict


class BusesLoaded(Message):
    def __init__(self, buses: list[str], select: str | None = None) -> None:
        self.buses = buses
        self.select = select
        super().__init__()


class RulesLoaded(Message):
    def __init__(self, bus: str, rules: list[RuleSummary]) -> None:
        self.bus = bus
        self.rules = rules
        super().__init__()


class EventPut(Message):
    """PutEvents answered; `error` is the service's refusal in its own words; `verdicts` say
    which rules of the bus take the event; `rules_error` why those rules could not be read."""

    def __init__(self, bus: str, event_id: str | None, error: str | None = None,
                 verdicts: list[RuleVerdict] | None = None,
                 rules_error: str | None = None) -> None:
        self.bus = bus
        self.event_id = event_id
        self.error = error
        self.verdicts = verdicts or []
        self.rules_error = rules_error
        super().__init__()


class PatternChecked(Message):
    """What the target's TestEventPattern said (None with `error` when it could not answer)."""

    def __init__(self, seq: int, result: bool | None, error: str | None = None) -> None:
        self.seq = seq
        self.result = result
        self.error = error
        super().__init__()


class TransformerSaved(Message):
    def __init__(self, rule: str, bus: str, queue: str, error: str | None = None) -> None:
        self.rule = rule
        self.bus = bus
        self.queue = queue
        self.error = error
        super().__init__()


class TransformerDelivered(Message):
    """The bodies the transformer's target queue received after a test event (maybe none)."""

    def __init__(self, bodies: list[str], error: str | None = None) -> None:
        self.bodies = bodies
        self.error = error
        super().__init__()


class ArchivesLoaded(Message):
    def __init__(self, bus: str, support: Support, archives: list[ArchiveInfo]) -> None:
        self.bus = bus
        self.support = support
        self.archives = archives
        super().__init__()


class ReplayUpdated(Message):
    def __init__(self, status: ReplayStatus) -> None:
        self.status = status
        super().__init__()


class WatchStarted(Message):
    def __init__(self, bus: str, queue_url: str, prefix: str = "") -> None:
        self.bus = bus
        self.queue_url = queue_url
        self.prefix = prefix
        super().__init__()


class WatchPolled(Message):
    def __init__(self, bus: str, events: list[WatchedEvent], error: str | None = None) -> None:
        self.bus = bus
        self.events = events
        self.error = error
        super().__init__()
