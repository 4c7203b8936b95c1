"""Typed messages the SNS workbench's thread workers post back to the screen."""

from __future__ import annotations

from textual.message import Message

from playground.aws.sns.fanout import Delivery, Published, Subscriber
from playground.patterns import MatchResult


class TopicsLoaded(Message):
    def __init__(self, topics: list[str], select: str | None = None) -> None:
        self.topics = topics
        self.select = select
        super().__init__()


class SubscribersLoaded(Message):
    """The selected topic's SQS subscribers (with the topic's attributes the form needs)."""

    def __init__(self, topic_arn: str, subscribers: list[Subscriber],
                 topic_attributes: dict[str, str]) -> None:
        self.topic_arn = topic_arn
        self.subscribers = subscribers
        self.topic_attributes = topic_attributes
        super().__init__()


class SubscriberChanged(Message):
    """One subscription was created or its attributes changed."""

    def __init__(self, subscriber: Subscriber, created: bool = False) -> None:
        self.subscriber = subscriber
        self.created = created
        super().__init__()


class SubscriberPolled(Message):
    """What a subscriber's poller received since its last report, or why its receive failed."""

    def __init__(self, subscription_arn: str, deliveries: list[Delivery],
                 error: str | None = None) -> None:
        self.subscription_arn = subscription_arn
        self.deliveries = deliveries
        self.error = error
        super().__init__()


class PublishProgress(Message):
    def __init__(self, done: int, total: int) -> None:
        self.done = done
        self.total = total
        super().__init__()

    def can_replace(self, message: Message) -> bool:
        # Only the latest count matters: queued older ones are dropped, keeping keys snappy.
        return isinstance(message, PublishProgress)


class PublishFinished(Message):
    def __init__(self, published: Published, accepted: int, error: str | None = None) -> None:
        self.published = published
        self.accepted = accepted
        self.error = error
        super().__init__()


class PublishExpected(Message):
    """Before the publish call: what each subscriber's filter policy decides, worked out in the
    publish worker (matching never runs on the event loop), by subscription ARN."""

    def __init__(self, published: Published, results: dict[str, MatchResult]) -> None:
        self.published = published
        self.results = results
        super().__init__()
