"""The EventBridge workbench's thread workers: every AWS call the screen makes starts here."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from textual import work
from textual.worker import get_current_worker

from playground.aws.common import error_message
from playground.aws.events.delivery import RuleTargets
from playground.aws.events.replay import ArchiveInfo, ArchiveReplay
from playground.aws.events.service import EventsService
from playground.targets import Target
from playground.ui.events.dialogs import NewArchive, NewReplay, NewRule, NewTarget
from playground.ui.events.messages import (
    ArchivesLoaded,
    BusesLoaded,
    EventPut,
    PatternChecked,
    ReplayUpdated,
    RulesLoaded,
    TransformerDelivered,
    TransformerSaved,
    WatchPolled,
    WatchStarted,
)
from playground.ui.events.put_form import PutRequest, judge_rules

if TYPE_CHECKING:
    from textual.message import Message

DELIVERY_WAIT_S = 4.0
"""How long "Try" reads the target queue for the transformed event."""
REPLAY_WATCH_S = 60.0


class EventsWorkers:
    """Mixed into the Workbench screen; workers only call AWS and post messages."""

    if TYPE_CHECKING:
        def post_message(self, message: Message) -> bool: ...

    @work(thread=True, exclusive=True, exit_on_error=False, group="events-buses",
          description="list event buses")
    def load_buses(self, target: Target, select: str | None = None) -> None:
        names = sorted(b["Name"] for b in EventsService(target).list_buses())
        names = ["default", *[n for n in names if n != "default"]]
        self.post_message(BusesLoaded(names, select))

    @work(thread=True, exclusive=True, exit_on_error=False, group="events-rules",
          description="list rules")
    def load_rules(self, target: Target, bus: str) -> None:
        self.post_message(RulesLoaded(bus, RuleTargets(target).rules(bus)))

    @work(thread=True, exit_on_error=False, group="events-write", description="create bus")
    def create_bus(self, target: Target, name: str) -> None:
        EventsService(target).create_bus(name)
        self.load_buses(target, select=name)

    @work(thread=True, exit_on_error=False, group="events-write", description="delete bus")
    def delete_bus(self, target: Target, name: str) -> None:
        svc = EventsService(target)
        for rule in svc.list_rules(name):
            svc.delete_rule(rule["Name"], name)
        svc.delete_bus(name)
        self.load_buses(target, select="default")

    @work(thread=True, exit_on_error=False, group="events-write", description="put rule")
    def create_rule(self, target: Target, bus: str, rule: NewRule) -> None:
        EventsService(target).put_rule(rule.name, rule.pattern, bus=bus, enabled=rule.enabled)
        self.load_rules(target, bus)

    @work(thread=True, exit_on_error=False, group="events-write", description="add target")
    def add_target(self, target: Target, bus: str, rule: str, request: NewTarget) -> None:
        rules = RuleTargets(target)
        if request.kind == "sqs":
            rules.add_queue_target(rule, bus, request.value, target_id=request.target_id)
        else:
            rules.add_target(rule, bus, request.value, target_id=request.target_id,
                             role_arn=request.role_arn)
        self.load_rules(target, bus)

    @work(thread=True, exit_on_error=False, group="events-write", description="enable/disable rule")
    def set_enabled(self, target: Target, bus: str, rule: str, enabled: bool) -> None:
        EventsService(target).set_rule_enabled(rule, enabled, bus)
        self.load_rules(target, bus)

    @work(thread=True, exit_on_error=False, group="events-write", description="delete rule")
    def delete_rule(self, target: Target, bus: str, rule: str) -> None:
        EventsService(target).delete_rule(rule, bus)
        self.load_rules(target, bus)

    @work(thread=True, exit_on_error=False, group="events-put", description="put event")
    def put_event(self, target: Target, request: PutRequest) -> None:
        """PutEvents, then which rules of the bus the event was put on take it (read from the
        target here: the Rules tab may show another bus; matched here, off the event loop)."""
        try:
            event_id = EventsService(target).put_event(request.source, request.detail_type,
                                                       request.detail, bus=request.bus)
        except Exception as exc:
            self.post_message(EventPut(request.bus, None, error_message(exc)))
            return
        try:
            rules = RuleTargets(target).rules(request.bus)
        except Exception as exc:
            self.post_message(EventPut(request.bus, event_id, rules_error=error_message(exc)))
            return
        self.post_message(EventPut(request.bus, event_id,
                                   verdicts=judge_rules(request, event_id, rules)))

    @work(thread=True, exclusive=True, exit_on_error=False, group="events-test-pattern",
          description="TestEventPattern")
    def test_pattern(self, target: Target, seq: int, pattern: dict[str, Any],
                     event: dict[str, Any]) -> None:
        try:
            result = EventsService(target).test_event_pattern(pattern, event)
        except Exception as exc:
            self.post_message(PatternChecked(seq, None, error_message(exc)))
            return
        self.post_message(PatternChecked(seq, result))

    @work(thread=True, exit_on_error=False, group="events-transformer", description="save transformer")
    def save_transformer(self, target: Target, rule: str, bus: str, queue: str,
                         transformer: dict[str, Any]) -> None:
        try:
            RuleTargets(target).add_queue_target(rule, bus, queue, target_id=queue[:64],
                                                 transformer=transformer)
        except Exception as exc:
            self.post_message(TransformerSaved(rule, bus, queue, error_message(exc)))
            return
        self.post_message(TransformerSaved(rule, bus, queue))
        self.load_rules(target, bus)

    @work(thread=True, exclusive=True, exit_on_error=False, group="events-transformer-try",
          description="try the transformer")
    def try_transformer(self, target: Target, bus: str, queue: str, event: dict[str, Any]) -> None:
        rules = RuleTargets(target)
        try:
            url = rules.queue_url(queue, create=False)
            rules.events.put_event(str(event.get("source", "")), str(event.get("detail-type", "")),
                                   dict(event.get("detail") or {}), bus=bus)
            bodies: list[str] = []
            deadline = time.monotonic() + DELIVERY_WAIT_S
            while not bodies and time.monotonic() < deadline:
                bodies = rules.read_queue(url, wait_seconds=1)
        except Exception as exc:
            self.post_message(TransformerDelivered([], error_message(exc)))
            return
        self.post_message(TransformerDelivered(bodies))

    @work(thread=True, exclusive=True, exit_on_error=False, group="events-archives",
          description="list archives")
    def load_archives(self, target: Target, bus: str) -> None:
        replay = ArchiveReplay(target)
        support = replay.support()
        archives = replay.archives(replay.events.bus_arn(bus)) if support.available else []
        self.post_message(ArchivesLoaded(bus, support, archives))

    @work(thread=True, exit_on_error=False, group="events-write", description="create archive")
    def create_archive(self, target: Target, bus: str, request: NewArchive) -> None:
        ArchiveReplay(target).create_archive(request.name, bus, retention_days=request.retention_days)
        self.load_archives(target, bus)

    @work(thread=True, exclusive=True, exit_on_error=False, group="events-replay",
          description="replay an archive")
    def start_replay(self, target: Target, archive: ArchiveInfo, request: NewReplay) -> None:
        replay = ArchiveReplay(target)
        status = replay.start_replay(request.name, archive, minutes=request.minutes,
                                     now=datetime.now(UTC))
        self.post_message(ReplayUpdated(status))
        worker = get_current_worker()
        deadline = time.monotonic() + REPLAY_WATCH_S
        while not status.finished and not worker.is_cancelled and time.monotonic() < deadline:
            time.sleep(0.5)
            status = replay.replay_status(request.name)
            self.post_message(ReplayUpdated(status))

    @work(thread=True, exit_on_error=False, group="events-write", description="start the watch")
    def start_watch(self, target: Target, bus: str, prefix: str = "") -> None:
        self.post_message(WatchStarted(bus, ArchiveReplay(target).ensure_watch(bus, prefix),
                                       prefix))

    @work(thread=True, exclusive=False, exit_on_error=False, group="events-watch",
          description="long-poll the watch queue")
    def poll_watch(self, target: Target, bus: str, queue_url: str, wait_seconds: int) -> None:
        try:
            events = ArchiveReplay(target).read_watch(queue_url, wait_seconds)
        except Exception as exc:
            self.post_message(WatchPolled(bus, [], error_message(exc)))
            return
        self.post_message(WatchPolled(bus, events))
