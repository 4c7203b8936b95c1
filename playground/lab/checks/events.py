"""EventBridge checks: buses, rules and their targets, queue policies for rules, input
transformers, what a target queue received, archives and replays."""

from __future__ import annotations

import json
from typing import Any

from playground.aws.events.transform import minify
from playground.lab.checks.common import contains as json_contains
from playground.lab.checks.common import count_in_queue, holds, missing_queue, queue_allows
from playground.lab.context import LabContext
from playground.lab.registry import CheckResult, check, failed, passed, plural


def _no_rule(rule: str, bus: str) -> CheckResult:
    return failed(f"rule {rule} does not exist on bus {bus} yet")


@check("event_bus_exists", service="events")
def event_bus_exists(ctx: LabContext, bus: str) -> CheckResult:
    """The custom event bus exists."""
    if any(b.get("Name") == bus for b in ctx.events.list_buses()):
        return passed(f"event bus {bus} exists")
    return failed(f"event bus {bus} does not exist yet")


@check("rule_exists", service="events")
def rule_exists(ctx: LabContext, rule: str, bus: str = "default",
                pattern: dict[str, Any] | None = None) -> CheckResult:
    """The rule exists on the bus (with exactly this event pattern)."""
    found = ctx.find_rule(rule, bus)
    if found is None:
        return _no_rule(rule, bus)
    if pattern is not None:
        have = json.loads(found.get("EventPattern") or "{}")
        if have != pattern:
            return failed(f"rule {rule} matches {json.dumps(have)}; the step wants "
                          f"{json.dumps(pattern)}")
    return passed(f"rule {rule} exists on bus {bus}")


@check("rule_has_target", service="events")
def rule_has_target(ctx: LabContext, rule: str, bus: str = "default",
                    target_queue: str | None = None, target_arn: str | None = None,
                    input_path: str | None = None, with_role: bool | None = None) -> CheckResult:
    """The rule sends matching events to a target (a queue by name, or any ARN)."""
    if ctx.find_rule(rule, bus) is None:
        return _no_rule(rule, bus)
    targets = ctx.events.list_targets(rule, bus)
    arns = [str(t.get("Arn", "")) for t in targets]
    if target_queue is not None:
        wanted = target_queue
        ok = any(a.startswith("arn:aws:sqs:") and a.rsplit(":", 1)[-1] == target_queue
                 for a in arns)
    elif target_arn is not None:
        wanted, ok = target_arn, target_arn in arns
    else:
        wanted, ok = "a target", bool(arns)
    if not ok:
        have = ", ".join(a.rsplit(":", 1)[-1] for a in arns) or "no targets"
        return failed(f"rule {rule} has {have}; the step wants {wanted}")
    found = next(t for t in targets if wanted == "a target" or wanted in (
        str(t.get("Arn", "")), str(t.get("Arn", "")).rsplit(":", 1)[-1]))
    if input_path is not None and found.get("InputPath") != input_path:
        have = found.get("InputPath") or "none (the whole event)"
        return failed(f"the target's InputPath is {have}; the step wants {input_path}")
    if with_role is True and not found.get("RoleArn"):
        return failed("the target has no RoleArn: EventBridge needs a role to start a "
                      "state machine (or put to a stream)")
    return passed(f"rule {rule} sends matching events to {wanted}")


@check("queue_allows_rule", service="events")
def queue_allows_rule(ctx: LabContext, queue: str, rule: str, bus: str = "default") -> CheckResult:
    """The queue's policy lets EventBridge send to it for this rule (aws:SourceArn)."""
    url = ctx.find_queue_url(queue)
    if url is None:
        return missing_queue(queue)
    found = ctx.find_rule(rule, bus)
    if found is None:
        return _no_rule(rule, bus)
    return queue_allows(ctx, queue, url, "events.amazonaws.com", str(found.get("Arn")),
                        f"rule {rule}")


@check("rule_target_transformer", service="events")
def rule_target_transformer(ctx: LabContext, rule: str, queue: str, bus: str = "default",
                            template: str | None = None) -> CheckResult:
    """The rule's target for this queue has an input transformer (with this template)."""
    if ctx.find_rule(rule, bus) is None:
        return _no_rule(rule, bus)
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


def _event_fits(raw: str, contains: dict[str, Any] | None, body: str | None,
                replayed: bool | None) -> bool:
    if body is not None:
        return raw == body
    try:
        doc = json.loads(raw)
    except ValueError:
        return contains is None and replayed is None
    if replayed is not None and (not isinstance(doc, dict) or ("replay-name" in doc) != replayed):
        return False
    return contains is None or json_contains(doc, contains)


@check("events_queue_holds", service="events")
def events_queue_holds(ctx: LabContext, queue: str, at_least: int = 1, at_most: int | None = None,
                       contains: dict[str, Any] | None = None, body: str | None = None,
                       replayed: bool | None = None) -> CheckResult:
    """The target queue holds at_least to at_most events like this.

    Like this: JSON containing these keys (or a body exactly `body`), replayed (it has
    `replay-name`) or live."""
    try:
        n, note = count_in_queue(ctx, queue, lambda m: _event_fits(m.body, contains, body,
                                                                   replayed))
    except LookupError as exc:
        return failed(str(exc))
    kind = {True: "replayed ", False: "live ", None: ""}[replayed]
    what = plural(n, f"{kind}message")
    if body is not None:
        what += f" with body {body!r}"
    elif contains is not None:
        what += f" containing {json.dumps(contains, separators=(',', ':'))}"
    return holds(queue, n, what, at_least, at_most, note)


@check("archive_exists", service="events")
def archive_exists(ctx: LabContext, archive: str, bus: str = "default") -> CheckResult:
    """The archive exists and archives this bus."""
    found = ctx.find_archive(archive)
    if found is None:
        return failed(f"archive {archive} does not exist yet")
    if not found.source_arn.endswith(f":event-bus/{bus}"):
        return failed(f"archive {archive} archives {found.source_arn}, not bus {bus}")
    return passed(f"archive {archive} keeps the events of bus {bus} ({found.state})")


@check("replay_completed", service="events")
def replay_completed(ctx: LabContext, archive: str) -> CheckResult:
    """A replay from this archive has COMPLETED."""
    found = ctx.find_archive(archive)
    if found is None:
        return failed(f"archive {archive} does not exist yet")
    replays = ctx.events.list_replays(found.arn)
    done = [r for r in replays if r.get("State") == "COMPLETED"]
    if done:
        return passed(f"replay {done[-1].get('ReplayName')} from {archive} COMPLETED")
    states = ", ".join(f"{r.get('ReplayName')}: {r.get('State')}" for r in replays)
    return failed(f"no replay from {archive} has COMPLETED yet" + (f" ({states})" if states else ""))
