"""EventBridge solution actions and `python:` functions: buses, rules, targets (queue policies
and input transformers too), events, archives and replays."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from playground.aws.events.delivery import RuleTargets
from playground.aws.events.replay import ArchiveReplay
from playground.lab.context import LabContext, LabError
from playground.lab.registry import action, lab_function


@action("create_bus", service="events", creates="name", resource="event bus")
def create_bus(ctx: LabContext, name: str) -> str:
    """Create a custom event bus (tagged for the lab)."""
    ctx.events.create_bus(name, tags=ctx.lab_tags())
    return f"created event bus {name}"


@action("put_rule", service="events", creates="name", resource="rule")
def put_rule(ctx: LabContext, name: str, pattern: dict[str, Any], bus: str = "default") -> str:
    """Create or update a rule with an event pattern (tagged for the lab)."""
    ctx.events.put_rule(name, pattern, bus=bus, tags=ctx.lab_tags())
    return f"put rule {name} on bus {bus}"


@action("put_target", service="events")
def put_target(ctx: LabContext, rule: str, bus: str = "default", target_queue: str | None = None,
               target_arn: str | None = None, target_id: str = "1") -> str:
    """Send a rule's matching events to a queue (by name) or any target ARN."""
    if target_queue is not None:
        arn = ctx.sqs.queue_arn(ctx.queue_url(target_queue))
    elif target_arn is not None:
        arn = target_arn
    else:
        raise LabError("put_target needs `target_queue` or `target_arn`")
    ctx.events.put_target(rule, target_id, arn, bus=bus)
    return f"rule {rule} now sends to {target_queue or arn}"


@action("put_workflow_target", service="events")
def put_workflow_target(ctx: LabContext, rule: str, state_machine: str, role_arn: str,
                        bus: str = "default", input_path: str | None = None,
                        target_id: str = "workflow") -> str:
    """Start a state machine for each matching event, with the role EventBridge assumes."""
    target: dict[str, Any] = {"Id": target_id, "Arn": ctx.state_machine_arn(state_machine),
                              "RoleArn": role_arn}
    if input_path:
        target["InputPath"] = input_path
    ctx.events.put_target_spec(rule, target, bus=bus)
    return f"rule {rule} now starts {state_machine}"


@action("put_event", service="events")
def put_event(ctx: LabContext, source: str, detail_type: str, detail: dict[str, Any],
              bus: str = "default") -> str:
    """Put one event on a bus."""
    ctx.events.put_event(source, detail_type, detail, bus=bus)
    return f"put a {detail_type} event from {source} on bus {bus}"


@lab_function("events_allow_queue", service="events")
def events_allow_queue(ctx: LabContext, queue: str, rule: str, bus: str = "default") -> str:
    """Set the queue policy that lets EventBridge deliver this rule's events to the queue."""
    RuleTargets(ctx.target).allow_rule_to_send(ctx.queue_url(queue), ctx.rule_arn(rule, bus))
    return f"{queue} now lets rule {rule} send to it"


@lab_function("events_transformed_target", service="events")
def events_transformed_target(ctx: LabContext, rule: str, queue: str, paths: dict[str, str],
                              template: str, bus: str = "default") -> str:
    """Send the rule's events to the queue through an input transformer."""
    RuleTargets(ctx.target).add_queue_target(
        rule, bus, queue, target_id=queue[:64],
        transformer={"InputPathsMap": paths, "InputTemplate": template})
    return f"rule {rule} now sends transformed events to {queue}"


@lab_function("events_create_archive", service="events", creates="archive",
              resource="archive")
def events_create_archive(ctx: LabContext, archive: str, bus: str = "default",
                          retention_days: int = 1) -> str:
    """Archive every event of a bus (except replayed ones)."""
    ArchiveReplay(ctx.target).create_archive(archive, bus, retention_days=retention_days)
    return f"archive {archive} now keeps the events of {bus}"


@lab_function("events_replay", service="events")
def events_replay(ctx: LabContext, archive: str, minutes: int = 15, wait_seconds: int = 30) -> str:
    """Replay the archive's last minutes into its bus, with a fresh replay name, and wait."""
    found = ctx.archive(archive)
    replay = ArchiveReplay(ctx.target)
    name = f"{archive}-{datetime.now(UTC):%H%M%S}"[:64]
    status = replay.start_replay(name, found, minutes=minutes)
    deadline = time.monotonic() + wait_seconds
    while not status.finished and time.monotonic() < deadline:
        time.sleep(0.3)
        status = replay.replay_status(name)
    return f"replay {name}: {status.state}"
