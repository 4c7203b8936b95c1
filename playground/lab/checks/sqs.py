"""SQS checks: queues, their attributes, message counts, redrive, access policy."""

from __future__ import annotations

import json
from typing import Literal

from playground.lab.checks.common import missing_queue, queue_allows
from playground.lab.context import LabContext
from playground.lab.registry import CheckResult, as_text, check, failed, passed, plural, unmet

Count = Literal["visible", "in_flight", "delayed", "total"]
_COUNT_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "visible": ("ApproximateNumberOfMessages",),
    "in_flight": ("ApproximateNumberOfMessagesNotVisible",),
    "delayed": ("ApproximateNumberOfMessagesDelayed",),
    "total": ("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
              "ApproximateNumberOfMessagesDelayed"),
}
_COUNT_WORDS = {"visible": "visible message", "in_flight": "message in flight",
                "delayed": "delayed message", "total": "message"}


@check("queue_exists", service="sqs")
def queue_exists(ctx: LabContext, queue: str, attribute: str | None = None,
                 equals: str | int | bool | None = None, at_least: float | None = None,
                 at_most: float | None = None) -> CheckResult:
    """The queue exists, optionally with an attribute equal to, at least or at most a value."""
    url = ctx.find_queue_url(queue)
    if url is None:
        return missing_queue(queue)
    if attribute is None:
        return passed(f"queue {queue} exists")
    value = ctx.sqs.attributes(url).get(attribute)
    if value is None:
        return failed(f"{queue} has no {attribute} attribute")
    if equals is not None and value != as_text(equals):
        return failed(f"{queue} has {attribute} {value}; the step wants {equals}")
    if at_least is not None or at_most is not None:
        try:
            number = float(value)
        except ValueError:
            return failed(f"{queue} has {attribute} {value!r}, which is not a number")
        wanted = unmet(number, at_least=at_least, at_most=at_most)
        if wanted:
            return failed(f"{queue} has {attribute} {value}; {wanted}")
    return passed(f"{queue} has {attribute} {value}")


@check("queue_absent", service="sqs")
def queue_absent(ctx: LabContext, queue: str) -> CheckResult:
    """The queue does not exist (it was deleted, or never made)."""
    if ctx.find_queue_url(queue) is None:
        return passed(f"queue {queue} does not exist")
    return failed(f"queue {queue} still exists")


@check("queue_messages", service="sqs")
def queue_messages(ctx: LabContext, queue: str, count: Count = "visible",
                   equals: int | None = None, at_least: int | None = None,
                   at_most: int | None = None) -> CheckResult:
    """The queue holds this many messages (SQS's approximate counts: visible, in flight, ...)."""
    url = ctx.find_queue_url(queue)
    if url is None:
        return missing_queue(queue)
    attrs = ctx.sqs.attributes(url)
    n = sum(int(attrs.get(name, 0)) for name in _COUNT_ATTRIBUTES[count])
    how = plural(n, _COUNT_WORDS[count])
    if count == "total":
        how += " (visible, in flight and delayed)"
    wanted = unmet(n, equals=equals, at_least=at_least, at_most=at_most)
    if wanted:
        return failed(f"{queue} has {how}; {wanted}")
    return passed(f"{queue} has {how}")


@check("queue_redrive", service="sqs")
def queue_redrive(ctx: LabContext, queue: str, dead_letter_queue: str,
                  max_receive_count: int | None = None) -> CheckResult:
    """The queue moves messages to a dead-letter queue after maxReceiveCount receives."""
    url = ctx.find_queue_url(queue)
    if url is None:
        return missing_queue(queue)
    raw = ctx.sqs.attributes(url).get("RedrivePolicy")
    if not raw:
        return failed(f"{queue} has no redrive policy yet")
    policy = json.loads(raw)
    target = str(policy.get("deadLetterTargetArn", ""))
    if target.rsplit(":", 1)[-1] != dead_letter_queue:
        return failed(f"{queue} sends failed messages to {target or 'nowhere'}; "
                      f"the step wants {dead_letter_queue}")
    got = int(policy.get("maxReceiveCount", 0))
    if max_receive_count is not None and got != max_receive_count:
        return failed(f"{queue} has maxReceiveCount {got}; the step wants {max_receive_count}")
    return passed(f"{queue} moves a message to {dead_letter_queue} after {got} receives")


@check("queue_allows_topic", service="sqs")
def queue_allows_topic(ctx: LabContext, queue: str, topic: str) -> CheckResult:
    """The queue's access policy lets SNS deliver from this topic (what AWS requires)."""
    url = ctx.find_queue_url(queue)
    if url is None:
        return missing_queue(queue)
    topic_arn = ctx.find_topic_arn(topic)
    if topic_arn is None:
        return failed(f"topic {topic} does not exist yet")
    return queue_allows(ctx, queue, url, "sns.amazonaws.com", topic_arn, f"topic {topic}")
