"""Built-in EventBridge, Step Functions and Kinesis checks."""

from __future__ import annotations

import json
from typing import Any

from playground.aws.common import error_code
from playground.lab.context import LabContext
from playground.lab.registry import CheckResult, check, failed, passed, plural, unmet


def _rule(ctx: LabContext, rule: str, bus: str) -> dict[str, Any] | None:
    for found in ctx.events.list_rules(bus):
        if found.get("Name") == rule:
            return found
    return None


def contains(have: Any, want: Any) -> bool:
    """`want` is a subset of `have`: every key it names has an equal (or containing) value."""
    if isinstance(want, dict):
        return isinstance(have, dict) and all(k in have and contains(have[k], v)
                                               for k, v in want.items())
    return bool(have == want)


@check("rule_exists", service="events")
def rule_exists(ctx: LabContext, rule: str, bus: str = "default",
                pattern: dict[str, Any] | None = None) -> CheckResult:
    """The EventBridge rule exists on the bus, optionally with exactly this event pattern."""
    found = _rule(ctx, rule, bus)
    if found is None:
        return failed(f"rule {rule} does not exist on bus {bus} yet")
    if pattern is not None:
        have = json.loads(found.get("EventPattern") or "{}")
        if have != pattern:
            return failed(f"rule {rule} matches {json.dumps(have)}; the step wants "
                          f"{json.dumps(pattern)}")
    return passed(f"rule {rule} exists on bus {bus}")


@check("rule_has_target", service="events")
def rule_has_target(ctx: LabContext, rule: str, bus: str = "default",
                    target_queue: str | None = None, target_arn: str | None = None) -> CheckResult:
    """The rule sends matching events to a target (a queue by name, or any ARN)."""
    if _rule(ctx, rule, bus) is None:
        return failed(f"rule {rule} does not exist on bus {bus} yet")
    arns = [str(t.get("Arn", "")) for t in ctx.events.list_targets(rule, bus)]
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
    return passed(f"rule {rule} sends matching events to {wanted}")


@check("execution_succeeded", service="stepfunctions")
def execution_succeeded(ctx: LabContext, state_machine: str,
                        output_contains: dict[str, Any] | None = None) -> CheckResult:
    """An execution of the state machine ended SUCCEEDED, optionally with output containing keys."""
    arn = ctx.find_state_machine_arn(state_machine)
    if arn is None:
        return failed(f"state machine {state_machine} does not exist yet")
    executions = ctx.sfn.list_executions(arn)
    done = [e for e in executions if e.get("status") == "SUCCEEDED"]
    if not done:
        states = sorted({str(e.get("status")) for e in executions})
        return failed(f"no execution of {state_machine} has SUCCEEDED yet"
                      + (f" (seen: {', '.join(states)})" if states else ""))
    if output_contains is None:
        return passed(f"an execution of {state_machine} SUCCEEDED")
    for execution in done:
        detail = ctx.sfn.describe_execution(str(execution["executionArn"]))
        if contains(json.loads(detail.get("output") or "null"), output_contains):
            return passed(f"an execution of {state_machine} SUCCEEDED with the wanted output")
    return failed(f"{plural(len(done), 'execution')} of {state_machine} SUCCEEDED, but none "
                  f"output {json.dumps(output_contains)}")


@check("stream_shards", service="kinesis")
def stream_shards(ctx: LabContext, stream: str, equals: int | None = None,
                  at_least: int | None = None, at_most: int | None = None) -> CheckResult:
    """The stream exists and has this many open shards."""
    try:
        shards = ctx.kinesis.shards(stream)
    except Exception as exc:
        if error_code(exc) == "ResourceNotFoundException":
            return failed(f"stream {stream} does not exist yet")
        raise
    n = sum(s.open for s in shards)
    wanted = unmet(n, equals=equals, at_least=at_least, at_most=at_most)
    if wanted:
        return failed(f"{stream} has {plural(n, 'open shard')}; {wanted}")
    return passed(f"{stream} has {plural(n, 'open shard')}")
