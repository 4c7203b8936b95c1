"""SNS solution actions and `python:` functions: topics, queue subscriptions, publishes (typed
attributes and FIFO group ids through `python: sns_publish`)."""

from __future__ import annotations

from typing import Any

from playground.aws.common import error_message
from playground.lab.context import LabContext, LabError
from playground.lab.registry import Scalar, action, lab_function, text_map


@action("create_topic", service="sns", creates="name", resource="topic")
def create_topic(ctx: LabContext, name: str, fifo: bool = False) -> str:
    """Create an SNS topic (tagged for the lab)."""
    ctx.sns.create_topic(name, fifo=fifo, tags=ctx.lab_tags())
    return f"created topic {name}"


@action("subscribe_queue", service="sns", resource="subscription")
def subscribe_queue(ctx: LabContext, topic: str, queue: str, raw: bool = False,
                    filter_policy: dict[str, Any] | None = None,
                    filter_scope: str = "MessageAttributes") -> str:
    """Subscribe a queue to a topic, optionally with raw delivery and a filter policy."""
    queue_arn = ctx.sqs.queue_arn(ctx.queue_url(queue))
    ctx.sns.subscribe_queue(ctx.topic_arn(topic), queue_arn, raw=raw,
                            filter_policy=filter_policy, filter_scope=filter_scope)
    return f"subscribed {queue} to {topic}" + (" with raw delivery" if raw else "")


@action("publish", service="sns")
def publish(ctx: LabContext, topic: str, message: str, subject: str | None = None,
            attributes: dict[str, Scalar] | None = None) -> str:
    """Publish one message to a topic, with optional String message attributes."""
    attrs = {k: {"DataType": "String", "StringValue": v} for k, v in text_map(attributes).items()}
    ctx.sns.publish(ctx.topic_arn(topic), message, subject=subject, attributes=attrs or None)
    return f"published one message to {topic}"


@lab_function("sns_publish", service="sns")
def sns_publish(ctx: LabContext, topic: str, message: str, subject: str | None = None,
                attributes: dict[str, dict[str, str]] | None = None,
                group_id: str | None = None, dedup_id: str | None = None) -> str:
    """Publish with typed attributes and, for FIFO topics, a group and deduplication id.

    Attributes as SNS takes them: `{price: {DataType: Number, StringValue: "42"}}`."""
    arn = ctx.topic_arn(topic)
    try:
        ctx.sns.publish(arn, message, subject=subject, attributes=attributes or None,
                        group_id=group_id, dedup_id=dedup_id)
    except Exception as exc:
        raise LabError(f"SNS refused the publish: {error_message(exc)}") from exc
    return f"published {message!r} to {topic}"
