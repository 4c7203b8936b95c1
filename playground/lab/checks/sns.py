"""SNS checks: topics, their SQS subscriptions (raw delivery, filter policies), and what a
subscriber's queue got (body and attributes, envelope or raw), seen without consuming it."""

from __future__ import annotations

import json
from typing import Any

from playground.aws.sns.fanout import Delivery, parse_delivery
from playground.aws.sns.service import Subscription
from playground.aws.sqs.service import PeekedMessage, ReceivedMessage
from playground.lab.checks.common import count_in_queue, holds
from playground.lab.context import LabContext
from playground.lab.registry import CheckResult, check, failed, passed, plural


@check("topic_exists", service="sns")
def topic_exists(ctx: LabContext, topic: str) -> CheckResult:
    """The topic exists."""
    if ctx.find_topic_arn(topic) is None:
        return failed(f"topic {topic} does not exist yet")
    return passed(f"topic {topic} exists")


def _queue_subscription(ctx: LabContext, topic_arn: str, queue: str) -> Subscription | None:
    for sub in ctx.sns.subscriptions(topic_arn):
        if sub.protocol == "sqs" and sub.endpoint.rsplit(":", 1)[-1] == queue:
            return sub
    return None


@check("subscription_exists", service="sns")
def subscription_exists(ctx: LabContext, topic: str, queue: str, raw: bool | None = None,
                        filter_policy: dict[str, Any] | None = None,
                        filter_scope: str | None = None) -> CheckResult:
    """The queue is subscribed to the topic, optionally with raw delivery and a filter policy."""
    topic_arn = ctx.find_topic_arn(topic)
    if topic_arn is None:
        return failed(f"topic {topic} does not exist yet")
    sub = _queue_subscription(ctx, topic_arn, queue)
    if sub is None:
        return failed(f"queue {queue} is not subscribed to {topic} yet")
    if sub.attributes.get("PendingConfirmation") == "true":
        return failed(f"the subscription of {queue} to {topic} is waiting for confirmation")
    if raw is True and not sub.raw_delivery:
        return failed(f"{queue} gets SNS's JSON envelope; the step wants raw message delivery "
                      "(RawMessageDelivery=true)")
    if raw is False and sub.raw_delivery:
        return failed(f"{queue} gets raw messages; the step wants the SNS JSON envelope "
                      "(RawMessageDelivery=false)")
    if filter_policy is not None and sub.filter_policy != filter_policy:
        have = json.dumps(sub.filter_policy) if sub.filter_policy else "no filter policy"
        return failed(f"the subscription of {queue} has {have}; the step wants "
                      f"{json.dumps(filter_policy)}")
    if filter_scope is not None and sub.filter_scope != filter_scope:
        return failed(f"the subscription of {queue} filters on {sub.filter_scope}; the step "
                      f"wants FilterPolicyScope {filter_scope}")
    extras = [w for w, on in (("raw delivery", sub.raw_delivery),
                              ("a filter policy", sub.filter_policy is not None)) if on]
    return passed(f"{queue} is subscribed to {topic}" + (f" with {' and '.join(extras)}"
                                                          if extras else ""))


def delivery(message: PeekedMessage) -> Delivery:
    """A queued message as SNS delivered it, unwrapped from SNS's envelope where it has one."""
    return parse_delivery(ReceivedMessage(message.message_id, "", message.body,
                                          message.receive_count, {}, message.message_attributes,
                                          message.group_id))


def _attribute(d: Delivery, name: str) -> str | None:
    value = d.attributes.get(name)
    return None if value is None else str(value.get("StringValue", value.get("BinaryValue")))


def _delivery_fits(d: Delivery, attribute: str | None, value: str | None, body: str | None,
                   raw: bool | None) -> bool:
    if raw is not None and d.envelope == raw:
        return False
    if body is not None and body not in d.message:
        return False
    if attribute is not None:
        have = _attribute(d, attribute)
        if have is None or (value is not None and have != value):
            return False
    return True


@check("sns_queue_holds", service="sns")
def sns_queue_holds(ctx: LabContext, queue: str, at_least: int = 1, at_most: int | None = None,
                    attribute: str | None = None, value: str | None = None,
                    body_contains: str | None = None, raw: bool | None = None) -> CheckResult:
    """The subscriber's queue holds at_least to at_most messages SNS delivered like this.

    Like this: with the attribute (equal to `value`), a body containing `body_contains` (the
    envelope unwrapped), delivered raw or in the envelope."""
    try:
        n, note = count_in_queue(ctx, queue, lambda m: _delivery_fits(
            delivery(m), attribute, value, body_contains, raw))
    except LookupError as exc:
        return failed(str(exc))
    wanted = []
    if attribute is not None:
        wanted.append(f"attribute {attribute}" + (f"={value}" if value is not None else ""))
    if body_contains is not None:
        wanted.append(f"a body containing {body_contains!r}")
    if raw is not None:
        wanted.append("raw delivery" if raw else "the SNS envelope")
    what = plural(n, "message") + (f" with {' and '.join(wanted)}" if wanted else "")
    return holds(queue, n, what, at_least, at_most, note)
