"""Built-in SNS checks: topics and their SQS subscriptions (raw delivery, filter policies)."""

from __future__ import annotations

import json
from typing import Any

from playground.aws.sns.service import Subscription
from playground.lab.context import LabContext
from playground.lab.registry import CheckResult, check, failed, passed


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
