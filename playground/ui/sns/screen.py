"""The SNS workbench: topics, a publish form, and one live pane per subscriber with the why."""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static
from textual.worker import Worker

from playground.aws.sns.fanout import Published, Subscriber
from playground.aws.sns.service import is_fifo_topic, topic_name
from playground.aws.sns.validate import message_attributes
from playground.ui.common.dialogs import ConfirmDialog, account_name
from playground.ui.common.messages import TargetChanged
from playground.ui.common.panes import Pane, PaneKeys, pane_bindings
from playground.ui.common.screen import PlaygroundScreen
from playground.ui.common.text import markup, plain
from playground.ui.sns.dialogs import (
    FilterPolicyDialog,
    NewSubscription,
    NewTopic,
    NewTopicDialog,
    PolicyChange,
    SubscribeDialog,
)
from playground.ui.sns.messages import (
    PublishExpected,
    PublishFinished,
    PublishProgress,
    SubscriberChanged,
    SubscriberPolled,
    SubscribersLoaded,
    TopicsLoaded,
)
from playground.ui.sns.publish_form import PublishForm
from playground.ui.sns.subscriber_pane import FanOutView, SubscriberPane
from playground.ui.sns.topic_list import TopicList
from playground.ui.sns.workers import SnsWorkers

POLL_WAIT_SECONDS = 2
"""WaitTimeSeconds of each subscriber's long poll; short, so leaving the screen is quick."""
PANES = (
    Pane("Topics", ("#sns-topics",), box="#sns-topics"),
    Pane("Publish", ("#pub-message",), box="#sns-publish"),
    Pane("Fan-out", (".subscriber",), box="#sns-fanout"),
)
"""Keys 1-3; 3 again moves to the next subscriber."""


