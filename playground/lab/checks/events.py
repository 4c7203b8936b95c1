"""Lab checks and `python:` steps for the EventBridge labs: queue policies for rules, input
transformers, what a target queue received, archives and replays.

Loaded by `playground.lab.registry.load_builtins` (one of its extension modules).
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any

from playground.aws.common import error_code
from playground.aws.events.delivery import RuleTargets
from playground.aws.events.replay import ArchiveInfo, ArchiveReplay
from playground.aws.events.transform import minify
from playground.lab.registry import CheckResult, check, failed, lab_function, passed


def _rule_arn(ctx: Any, rule: str, bus: str) -> str | None:
    for found in ctx.events.list_rules(bus):
        if found.get("Name") == rule:
            return str(found.get("Arn"))
    return None


@check("event_bus_exists", service="events")
def event_bus_exists(ctx: Any, bus: str) -> CheckResult:
    """The custom event bus exists."""
    if any(b.get("Name") == bus for b in ctx.events.list_buses()):
        return passed(f"event bus {bus} exists")
    return failed(f"event bus {bus} does not exist yet")


@check("queue_allows_rule", service="events")
def queue_allows_rule(ctx: Any, queue: str, rule: str, bus: str = "default") -> CheckResult:
    """The queue's policy lets EventBridge send to it for this rule (aws:SourceArn)."""
    url = ctx.find_queue_url(queue)
    if url is None:
        return failed(f"queue {queue} does not exist yet")
    rule_arn = _rule_arn(ctx, rule, bus)
    if rule_arn is None:
        return failed(f"rule {rule} does not exist on bus {bus} yet")
    attrs = ctx.sqs.client.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"])
    policy = json.loads(attrs.get("Attributes", {}).get("Policy") or "{}")
    for statement in policy.get("Statement", []):
        principal = statement.get("Principal", {})
        service = principal.get("Service") if isinstance(principal, dict) else None
        actions = statement.get("Action")
        actions = actions if isinstance(actions, list) else [actions]
        source = statement.get("Condition", {}).get("ArnEquals", {}).get("aws:SourceArn")
        if (statement.get("Effect") == "Allow" and service == "events.amazonaws.com"
                and ("sqs:SendMessage" in actions or "sqs:*" in actions) and source == rule_arn):
            return passed(f"{queue} lets rule {rule} send to it")
    return failed(f"{queue} has no policy statement letting events.amazonaws.com call "
                  f"sqs:SendMessage with aws:SourceArn {rule_arn}")


@check("rule_target_transformer", service="events")
def rule_target_transformer(ctx: Any, rule: str, queue: str, bus: str = "default",
                            template: str | None = None) -> CheckResult:
    """The rule's target for this queue has an input transformer (with this template)."""
    if _rule_arn(ctx, rule, bus) is None:
        return failed(f"rule {rule} does not exist on bus {bus} yet")
    for target in ctx.events.list_targets(rule, bus):
        if str(target.get("Arn", "")).rsplit(":", 1)[-1] != queue:
            continue
        transformer = target.get("InputTransformer")
        if not transformer:
            return failed(f"rule {rule} sends whole events to {queue}; the step wants an "
                          "InputTransformer on that target")
        have = str(transformer.get("InputTemplate", ""))
        if template is not None and minify(have) != minify(template):
            return failed(f"the target's template is {have!r}; the step wants {template!r} "
                          "(spacing outside strings does not matter)")
        return passed(f"rule {rule} transforms events for {queue}")
    return failed(f"rule {rule} has no target for queue {queue} yet")


def _bodies(ctx: Any, queue: str) -> tuple[list[str] | None, int, str]:
    """Bodies of the queue's visible messages, the visible count, and how they were seen."""
    messages, count, how = ctx.look_into_queue(queue)
    return (None if messages is None else [m.body for m in messages]), count, how


def _contains(have: Any, want: Any) -> bool:
    if isinstance(want, dict):
        return isinstance(have, dict) and all(k in have and _contains(have[k], v)
                                               for k, v in want.items())
    return bool(have == want)


@check("events_queue_holds", service="events")
def events_queue_holds(ctx: Any, queue: str, at_least: int = 1, at_most: int | None = None,
                       contains: dict[str, Any] | None = None, body: str | None = None,
                       replayed: bool | None = None) -> CheckResult:
    """The target queue holds between at_least and at_most messages whose JSON contains these
    keys (or whose body is exactly `body`), replayed (with replay-name) or live."""
    try:
        bodies, count, how = _bodies(ctx, queue)
    except LookupError as exc:
        return failed(str(exc))
    if bodies is None:
        n, note = count, f" ({how})"
    else:
        n, note = sum(1 for b in bodies if _fits(b, contains, body, replayed)), (
            f" ({how})" if how else "")
    kind = {True: "replayed ", False: "live ", None: ""}[replayed]
    what = f"{n} {kind}message{'' if n == 1 else 's'}"
    if body is not None:
        what += f" with body {body!r}"
    elif contains is not None:
        what += f" containing {json.dumps(contains, separators=(',', ':'))}"
    if n < at_least:
        return failed(f"{queue} holds {what}; the step wants at least {at_least}{note}")
    if at_most is not None and n > at_most:
        return failed(f"{queue} holds {what}; the step wants at most {at_most}{note}")
    return passed(f"{queue} holds {what}{note}")


