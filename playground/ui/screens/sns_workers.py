"""The SNS workbench's thread workers: every AWS call the screen makes starts here."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual import work

from playground.aws.common import error_message
from playground.aws.sns import SnsService
from playground.aws.sns_fanout import Delivery, FanOut, Published, Subscriber
from playground.targets import Target
from playground.ui.screens.sns_dialogs import NewSubscription, NewTopic, PolicyChange
from playground.ui.widgets.sns_messages import (
    PublishFinished,
    PublishProgress,
    SubscriberChanged,
    SubscriberPolled,
    SubscribersLoaded,
    TopicsLoaded,
)

if TYPE_CHECKING:
    from textual.message import Message


DRAIN_ROUNDS = 200
"""Receives one poll worker may make back to back while a queue is full."""
POST_EVERY_S = 0.1


class SnsWorkers:
    """Mixed into the Workbench screen; workers only call AWS and post messages."""

    if TYPE_CHECKING:
        def post_message(self, message: Message) -> bool: ...

    @work(thread=True, exclusive=True, exit_on_error=False, group="sns-topics",
          description="list topics")
    def load_topics(self, target: Target, select: str | None = None) -> None:
        self.post_message(TopicsLoaded(SnsService(target).list_topics(), select))

    @work(thread=True, exclusive=True, exit_on_error=False, group="sns-subscribers",
          description="list subscribers")
    def load_subscribers(self, target: Target, topic_arn: str) -> None:
        fan = FanOut(target)
        subscribers = fan.subscribers(topic_arn)
        attributes = fan.sns.topic_attributes(topic_arn)
        self.post_message(SubscribersLoaded(topic_arn, subscribers, attributes))

    @work(thread=True, exit_on_error=False, group="sns-write", description="create topic")
    def create_topic(self, target: Target, request: NewTopic) -> None:
        arn = SnsService(target).create_topic(request.name, fifo=request.fifo,
                                              content_dedup=request.content_dedup)
        self.load_topics(target, select=arn)

    @work(thread=True, exit_on_error=False, group="sns-write", description="delete topic")
    def delete_topic(self, target: Target, topic_arn: str) -> None:
        SnsService(target).delete_topic(topic_arn)
        self.load_topics(target)

    @work(thread=True, exit_on_error=False, group="sns-write", description="subscribe queue")
    def subscribe(self, target: Target, topic_arn: str, request: NewSubscription) -> None:
        subscriber = FanOut(target).add_subscriber(
            topic_arn, request.queue_name, raw=request.raw, filter_policy=request.policy,
            scope=request.scope, fifo=request.fifo_queue)
        self.post_message(SubscriberChanged(subscriber, created=True))

    @work(thread=True, exit_on_error=False, group="sns-write", description="change subscription")
    def change_subscriber(self, target: Target, subscriber: Subscriber,
                          policy: PolicyChange | None = None, raw: bool | None = None) -> None:
        fan = FanOut(target)
        arn = subscriber.subscription.arn
        if policy is not None:
            fan.sns.set_filter_policy(arn, policy.policy, policy.scope)
        if raw is not None:
            fan.sns.set_raw_delivery(arn, raw)
        self.post_message(SubscriberChanged(fan.refresh(subscriber)))

    @work(thread=True, exit_on_error=False, group="sns-write", description="unsubscribe")
    def unsubscribe(self, target: Target, subscriber: Subscriber) -> None:
        FanOut(target).remove_subscriber(subscriber, delete_queue=True)
        self.load_subscribers(target, subscriber.subscription.topic_arn)

    @work(thread=True, exclusive=True, exit_on_error=False, group="sns-publish",
          description="publish")
    def publish(self, target: Target, topic_arn: str, published: Published) -> None:
        def progress(done: int, total: int) -> None:
            self.post_message(PublishProgress(done, total))

        try:
            accepted = FanOut(target).publish(topic_arn, published, progress)
        except Exception as exc:
            self.post_message(PublishFinished(published, 0, error_message(exc)))
            return
        self.post_message(PublishFinished(published, accepted))

    @work(thread=True, exclusive=False, exit_on_error=False, group="sns-poll",
          description="long-poll a subscriber queue")
    def poll_subscriber(self, target: Target, subscriber: Subscriber, wait_seconds: int) -> None:
        """One long poll of one subscriber's queue; the screen chains the next one, so each
        pane has at most one poll in flight and every pane polls at the same time."""
        arn = subscriber.subscription.arn
        fan = FanOut(target)
        wait = wait_seconds
        # While full batches keep coming, drain in this thread rather than one worker per
        # batch, and hand the UI what arrived at most every POST_EVERY_S, not per receive.
        pending: list[Delivery] = []
        last_post = time.monotonic()
        for _ in range(DRAIN_ROUNDS):
            try:
                deliveries = fan.poll(subscriber, wait)
            except Exception as exc:
                self.post_message(SubscriberPolled(arn, pending, error_message(exc)))
                return
            pending.extend(deliveries)
            full = len(deliveries) >= 10
            if not full:
                break
            wait = 0
            if time.monotonic() - last_post >= POST_EVERY_S:
                self.post_message(SubscriberPolled(arn, pending, more=True))
                pending, last_post = [], time.monotonic()
        self.post_message(SubscriberPolled(arn, pending))