class SnsWorkbench(PaneKeys, SnsWorkers, PlaygroundScreen):
    """Publish once, watch every subscriber: delivered, or filtered out and why."""

    CSS_PATH = "screen.tcss"
    PANES = PANES
    # Under 100 columns (a speaker's 80x24) the publish form stacks its id fields; under 140
    # the topic list and the FIFO id fields narrow so the subject keeps some room.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-medium"), (140, "-wide")]
    BINDINGS = [
        Binding("escape", "back", "Back", id="sns.back"),
        *pane_bindings(PANES, "sns"),
        Binding("n", "new_topic", "New topic", id="sns.topic.new"),
        Binding("d", "delete_topic", "Delete topic", id="sns.topic.delete"),
        Binding("s", "subscribe", "Subscribe", id="sns.subscribe"),
        Binding("f", "filter_policy", "Filter policy", id="sns.filter-policy"),
        Binding("w", "toggle_raw", "Raw on/off", id="sns.raw"),
        Binding("x", "unsubscribe", "Unsubscribe", id="sns.unsubscribe"),
        Binding("p", "publish", "Publish", id="sns.publish-key"),
        Binding("r", "refresh", "Refresh", id="sns.refresh"),
    ]

    def __init__(self, poll_wait: int = POLL_WAIT_SECONDS) -> None:
        super().__init__(name="sns")
        self.poll_wait = poll_wait
        self.topic_arn: str | None = None
        self.seq = 0
        self.pollers: dict[str, Worker[None]] = {}
        """The polling worker of each subscriber pane, by subscription ARN."""

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="sns-top"):
            with Vertical(id="sns-left"):
                yield TopicList(id="sns-topics")
                yield Static("", id="sns-topic-note", classes="hint")
            yield PublishForm(id="sns-publish")
        yield FanOutView(id="sns-fanout")

    def on_mount(self) -> None:
        super().on_mount()
        self.number_panes()
        self.query_one(PublishForm).set_topic(None)
        self.query_one(TopicList).focus()
        self.action_refresh()

    def on_target_changed(self, _: TargetChanged) -> None:
        self._show_subscribers(None, [])
        self.action_refresh()

    # --- topics -----------------------------------------------------------------------------------
    def action_refresh(self) -> None:
        if self.target is None:
            self.query_one("#sns-topic-note", Static).update("waiting for the target…")
            return
        self.load_topics(self.target, self.topic_arn)

    def on_topics_loaded(self, message: TopicsLoaded) -> None:
        topics = self.query_one(TopicList)
        topics.show(message.topics, message.select)
        note = self.query_one("#sns-topic-note", Static)
        note.update("" if message.topics else "No topic yet: [b]n[/] creates one.")
        selected = topics.selected
        if selected is None:
            self._show_subscribers(None, [])
        elif selected != self.topic_arn or message.select:
            self._choose(selected)
        elif self.target is not None:
            self.load_subscribers(self.target, selected)

    def on_topic_list_chosen(self, message: TopicList.Chosen) -> None:
        if message.topic_arn != self.topic_arn:
            self._choose(message.topic_arn)

    def _choose(self, topic_arn: str) -> None:
        self._show_subscribers(topic_arn, [])
        if self.target is not None:
            self.load_subscribers(self.target, topic_arn)

    def action_new_topic(self) -> None:
        def chosen(request: NewTopic | None) -> None:
            if request and self.target is not None:
                self.create_topic(self.target, replace(request, name=account_name(self.app, request.name)))

        self.app.push_screen(NewTopicDialog(), chosen)

    def action_delete_topic(self) -> None:
        arn = self.topic_arn
        if arn is None or self.target is None:
            self.notify("No topic selected", severity="warning")
            return
        target = self.target

        def answered(yes: bool | None) -> None:
            if yes:
                self._show_subscribers(None, [])
                self.delete_topic(target, arn)

        self.app.push_screen(ConfirmDialog(
            f"Delete topic {topic_name(arn)}?",
            "Its subscriptions go with it (the queues stay). Messages already delivered stay "
            "in the queues.", "Delete"), answered)

    # --- subscribers ----------------------------------------------------------------------------
    def on_subscribers_loaded(self, message: SubscribersLoaded) -> None:
        if message.topic_arn != self.topic_arn:
            return
        self._show_subscribers(message.topic_arn, message.subscribers, message.topic_attributes)

    def _show_subscribers(self, topic_arn: str | None, subscribers: list[Subscriber],
                          attributes: dict[str, str] | None = None) -> None:
        self.topic_arn = topic_arn
        view = self.query_one(FanOutView)
        keep = {s.subscription.arn for s in subscribers}
        for pane in view.panes():
            if pane.arn not in keep:
                self._stop_polling(pane.arn)
                pane.remove()
        for subscriber in subscribers:
            existing = view.pane(subscriber.subscription.arn)
            if existing is None:
                self._add_pane(subscriber)
            else:
                existing.update_subscriber(subscriber)
        self.query_one(PublishForm).set_topic(
            topic_arn, attributes, sum(s.subscription.raw_delivery for s in subscribers))
        if topic_arn is None:
            self.title_pane("#sns-fanout", "Fan-out: pick or create a topic")
        elif not subscribers:
            self.title_pane("#sns-fanout",
                            f"Fan-out of {topic_name(topic_arn)}: no subscriber yet, s adds one")
        else:
            self.title_pane("#sns-fanout",
                            f"Fan-out of {topic_name(topic_arn)}: {len(subscribers)} subscribers")

    def _add_pane(self, subscriber: Subscriber) -> None:
        view = self.query_one(FanOutView)
        pane = SubscriberPane(subscriber)
        later = [p for p in view.panes() if p.subscriber.name > subscriber.name]
        if later:
            view.mount(pane, before=later[0])
        else:
            view.mount(pane)
        self._poll(subscriber.subscription.arn)

    def on_subscriber_changed(self, message: SubscriberChanged) -> None:
        sub = message.subscriber
        if sub.subscription.topic_arn != self.topic_arn:
            return
        pane = self.query_one(FanOutView).pane(sub.subscription.arn)
        if pane is not None:
            pane.update_subscriber(sub)
        elif self.target is not None:
            self.load_subscribers(self.target, sub.subscription.topic_arn)
        if message.created:
            self.notify(f"{sub.name} subscribed to {topic_name(sub.subscription.topic_arn)}",
                        markup=False)

    def _focused_pane(self) -> SubscriberPane | None:
        panes = self.query_one(FanOutView).panes()
        focused = self.focused
        for pane in panes:
            if focused is pane or (focused is not None and pane in focused.ancestors):
                return pane
        if len(panes) == 1:
            return panes[0]
        self.notify("Focus a subscriber pane first (tab / click)", severity="warning")
        return None

    def action_subscribe(self) -> None:
        arn = self.topic_arn
        if arn is None or self.target is None:
            self.notify("Pick or create a topic first", severity="warning")
            return
        target = self.target
        count = len(self.query_one(FanOutView).panes()) + 1
        suggested = f"{topic_name(arn).removesuffix('.fifo')}-sub{count}"

        def chosen(request: NewSubscription | None) -> None:
            if request:
                self.subscribe(target, arn, replace(
                    request, queue_name=account_name(self.app, request.queue_name)))

        self.app.push_screen(SubscribeDialog(topic_name(arn), is_fifo_topic(arn), suggested), chosen)

    def action_filter_policy(self) -> None:
        pane = self._focused_pane()
        if pane is None or self.target is None:
            return
        target, subscriber = self.target, pane.subscriber
        sub = subscriber.subscription

        def chosen(change: PolicyChange | None) -> None:
            if change:
                self.change_subscriber(target, subscriber, policy=change)

        self.app.push_screen(FilterPolicyDialog(subscriber.name, sub.filter_policy,
                                                sub.filter_scope), chosen)

    def action_toggle_raw(self) -> None:
        pane = self._focused_pane()
        if pane is not None and self.target is not None:
            self.change_subscriber(self.target, pane.subscriber,
                                   raw=not pane.subscriber.subscription.raw_delivery)

    def action_unsubscribe(self) -> None:
        pane = self._focused_pane()
        if pane is None or self.target is None:
            return
        target, subscriber = self.target, pane.subscriber

        def answered(yes: bool | None) -> None:
            if yes:
                self.unsubscribe(target, subscriber)

        self.app.push_screen(ConfirmDialog(
            f"Unsubscribe {subscriber.name}?",
            f"Removes the subscription and deletes queue {subscriber.name} with any messages "
            "in it.", "Unsubscribe"), answered)

    # --- polling ----------------------------------------------------------------------------------
    def _poll(self, arn: str) -> None:
        pane = self.query_one(FanOutView).pane(arn)
        if pane is None or self.target is None or arn in self.pollers:
            return
        self.pollers[arn] = self.poll_subscriber(self.target, pane.subscriber, self.poll_wait)

    def _stop_polling(self, arn: str) -> None:
        worker = self.pollers.pop(arn, None)
        if worker is not None:
            worker.cancel()  # a receive in flight finishes (at most poll_wait s), then it stops

    def on_subscriber_polled(self, message: SubscriberPolled) -> None:
        pane = self.query_one(FanOutView).pane(message.subscription_arn)
        if pane is not None:
            pane.set_error(message.error)
            pane.receive(message.deliveries)

    # --- publishing -------------------------------------------------------------------------------
    def action_publish(self) -> None:
        self.query_one(PublishForm).action_publish()

    def on_publish_form_publish(self, message: PublishForm.Publish) -> None:
        """Each pane decides before the call, so a fast delivery always finds its reason."""
        request = message.request
        if self.target is None:
            return
        self.seq += 1
        published = Published(self.seq, request.message, request.subject or None,
                              message_attributes(list(request.rows)), request.group_id or None,
                              request.dedup_id or None, request.count)
        self.query_one(PublishForm).query_one("#pub-issues", Static).update(
            markup("[dim]publishing $label…[/]", label=published.label))
        panes = self.query_one(FanOutView).panes()
        self.publish(self.target, request.topic_arn, published,
                     [pane.subscriber.subscription for pane in panes])

    def on_publish_expected(self, message: PublishExpected) -> None:
        published = message.published
        results = [pane.expect(published, message.results[pane.arn])
                   for pane in self.query_one(FanOutView).panes() if pane.arn in message.results]
        delivered = sum(r.matched for r in results)
        self.query_one(PublishForm).query_one("#pub-issues", Static).update(markup(
            f"[dim]publishing $label…[/] {delivered} of {len(results)} "
            "subscribers should get it (why: in each pane)", label=published.label))

    def on_publish_progress(self, message: PublishProgress) -> None:
        self.query_one(PublishForm).show_progress(message.done, message.total)

    def on_publish_finished(self, message: PublishFinished) -> None:
        form = self.query_one(PublishForm)
        form.show_progress(message.accepted, message.published.count)
        panes = self.query_one(FanOutView).panes()
        if message.error:
            for pane in panes:
                pane.forget(message.published.seq)
            form.query_one("#pub-issues", Static).update(
                plain(f"✗ SNS refused it: {message.error}", "red"))
            return
        delivered = sum(1 for pane in panes if pane.expects(message.published.seq))
        form.query_one("#pub-issues", Static).update(markup(
            f"[green]$label published[/] · {delivered} of {len(panes)} "
            "subscribers should get it (why: in each pane)", label=message.published.label))

    def action_back(self) -> None:
        """escape in the publish form goes back to the topics, where the pane keys work."""
        focused = self.focused
        if focused is not None and self.query_one(PublishForm) in focused.ancestors_with_self:
            self.query_one(TopicList).focus()
            return
        self.app.pop_screen()