def _fits(raw: str, contains: dict[str, Any] | None, body: str | None,
          replayed: bool | None) -> bool:
    if body is not None:
        return raw == body
    try:
        doc = json.loads(raw)
    except ValueError:
        return contains is None and replayed is None
    if replayed is not None and (not isinstance(doc, dict) or ("replay-name" in doc) != replayed):
        return False
    return contains is None or _contains(doc, contains)


def _archive(ctx: Any, name: str) -> ArchiveInfo | None:
    try:
        a = ctx.events.describe_archive(name)
    except Exception as exc:
        if error_code(exc) == "ResourceNotFoundException":
            return None
        raise
    return ArchiveInfo(name, str(a.get("ArchiveArn")), str(a.get("EventSourceArn", "")),
                       str(a.get("State", "")), a.get("EventCount"), a.get("RetentionDays"))


@check("archive_exists", service="events")
def archive_exists(ctx: Any, archive: str, bus: str = "default") -> CheckResult:
    """The archive exists and archives this bus."""
    found = _archive(ctx, archive)
    if found is None:
        return failed(f"archive {archive} does not exist yet")
    if not found.source_arn.endswith(f":event-bus/{bus}"):
        return failed(f"archive {archive} archives {found.source_arn}, not bus {bus}")
    return passed(f"archive {archive} keeps the events of bus {bus} ({found.state})")


@check("replay_completed", service="events")
def replay_completed(ctx: Any, archive: str) -> CheckResult:
    """A replay from this archive has COMPLETED."""
    found = _archive(ctx, archive)
    if found is None:
        return failed(f"archive {archive} does not exist yet")
    replays = ctx.events.list_replays(found.arn)
    done = [r for r in replays if r.get("State") == "COMPLETED"]
    if done:
        return passed(f"replay {done[-1].get('ReplayName')} from {archive} COMPLETED")
    states = ", ".join(f"{r.get('ReplayName')}: {r.get('State')}" for r in replays)
    return failed(f"no replay from {archive} has COMPLETED yet" + (f" ({states})" if states else ""))


@lab_function("events_allow_queue")
def events_allow_queue(ctx: Any, queue: str, rule: str, bus: str = "default") -> str:
    """Set the queue policy that lets EventBridge deliver this rule's events to the queue."""
    rule_arn = _rule_arn(ctx, rule, bus)
    RuleTargets(ctx.target).allow_rule_to_send(ctx.queue_url(queue), str(rule_arn))
    return f"{queue} now lets rule {rule} send to it"


@lab_function("events_transformed_target")
def events_transformed_target(ctx: Any, rule: str, queue: str, paths: dict[str, str],
                              template: str, bus: str = "default") -> str:
    """Send the rule's events to the queue through an input transformer."""
    RuleTargets(ctx.target).add_queue_target(
        rule, bus, queue, target_id=queue[:64],
        transformer={"InputPathsMap": paths, "InputTemplate": template})
    return f"rule {rule} now sends transformed events to {queue}"


@lab_function("events_create_archive")
def events_create_archive(ctx: Any, archive: str, bus: str = "default",
                          retention_days: int = 1) -> str:
    """Archive every event of a bus (except replayed ones)."""
    ArchiveReplay(ctx.target).create_archive(archive, bus, retention_days=retention_days)
    return f"archive {archive} now keeps the events of {bus}"


@lab_function("events_replay")
def events_replay(ctx: Any, archive: str, minutes: int = 15, wait_seconds: int = 30) -> str:
    """Replay the archive's last minutes into its bus, with a fresh replay name, and wait."""
    replay = ArchiveReplay(ctx.target)
    found = _archive(ctx, archive)
    if found is None:
        from playground.lab.context import LabError

        raise LabError(f"archive {archive} does not exist: do the earlier steps first")
    name = f"{archive}-{datetime.now(UTC):%H%M%S}"[:64]
    status = replay.start_replay(name, found, minutes=minutes)
    deadline = time.monotonic() + wait_seconds
    while not status.finished and time.monotonic() < deadline:
        time.sleep(0.3)
        status = replay.replay_status(name)
    return f"replay {name}: {status.state}"
