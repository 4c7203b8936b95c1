"""Fan-out: a topic's SQS subscribers, what each one received, and why it did (or did not)."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from playground.aws.sns.service import SnsService, Subscription, is_fifo_topic
from playground.aws.sqs.service import ReceivedMessage, SqsService
from playground.patterns import EventError, MatchResult, PatternError, match_filter_policy
from playground.patterns.json_input import parse_json
from playground.targets.base import Target

PUBLISH_BATCH = 10


def sns_send_policy(queue_arn: str, topic_arn: str) -> str:
    """The queue policy that lets this topic (and only it) send to the queue.

    Without it real SQS refuses SNS's SendMessage and the subscriber silently gets nothing.
    """
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "playground-allow-sns",
            "Effect": "Allow",
            "Principal": {"Service": "sns.amazonaws.com"},
            "Action": "sqs:SendMessage",
            "Resource": queue_arn,
            "Condition": {"ArnEquals": {"aws:SourceArn": topic_arn}},
        }],
    })


@dataclass(frozen=True)
class Subscriber:
    """An SQS subscription of a topic, with the queue it delivers to."""

    subscription: Subscription
    queue_url: str

    @property
    def name(self) -> str:
        return self.subscription.queue_name

    @property
    def fifo(self) -> bool:
        return self.name.endswith(".fifo")


@dataclass(frozen=True)
class Published:
    """What the learner published, kept to explain each subscriber's decision."""

    seq: int
    message: str
    subject: str | None = None
    attributes: dict[str, dict[str, Any]] = field(default_factory=dict)
    group_id: str | None = None
    dedup_id: str | None = None
    count: int = 1

    @property
    def label(self) -> str:
        return f"#{self.seq}" + (f" ×{self.count}" if self.count > 1 else "")


@dataclass(frozen=True)
class Delivery:
    """One message as a subscriber's queue received it, unwrapped from SNS's envelope."""

    message: str
    envelope: bool
    """True when SNS wrapped it in its JSON notification (raw delivery off)."""
    subject: str | None
    attributes: dict[str, dict[str, Any]]
    """Message attributes in the Publish shape (`{"DataType": ..., "StringValue": ...}`)."""
    group_id: str | None
    body: str
    """The SQS message body exactly as received."""


def explain(subscription: Subscription, published: Published) -> MatchResult:
    """Would SNS deliver `published` to this subscription, field by field."""
    policy = subscription.filter_policy
    problem = subscription.filter_policy_problem
    if problem is not None:
        return MatchResult(False, (), f"Cannot tell: {problem}")
    if policy is None:
        return MatchResult(True, (), "Delivered: no filter policy, so every message is delivered.")
    try:
        return match_filter_policy(policy, message_attributes=published.attributes,
                                   message_body=published.message, scope=subscription.filter_scope)
    except (PatternError, EventError) as exc:
        return MatchResult(False, (), f"Cannot tell: {exc}")


def parse_delivery(received: ReceivedMessage) -> Delivery:
    """Undo the SNS envelope when there is one, so both kinds read the same."""
    body = received.body
    try:
        doc = parse_json(body) if body.lstrip()[:1] == "{" else None
    except ValueError:  # not JSON, or nested too deep to be SNS's envelope
        doc = None
    if isinstance(doc, dict) and doc.get("Type") == "Notification" and "Message" in doc \
            and "TopicArn" in doc:
        attrs: dict[str, dict[str, Any]] = {}
        found = doc.get("MessageAttributes")
        for name, value in (found if isinstance(found, dict) else {}).items():
            if not isinstance(value, dict):
                continue
            kind = str(value.get("Type", "String"))
            key = "BinaryValue" if kind.startswith("Binary") else "StringValue"
            attrs[name] = {"DataType": kind, key: value.get("Value", "")}
        subject = doc.get("Subject")
        return Delivery(str(doc["Message"]), True, None if subject is None else str(subject), attrs,
                        received.group_id, body)
    attrs = {}
    for name, value in received.message_attributes.items():
        kind = str(value.get("DataType", "String"))
        if kind.startswith("Binary"):
            raw = value.get("BinaryValue", b"")
            text = base64.b64encode(raw).decode() if isinstance(raw, bytes) else str(raw)
            attrs[name] = {"DataType": kind, "BinaryValue": text}
        else:
            attrs[name] = {"DataType": kind, "StringValue": value.get("StringValue", "")}
    return Delivery(body, False, None, attrs, received.group_id, body)


def _attribute_values(attributes: dict[str, dict[str, Any]]) -> dict[str, tuple[str, str]]:
    out = {}
    for name, value in attributes.items():
        raw = value.get("StringValue", value.get("BinaryValue", ""))
        if isinstance(raw, bytes | bytearray):
            raw = base64.b64encode(bytes(raw)).decode()
        out[name] = (str(value.get("DataType", "")), str(raw))
    return out


