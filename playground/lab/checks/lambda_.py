"""Lambda lab checks: a function, what reads into it (event source mappings), what invokes it
(SNS subscriptions, EventBridge targets), and what its invocations got and logged.

They read what a learner would (GetFunction, ListEventSourceMappings, ListSubscriptions,
ListTargetsByRule, FilterLogEvents on /aws/lambda/NAME), so a function made in the workbench or
with the `aws` CLI counts the same.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from playground.aws.common import error_code
from playground.aws.lambda_.service import Function, Mapping
from playground.aws.lambda_.tail import Invocation
from playground.lab.checks.common import contains
from playground.lab.context import LabContext
from playground.lab.registry import CheckResult, check, failed, passed, plural

INVOCATIONS = 200
"""Invocations read back from the log group, newest last: a lab makes a few dozen."""


def find_function(ctx: LabContext, name: str) -> Function | None:
    try:
        return ctx.lambda_.get_function(name)
    except Exception as exc:
        if error_code(exc) == "ResourceNotFoundException":
            return None
        raise


def _no_function(name: str) -> CheckResult:
    return failed(f"function {name} does not exist yet")


def _source_arn(ctx: LabContext, queue: str | None, stream: str | None) -> str | None:
    if queue is not None:
        url = ctx.find_queue_url(queue)
        return None if url is None else ctx.sqs.queue_arn(url)
    if stream is not None:
        try:
            return str(ctx.kinesis.client.describe_stream_summary(
                StreamName=stream)["StreamDescriptionSummary"]["StreamARN"])
        except Exception as exc:
            if error_code(exc) == "ResourceNotFoundException":
                return None
            raise
    return None


@check("function_exists", service="lambda")
def function_exists(ctx: LabContext, function: str, runtime: str | None = None) -> CheckResult:
    """The function exists and is Active (with that runtime)."""
    fn = find_function(ctx, function)
    if fn is None:
        return _no_function(function)
    if fn.state not in ("Active", "Inactive"):
        why = f": {fn.state_reason}" if fn.state_reason else ""
        return failed(f"{function} is {fn.state}{why}; the step wants it Active")
    if runtime is not None and fn.runtime != runtime:
        return failed(f"{function} runs {fn.runtime}; the step wants {runtime}")
    return passed(f"function {function} ({fn.runtime}) is Active")


def _mapping_problems(m: Mapping, want: dict[str, Any]) -> list[str]:
    names = {"batch_size": "batch size", "batching_window": "MaximumBatchingWindowInSeconds",
             "report_failures": "ReportBatchItemFailures", "bisect": "BisectBatchOnFunctionError",
             "starting_position": "StartingPosition", "maximum_retries": "MaximumRetryAttempts",
             "enabled": "enabled"}
    problems = []
    for key, value in want.items():
        if value is None:
            continue
        have = getattr(m, key)
        if have != value:
            problems.append(f"{names[key]} is {have}; the step wants {value}")
    return problems


@check("function_mapping", service="lambda")
def function_mapping(ctx: LabContext, function: str, queue: str | None = None,
                     stream: str | None = None, batch_size: int | None = None,
                     batching_window: int | None = None, report_failures: bool | None = None,
                     bisect: bool | None = None, starting_position: str | None = None,
                     maximum_retries: int | None = None,
                     enabled: bool | None = True) -> CheckResult:
    """An event source mapping reads the queue (or stream) into the function, so set."""
    if find_function(ctx, function) is None:
        return _no_function(function)
    source = queue or stream or "?"
    arn = _source_arn(ctx, queue, stream)
    if arn is None:
        kind = "queue" if queue is not None else "stream"
        return failed(f"{kind} {source} does not exist yet")
    mappings = [m for m in ctx.lambda_.mappings(function) if m.source_arn == arn]
    if not mappings:
        return failed(f"no event source mapping reads {source} into {function} yet")
    want = {"batch_size": batch_size, "batching_window": batching_window,
            "report_failures": report_failures, "bisect": bisect,
            "starting_position": starting_position, "maximum_retries": maximum_retries,
            "enabled": enabled}
    problems = _mapping_problems(mappings[0], want)
    if problems:
        return failed(f"the mapping from {source} to {function}: {'; '.join(problems)}")
    return passed(f"{source} is read into {function} (batch size {mappings[0].batch_size})")


@check("function_subscribed", service="lambda")
def function_subscribed(ctx: LabContext, function: str, topic: str) -> CheckResult:
    """The function is subscribed to the SNS topic (protocol lambda)."""
    fn = find_function(ctx, function)
    if fn is None:
        return _no_function(function)
    topic_arn = ctx.find_topic_arn(topic)
    if topic_arn is None:
        return failed(f"topic {topic} does not exist yet")
    if any(t.kind == "sns subscription" and t.source == topic_arn
           for t in ctx.lambda_.triggers(fn.arn)):
        return passed(f"{function} is subscribed to {topic}")
    return failed(f"{function} is not subscribed to {topic} yet (protocol lambda)")


@check("rule_targets_function", service="lambda")
def rule_targets_function(ctx: LabContext, function: str, rule: str,
                          bus: str = "default") -> CheckResult:
    """The EventBridge rule sends matching events to the function."""
    fn = find_function(ctx, function)
    if fn is None:
        return _no_function(function)
    if ctx.find_rule(rule, bus) is None:
        return failed(f"rule {rule} does not exist on bus {bus} yet")
    if any(t.kind == "eventbridge rule" and t.source == f"{bus}/{rule}"
           for t in ctx.lambda_.triggers(fn.arn)):
        return passed(f"rule {rule} sends matching events to {function}")
    return failed(f"rule {rule} has no target {function} yet")


def _invocations(ctx: LabContext, function: str) -> list[Invocation]:
    return ctx.lambda_.recent_invocations(function, limit=INVOCATIONS)


@check("function_received", service="lambda")
def function_received(ctx: LabContext, function: str, event: dict[str, Any] | None = None,
                      record_body: dict[str, Any] | None = None,
                      at_least: int = 1) -> CheckResult:
    """Invocations got an event containing `event` (or a record whose body contains that).

    `record_body` is matched against each record's payload: an SQS body, an SNS message or
    Kinesis data, read as JSON. The event is what the function logged (`event: {...}`)."""
    if find_function(ctx, function) is None:
        return _no_function(function)
    invocations = _invocations(ctx, function)
    logged = [i for i in invocations if i.event is not None]
    fits = [i for i in logged if (event is None or contains(i.event, event))
            and (record_body is None or any(contains(b, record_body) for b in _bodies(i.event)))]
    what = json.dumps(event if event is not None else record_body)
    if len(fits) >= at_least:
        return passed(f"{function} got {plural(len(fits), 'event')} with {what}")
    if not invocations:
        return failed(f"{function} has not been invoked yet (its log group has no invocation)")
    return failed(f"{function} was invoked {plural(len(invocations), 'time')}; "
                  f"{plural(len(fits), 'event')} held {what}; the step wants at least {at_least}")


def _bodies(event: Any) -> list[Any]:
    """Each record's payload, read as JSON where it is: an SQS body, an SNS message, Kinesis
    data (base64)."""
    out: list[Any] = []
    records = event.get("Records") if isinstance(event, dict) else None
    for r in records if isinstance(records, list) else []:
        if not isinstance(r, dict):
            continue
        text: Any = r.get("body")
        if text is None and isinstance(r.get("Sns"), dict):
            text = r["Sns"].get("Message")
        if text is None and isinstance(r.get("kinesis"), dict):
            try:
                text = base64.b64decode(str(r["kinesis"].get("data", ""))).decode("utf-8")
            except ValueError:
                text = None
        try:
            out.append(json.loads(text) if isinstance(text, str) else text)
        except ValueError:
            out.append(text)
    return out


@check("function_logged", service="lambda")
def function_logged(ctx: LabContext, function: str, text: str, at_least: int = 1) -> CheckResult:
    """At least `at_least` of the function's log lines contain `text`."""
    if find_function(ctx, function) is None:
        return _no_function(function)
    lines = [line for i in _invocations(ctx, function) for line in i.lines if text in line]
    if len(lines) >= at_least:
        return passed(f"{function} logged {plural(len(lines), 'line')} with {text!r}")
    return failed(f"{function} logged {plural(len(lines), 'line')} with {text!r}; the step "
                  f"wants at least {at_least}")


@check("function_batch_isolated", service="lambda")
def function_batch_isolated(ctx: LabContext, function: str, text: str) -> CheckResult:
    """An invocation got the record holding `text` alone, in a batch of one.

    That is the mapping splitting a failing batch down to the poison record
    (BisectBatchOnFunctionError)."""
    if find_function(ctx, function) is None:
        return _no_function(function)
    sizes: list[int] = []
    for inv in _invocations(ctx, function):
        bodies = _bodies(inv.event)
        if not any(text in json.dumps(b) for b in bodies):
            continue
        sizes.append(len(bodies))
        if len(bodies) == 1:
            return passed(f"{function} got the record with {text!r} alone in a batch of one")
    if not sizes:
        return failed(f"no invocation of {function} got a record with {text!r} yet")
    return failed(f"{function} got the record with {text!r} in batches of "
                  f"{', '.join(map(str, sorted(set(sizes))))}, never alone")
