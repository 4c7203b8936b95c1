"""The SNS workbench's thread workers: every AWS call the screen makes starts here."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual import work
from textual.worker import Worker, get_current_worker

from playground.aws.common import error_message
from playground.aws.sns.fanout import Delivery, FanOut, Published, Subscriber, explain
from playground.aws.sns.service import SnsService, Subscription
from playground.targets import Target
from playground.targets.liveness import LoopBackoff
from playground.ui.common.workers import LOOP_GROUPS
from playground.ui.sns.dialogs import NewSubscription, NewTopic, PolicyChange
from playground.ui.sns.messages import (
    PublishExpected,
    PublishFinished,
    PublishProgress,
    SubscriberChanged,
    SubscriberPolled,
    SubscribersLoaded,
    TopicsLoaded,
)

if TYPE_CHECKING:
    from textual.message import Message


POLL_GROUP = "sns-poll"
LOOP_GROUPS.add(POLL_GROUP)
POST_EVERY_S = 0.1
RETRY_AFTER_S = 3.0
"""After a failed receive (the queue deleted), the pane says why, once, and retries this late."""
SHORT_POLL_PAUSE_S = 0.3
"""Without long polling (wait 0), the pause between empty receives."""


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
    def publish(self, target: Target, topic_arn: str, published: Published,
                subscriptions: list[Subscription]) -> None:
        """Each subscriber's verdict first (posted before the call, so a fast delivery always
        finds its reason), then Publish or PublishBatch."""
        self.post_message(PublishExpected(published, {s.arn: explain(s, published)
                                                      for s in subscriptions}))

        def progress(done: int, total: int) -> None:
            self.post_message(PublishProgress(done, total))

        try:
            accepted = FanOut(target).publish(topic_arn, published, progress)
        except Exception as exc:
            self.post_message(PublishFinished(published, 0, error_message(exc)))
            return
        self.post_message(PublishFinished(published, accepted))

    @work(thread=True, exclusive=False, exit_on_error=False, group=POLL_GROUP,
          description="poll a subscriber queue")
    def poll_subscriber(self, target: Target, subscriber: Subscriber, wait_seconds: int) -> None:
        """Poll one subscriber's queue until the pane goes (the screen cancels this worker).

        One long-lived thread per pane: chaining a worker per receive made every batch wait
        for the UI thread. What arrived reaches the UI at most every POST_EVERY_S. The calls
        are marked background (a refresh loop), so they wait behind `h` in the call log.
        """
        worker = get_current_worker()
        arn = subscriber.subscription.arn
        fan = FanOut(target)
        pending: list[Delivery] = []
        last_post = time.monotonic()
        failing = False
        backoff = LoopBackoff(target, worker.cancelled_event)
        if target.pacer.adaptive:
            # A real account bills every receive: wait as long as SQS allows (20 s) in each.
            wait_seconds = max(wait_seconds, REAL_ACCOUNT_WAIT_S)

        def say(text: str) -> None:
            self.post_message(SubscriberPolled(arn, [], text))

        while not worker.is_cancelled:
            backoff.pause(say)  # the target is down: said once, then no calls until it is back
            if worker.is_cancelled:
                break
            try:
                # Holding deliveries the UI has not got yet: do not wait in a long poll.
                with target.recorder.background(), \
                        target.pacer.cancellable(worker.cancelled_event):
                    deliveries = fan.poll(subscriber, 0 if pending else wait_seconds)
            except Exception as exc:
                if pending:
                    self.post_message(SubscriberPolled(arn, pending))
                pending, failing = [], True
                backoff.failed(exc, say)  # said once until it changes
                _sleep_unless_cancelled(worker, RETRY_AFTER_S)
                continue
            backoff.succeeded()
            pending.extend(deliveries)
            now = time.monotonic()
            if failing or (pending and (len(deliveries) < 10 or now - last_post >= POST_EVERY_S)):
                self.post_message(SubscriberPolled(arn, pending))  # also clears a shown error
                pending, last_post, failing = [], now, False
            if not deliveries and wait_seconds == 0:
                _sleep_unless_cancelled(worker, SHORT_POLL_PAUSE_S)


REAL_ACCOUNT_WAIT_S = 20
"""ReceiveMessage's longest WaitTimeSeconds."""


def _sleep_unless_cancelled(worker: Worker[None], seconds: float) -> None:
    until = time.monotonic() + seconds
    while not worker.is_cancelled and time.monotonic() < until:
        time.sleep(0.05)