def matches(delivery: Delivery, published: Published) -> bool:
    """Whether a received message is (a copy of) the published one: same text, same attributes."""
    return (delivery.message == published.message
            and _attribute_values(delivery.attributes) == _attribute_values(published.attributes))


class FanOut:
    """Subscribe queues to a topic, publish once or in batches, read what each queue got."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.sns = SnsService(target)
        self.sqs = SqsService(target)

    def queue_url(self, queue_arn: str) -> str:
        _, _, _, _, account, name = queue_arn.split(":", 5)
        resp = self.sqs.client.get_queue_url(QueueName=name, QueueOwnerAWSAccountId=account)
        return str(resp["QueueUrl"])

    def subscribers(self, topic_arn: str) -> list[Subscriber]:
        """Every SQS subscription of the topic whose queue still exists, by queue name."""
        out = []
        for sub in self.sns.subscriptions(topic_arn):
            if sub.protocol != "sqs":
                continue
            try:
                url = self.queue_url(sub.endpoint)
            except Exception:  # the queue was deleted behind the subscription's back
                continue
            out.append(Subscriber(sub, url))
        return sorted(out, key=lambda s: s.name)

    def add_subscriber(self, topic_arn: str, queue_name: str, *, raw: bool = False,
                       filter_policy: dict[str, Any] | None = None,
                       scope: str = "MessageAttributes", fifo: bool | None = None) -> Subscriber:
        """Create the queue (FIFO when the topic is, unless told), let the topic send to it,
        and subscribe it with raw delivery and filter policy set in the same call."""
        fifo = is_fifo_topic(topic_arn) if fifo is None else fifo
        url = self.sqs.create_queue(queue_name, fifo=fifo)
        queue_arn = self.sqs.queue_arn(url)
        self.sqs.set_attributes(url, {"Policy": sns_send_policy(queue_arn, topic_arn)})
        arn = self.sns.subscribe_queue(topic_arn, queue_arn, raw=raw, filter_policy=filter_policy,
                                       filter_scope=scope)
        attrs = dict(self.sns.client.get_subscription_attributes(SubscriptionArn=arn)
                     .get("Attributes", {}))
        return Subscriber(Subscription(arn, topic_arn, "sqs", queue_arn, attrs), url)

    def refresh(self, subscriber: Subscriber) -> Subscriber:
        arn = subscriber.subscription.arn
        attrs = dict(self.sns.client.get_subscription_attributes(SubscriptionArn=arn)
                     .get("Attributes", {}))
        sub = subscriber.subscription
        return Subscriber(Subscription(arn, sub.topic_arn, sub.protocol, sub.endpoint, attrs),
                          subscriber.queue_url)

    def remove_subscriber(self, subscriber: Subscriber, *, delete_queue: bool = True) -> None:
        self.sns.unsubscribe(subscriber.subscription.arn)
        if delete_queue:
            self.sqs.delete_queue(subscriber.queue_url)

    def poll(self, subscriber: Subscriber, wait_seconds: int) -> list[Delivery]:
        """One long poll: receive, delete, and return what arrived (oldest first)."""
        received = self.sqs.receive(subscriber.queue_url, max_messages=10,
                                    wait_seconds=wait_seconds)
        # One DeleteMessageBatch instead of ten DeleteMessage calls: a busy fan-out halves its calls.
        self.sqs.delete_messages(subscriber.queue_url, [m.receipt_handle for m in received])
        return [parse_delivery(m) for m in received]

    def publish(self, topic_arn: str, published: Published,
                progress: Callable[[int, int], None] | None = None) -> int:
        """Publish once, or `count` copies in PublishBatch calls of 10; returns how many SNS took.

        FIFO copies get distinct deduplication ids (`<id or batchN>-<i>`), else SNS would
        deliver only the first of identical messages within its 5-minute window.
        """
        if published.count == 1:
            self.sns.publish(topic_arn, published.message, subject=published.subject,
                             attributes=published.attributes or None,
                             group_id=published.group_id, dedup_id=published.dedup_id)
            if progress:
                progress(1, 1)
            return 1
        fifo = is_fifo_topic(topic_arn)
        base = published.dedup_id or f"batch{published.seq}"
        done = 0
        for start in range(0, published.count, PUBLISH_BATCH):
            entries = []
            for i in range(start, min(start + PUBLISH_BATCH, published.count)):
                entry: dict[str, Any] = {"Id": f"m{i}", "Message": published.message}
                if published.subject:
                    entry["Subject"] = published.subject
                if published.attributes:
                    entry["MessageAttributes"] = published.attributes
                if published.group_id:
                    entry["MessageGroupId"] = published.group_id
                if fifo:
                    entry["MessageDeduplicationId"] = f"{base}-{i}"[:128]
                entries.append(entry)
            ok, failed = self.sns.publish_batch(topic_arn, entries)
            if failed:
                raise ValueError(f"PublishBatch refused {len(failed)} entries: {failed[0][1]}")
            done += len(ok)
            if progress:
                progress(done, published.count)
        return done
