"""The SQS workbench's consumers: competing consumer panes, the lanes' receiver, deliveries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from playground.aws.sqs.service import DlqLink, QueueSummary, RedrivePolicy
from playground.aws.sqs.validate import visibility_seconds
from playground.aws.sqs.visibility import Delivery, DeliveryState
from playground.targets import Target
from playground.ui.common.dialogs import PromptDialog
from playground.ui.common.workbench import PollingWorkbench
from playground.ui.sqs.consumer import ConsumerConfig, ConsumerPane
from playground.ui.sqs.lanes import LanesPane
from playground.ui.sqs.messages import (
    ConsumerReceived,
    ConsumerStatus,
    DeliveryUpdated,
    MovedToDlq,
)
from playground.ui.sqs.workers import SqsWorkers

MAX_CONSUMERS = 3
"""Three show consumers competing; key 3 reaches each of them in at most three presses (a fourth
took four, and at 80 columns four side by side got 8 columns each)."""


class ConsumerHandlers(SqsWorkers, PollingWorkbench):
    """The Workbench's base: every received message becomes one Delivery, kept by receipt
    handle (for acks) and by message id (the lanes look up countdowns there)."""

    consumers: dict[int, ConsumerConfig]
    deliveries: dict[str, Delivery]
    latest: dict[str, Delivery]
    current_url: str | None
    links: list[DlqLink]
    _next_consumer: int

    if TYPE_CHECKING:
        def action_tab(self, name: str) -> None: ...

    @property
    def current(self) -> QueueSummary | None:
        return self.queues.get(self.current_url or "")

    def action_add_consumer(self) -> None:
        queue = self.current
        if queue is None:
            self.notify("Select a queue first (n creates one)", severity="warning")
            return
        if len(self.consumers) >= MAX_CONSUMERS:
            self.notify(f"At most {MAX_CONSUMERS} consumers side by side", severity="warning",
                        markup=False)
            return
        config = ConsumerConfig(self._next_consumer, queue.url, queue.name)
        self._next_consumer += 1
        self.consumers[config.id] = config
        self.query_one("#consumers-empty").display = False
        pane = ConsumerPane(config, self.clock)
        self.query_one("#consumer-deck").mount(pane)
        self.action_tab("consumers")
        self.call_after_refresh(lambda: pane.query_one("DataTable").focus())

    def on_consumer_pane_command(self, message: ConsumerPane.Command) -> None:
        self._message_command(message.pane.config, message.action, message.delivery, message.pane)

    def on_lanes_pane_command(self, message: LanesPane.Command) -> None:
        queue = self.current
        if queue is None:
            return
        config = ConsumerConfig(0, queue.url, queue.name, wait_seconds=0, max_messages=1)
        self._message_command(config, message.action, message.delivery, None)

    def _message_command(self, config: ConsumerConfig, action: str, delivery: Delivery | None,
                         pane: ConsumerPane | None) -> None:
        target = self.target
        if target is None:
            return
        if action == "poll":
            self.consume(target, config, config.run)
        elif action == "receive":
            self.receive_once(target, config)
        elif action == "remove" and pane is not None:
            self.consumers.pop(config.id, None)
            pane.remove()
            self.query_one("#consumers-empty").display = not self.consumers
        elif delivery is not None and action == "delete":
            self.delete_message(target, delivery.queue_url, delivery)
        elif delivery is not None and action == "release":
            self.change_visibility(target, delivery.queue_url, delivery, 0)
        elif delivery is not None and action == "visibility":
            self._ask_visibility(target, delivery)

    def _ask_visibility(self, target: Target, delivery: Delivery) -> None:
        def chosen(value: str | None) -> None:
            if value is None:
                return
            seconds, issues = visibility_seconds(value)
            if seconds is None:
                self.notify(issues[0].message, severity="error", markup=False)
                return
            self.change_visibility(target, delivery.queue_url, delivery, seconds)

        # Prefilled with the timeout it was received with, so enter alone sends it (a
        # placeholder that reads like a value sent nothing on enter).
        self.app.push_screen(PromptDialog(
            f"New visibility timeout for #{delivery.index} (seconds from now, 0-43200)",
            "seconds, 0-43200", str(delivery.visibility_timeout)), chosen)

    def on_consumer_received(self, message: ConsumerReceived) -> None:
        config = self.consumers.get(message.consumer_id)
        queue_url = config.queue_url if config else self.current_url or ""
        fresh = []
        queue = self.queues.get(queue_url)
        policy = RedrivePolicy.parse(queue.attributes.get("RedrivePolicy")) if queue else None
        for m in message.messages:
            earlier = self.latest.get(m.message_id)
            if earlier is not None and earlier.state is DeliveryState.LEAVING:
                self._restate(earlier, DeliveryState.RETURNED)  # delivered again, not moved
            delivery = Delivery.start(self.index.of(m.message_id), m, message.received_at,
                                      message.visibility_timeout, queue_url,
                                      policy.max_receive_count if policy else None)
            if message.auto_deleted:
                delivery.state = DeliveryState.DELETED
            self.deliveries[m.receipt_handle] = delivery
            self.latest[m.message_id] = delivery
            fresh.append(delivery)
        pane = self._pane(message.consumer_id)
        if pane is not None:
            pane.add_deliveries(fresh)
            numbers = ", ".join(f"#{d.index}" for d in fresh)
            pane.set_status(f"received {numbers}" if fresh else "no message this time")

    def on_consumer_status(self, message: ConsumerStatus) -> None:
        pane = self._pane(message.consumer_id)
        if pane is not None:
            pane.set_status(message.text, error=message.error, polling=message.polling)
        elif message.error:
            self.notify(message.text, severity="error", markup=False)

    def on_delivery_updated(self, message: DeliveryUpdated) -> None:
        delivery = self.deliveries.get(message.receipt_handle)
        if delivery is None:
            return
        if message.seconds is None:
            delivery.state = DeliveryState.DELETED
        else:
            delivery.change_visibility(message.at, message.seconds)
        for pane in self.query(ConsumerPane):
            if pane.find(message.receipt_handle) is not None:
                pane.update_delivery(delivery)

    def look_for_dead_letters(self) -> None:
        """On a queue-list refresh: messages whose last delivery is leaving for the DLQ are
        looked for there (targets that can peek), so their rows can say they moved."""
        target = self.target
        if target is None or not target.supports_peek:
            return
        dlq_of = {link.source.url: link.dlq.url for link in self.links}
        wanted: dict[str, set[str]] = {}
        for delivery in self.latest.values():
            dlq_url = dlq_of.get(delivery.queue_url)
            if delivery.state is DeliveryState.LEAVING and dlq_url:
                wanted.setdefault(dlq_url, set()).add(delivery.message.message_id)
        if wanted:
            self.find_dead_lettered(target, wanted)

    def on_moved_to_dlq(self, message: MovedToDlq) -> None:
        for delivery in self.deliveries.values():
            if (delivery.message.message_id in message.message_ids
                    and delivery.state in (DeliveryState.RETURNED, DeliveryState.LEAVING)):
                self._restate(delivery, DeliveryState.MOVED)

    def _restate(self, delivery: Delivery, state: DeliveryState) -> None:
        delivery.state = state
        for pane in self.query(ConsumerPane):
            if pane.find(delivery.message.receipt_handle) is not None:
                pane.update_delivery(delivery)

    def _pane(self, consumer_id: int) -> ConsumerPane | None:
        panes = self.query(f"#consumer-{consumer_id}")
        return panes.first(ConsumerPane) if panes else None
