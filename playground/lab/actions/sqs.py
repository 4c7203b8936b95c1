"""Built-in solution actions for SQS and SNS: what "do it for me" can do, declaratively."""

from __future__ import annotations

import json
from typing import Any

from playground.lab.context import LabContext, LabError
from playground.lab.registry import action, as_text, plural

Scalar = str | int | bool


def _text_map(values: dict[str, Scalar] | None) -> dict[str, str]:
    return {k: as_text(v) for k, v in (values or {}).items()}


@action("create_queue", service="sqs", creates="name")
def create_queue(ctx: LabContext, name: str, attributes: dict[str, Scalar] | None = None,
                 fifo: bool = False) -> str:
    """Create a queue (tagged for the lab) with optional attributes."""
    ctx.sqs.create_queue(name, fifo=fifo, attributes=_text_map(attributes), tags=ctx.lab_tags())
    return f"created queue {name}"


@action("set_queue_attributes", service="sqs")
def set_queue_attributes(ctx: LabContext, queue: str, attributes: dict[str, Scalar]) -> str:
    """Change attributes of an existing queue."""
    ctx.sqs.set_attributes(ctx.queue_url(queue), _text_map(attributes))
    return f"set {', '.join(f'{k}={as_text(v)}' for k, v in attributes.items())} on {queue}"


@action("send_message", service="sqs")
def send_message(ctx: LabContext, queue: str, body: str | None = None,
                 bodies: list[str] | None = None) -> str:
    """Send one message (`body`) or several (`bodies`), one SendMessage call each."""
    texts = ([body] if body is not None else []) + list(bodies or [])
    if not texts:
        raise LabError("send_message needs `body` or `bodies`")
    url = ctx.queue_url(queue)
    for text in texts:
        ctx.sqs.send(url, text)
    return f"sent {plural(len(texts), 'message')} to {queue}"


@action("receive_and_delete", service="sqs")
def receive_and_delete(ctx: LabContext, queue: str, count: int = 1, wait_seconds: int = 5) -> str:
    """Receive `count` messages (long polling) and delete each with its receipt handle."""
    url = ctx.queue_url(queue)
    done = 0
    for _ in range(count + 3):  # short reads can return fewer than asked: try a few more times
        if done >= count:
            break
        for message in ctx.sqs.receive(url, max_messages=min(10, count - done),
                                       wait_seconds=wait_seconds):
            ctx.sqs.delete_message(url, message.receipt_handle)
            done += 1
    if done < count:
        raise LabError(f"{queue} gave {plural(done, 'message')}; expected {count}")
    return f"received and deleted {plural(done, 'message')} from {queue}"


@action("set_redrive", service="sqs")
def set_redrive(ctx: LabContext, queue: str, dead_letter_queue: str,
                max_receive_count: int) -> str:
    """Send a queue's failing messages to a dead-letter queue after maxReceiveCount receives."""
    dlq_arn = ctx.sqs.queue_arn(ctx.queue_url(dead_letter_queue))
    ctx.sqs.set_redrive(ctx.queue_url(queue), dlq_arn, max_receive_count)
    return f"{queue} now moves a message to {dead_letter_queue} after {max_receive_count} receives"


def topic_send_policy(queue_arn: str, topic_arn: str) -> dict[str, Any]:
    """The queue policy AWS needs before SNS may deliver: only this topic, only SendMessage."""
    return {
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "AllowTopicToSend",
            "Effect": "Allow",
            "Principal": {"Service": "sns.amazonaws.com"},
            "Action": "sqs:SendMessage",
            "Resource": queue_arn,
            "Condition": {"ArnEquals": {"aws:SourceArn": topic_arn}},
        }],
    }


@action("allow_topic_to_send", service="sqs")
def allow_topic_to_send(ctx: LabContext, queue: str, topic: str) -> str:
    """Set the queue policy that lets SNS deliver messages from one topic to this queue."""
    url = ctx.queue_url(queue)
    policy = topic_send_policy(ctx.sqs.queue_arn(url), ctx.topic_arn(topic))
    ctx.sqs.set_attributes(url, {"Policy": json.dumps(policy)})
    return f"{queue} now lets topic {topic} send to it"


@action("delete_queue", service="sqs")
def delete_queue(ctx: LabContext, queue: str) -> str:
    """Delete a queue and every message in it."""
    ctx.sqs.delete_queue(ctx.queue_url(queue))
    return f"deleted queue {queue}"


@action("create_topic", service="sns", creates="name")
def create_topic(ctx: LabContext, name: str, fifo: bool = False) -> str:
    """Create an SNS topic (tagged for the lab)."""
    ctx.sns.create_topic(name, fifo=fifo, tags=ctx.lab_tags())
    return f"created topic {name}"


@action("subscribe_queue", service="sns")
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
    attrs = {k: {"DataType": "String", "StringValue": v} for k, v in _text_map(attributes).items()}
    ctx.sns.publish(ctx.topic_arn(topic), message, subject=subject, attributes=attrs or None)
    return f"published one message to {topic}"
