"""Lambda solution actions: an execution role, a function from a template, event source
mappings (SQS, Kinesis), SNS subscriptions and EventBridge targets to a function (with the
invoke permission AWS needs), invocations, and waiting for what a function logs."""

from __future__ import annotations

import json
import time
from typing import Any, Literal

from playground.aws.common import error_code, managed_tags, tag_list
from playground.aws.lambda_.roles import POLICIES, ROLE_PATH, TRUST_POLICY
from playground.aws.lambda_.templates import TEMPLATES
from playground.lab.checks.lambda_ import find_function, function_logged, function_received
from playground.lab.context import LabContext, LabError
from playground.lab.registry import action

MAPPING_TIMEOUT_S = 30.0
"""A new mapping is Creating, then Enabled: seconds on AWS, at once on an emulator."""


@action("create_execution_role", service="lambda", creates="name", resource="execution role")
def create_execution_role(ctx: LabContext, name: str) -> str:
    """Create an execution role Lambda can assume (tagged for the lab).

    It gets the AWS managed policies for logs, SQS and Kinesis reads."""
    iam = ctx.target.client("iam")
    try:
        iam.create_role(RoleName=name, Path=ROLE_PATH,
                        AssumeRolePolicyDocument=json.dumps(TRUST_POLICY),
                        Tags=tag_list(managed_tags(ctx.lab_tags())))
    except Exception as exc:
        if error_code(exc) != "EntityAlreadyExists":
            raise
    for policy in POLICIES:
        iam.attach_role_policy(RoleName=name, PolicyArn=policy)
    return f"created execution role {name} (trusted by lambda.amazonaws.com)"


def _role_arn(ctx: LabContext, role: str) -> str:
    try:
        return str(ctx.target.client("iam").get_role(RoleName=role)["Role"]["Arn"])
    except Exception as exc:
        if error_code(exc) == "NoSuchEntity":
            raise LabError(f"role {role} does not exist: do the earlier steps first") from None
        raise


@action("create_function", service="lambda", creates="name", resource="function")
def create_function(ctx: LabContext, name: str, template: str, role: str,
                    timeout: int = 3, source: str | None = None) -> str:
    """Create a function from a template (or `source`) as the lab's role; wait until Active."""
    if template not in TEMPLATES:
        raise LabError(f"unknown template {template!r} (known: {', '.join(TEMPLATES)})")
    t = TEMPLATES[template]
    fn = ctx.lambda_.create_function(name, source or t.source, role=_role_arn(ctx, role),
                                     runtime=t.runtime, timeout=timeout, tags=ctx.lab_tags())
    return f"created function {name} ({t.title}): {fn.state}"


@action("create_mapping", service="lambda")
def create_mapping(ctx: LabContext, function: str, queue: str | None = None,
                   stream: str | None = None, batch_size: int | None = None,
                   batching_window: int | None = None, report_failures: bool = False,
                   bisect: bool | None = None,
                   starting_position: Literal["TRIM_HORIZON", "LATEST"] | None = None,
                   maximum_retries: int | None = None, on_failure_queue: str | None = None) -> str:
    """Read a queue or a stream into the function (an event source mapping), then wait."""
    if queue is not None:
        source = ctx.sqs.queue_arn(ctx.queue_url(queue))
    elif stream is not None:
        source = str(ctx.kinesis.client.describe_stream_summary(
            StreamName=stream)["StreamDescriptionSummary"]["StreamARN"])
    else:
        raise LabError("create_mapping needs `queue` or `stream`")
    on_failure = (ctx.sqs.queue_arn(ctx.queue_url(on_failure_queue))
                  if on_failure_queue else None)
    mapping = ctx.lambda_.create_mapping(
        function, source, batch_size=batch_size, batching_window=batching_window,
        report_failures=report_failures, bisect=bisect, starting_position=starting_position,
        maximum_retries=maximum_retries, on_failure=on_failure, tags=ctx.lab_tags())
    deadline = time.monotonic() + MAPPING_TIMEOUT_S
    while mapping.state in ("Creating", "Enabling") and time.monotonic() < deadline:
        time.sleep(0.5)
        mapping = ctx.lambda_.get_mapping(mapping.uuid)
    return f"{queue or stream} is read into {function} (mapping {mapping.state})"


@action("subscribe_function", service="lambda")
def subscribe_function(ctx: LabContext, topic: str, function: str) -> str:
    """Let SNS invoke the function (AddPermission), then subscribe it to the topic."""
    fn = find_function(ctx, function)
    topic_arn = ctx.find_topic_arn(topic)
    if fn is None or topic_arn is None:
        raise LabError(f"{function} and {topic} must exist first: do the earlier steps")
    ctx.lambda_.allow_invoke(function, "sns.amazonaws.com", topic_arn, f"sns-{topic}")
    ctx.sns.client.subscribe(TopicArn=topic_arn, Protocol="lambda", Endpoint=fn.arn,
                             ReturnSubscriptionArn=True)
    return f"{function} is subscribed to {topic}"


@action("target_function", service="lambda")
def target_function(ctx: LabContext, rule: str, function: str, bus: str = "default",
                    target_id: str = "function") -> str:
    """Let EventBridge invoke the function (AddPermission), then make it the rule's target."""
    fn = find_function(ctx, function)
    found = ctx.find_rule(rule, bus)
    if fn is None or found is None:
        raise LabError(f"{function} and rule {rule} must exist first: do the earlier steps")
    ctx.lambda_.allow_invoke(function, "events.amazonaws.com", str(found["Arn"]),
                             f"events-{rule}")
    ctx.events.put_target(rule, target_id, fn.arn, bus=bus)
    return f"rule {rule} now invokes {function}"


@action("invoke_function", service="lambda")
def invoke_function(ctx: LabContext, function: str,
                    payload: dict[str, Any] | None = None) -> str:
    """Invoke the function synchronously and say what it returned (or its error)."""
    result = ctx.lambda_.invoke(function, payload or {})
    if result.error is not None:
        return f"{function} failed: {result.error}"
    return f"{function} returned {result.payload[:200]}"


@action("wait_for_function", service="lambda")
def wait_for_function(ctx: LabContext, function: str, event: dict[str, Any] | None = None,
                      record_body: dict[str, Any] | None = None, logged: str | None = None,
                      at_least: int = 1, timeout: int = 30) -> str:
    """Wait until the function got such an event (or logged such a line).

    Deliveries by SNS, EventBridge and mappings take a moment."""
    deadline = time.monotonic() + timeout
    while True:
        if logged is not None:
            result = function_logged(ctx, function, logged, at_least)
        else:
            result = function_received(ctx, function, event, record_body, at_least)
        if result.passed:
            return result.message
        if time.monotonic() > deadline:
            raise LabError(f"after {timeout} s: {result.message}")
        time.sleep(0.5)


@action("wait_for_queue", service="lambda")
def wait_for_queue(ctx: LabContext, queue: str, visible: int, in_flight: int | None = None,
                   timeout: int = 45) -> str:
    """Wait until a queue holds `visible` messages (and `in_flight`).

    A mapping deletes what the function handled; SQS moves to the DLQ what keeps failing."""
    url = ctx.queue_url(queue)
    deadline = time.monotonic() + timeout
    while True:
        s = ctx.sqs.summary(url)
        if s.visible == visible and (in_flight is None or s.in_flight == in_flight):
            return f"{queue} holds {visible} visible message(s)"
        if time.monotonic() > deadline:
            raise LabError(f"after {timeout} s {queue} holds {s.visible} visible and "
                           f"{s.in_flight} in flight; the step wants {visible}")
        time.sleep(0.5)
