"""Panes mounted as their workbench closes: the demo player opens a workbench, the workbench adds
a pane for each subscription or consumer, and the next step closes it, all within a few frames.
A pane whose on_mount runs after its children were removed must not crash the app (a CI run
under load failed so: `NoMatches: '.subscriber-scroll'` in the SNS filter-policies demo)."""

from __future__ import annotations

import time

from textual.app import App, ComposeResult
from textual.containers import Vertical

from playground.aws.sns.fanout import Subscriber
from playground.aws.sns.service import Subscription
from playground.ui.sns.subscriber_pane import SubscriberPane
from playground.ui.sqs.consumer import ConsumerConfig, ConsumerPane


def _subscriber() -> Subscriber:
    return Subscriber(Subscription(
        arn="arn:aws:sns:us-east-1:000000000000:orders:1", topic_arn="arn:aws:sns:us-east-1:"
        "000000000000:orders", protocol="sqs", endpoint="arn:aws:sqs:us-east-1:000000000000:"
        "billing", attributes={}), queue_url="http://127.0.0.1:1/000000000000/billing")


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield Vertical(id="deck")


async def _mount_then_close(pane: SubscriberPane | ConsumerPane) -> None:
    app = _Host()
    async with app.run_test(size=(80, 24)) as pilot:
        deck = app.query_one("#deck")
        deck.mount(pane)
        # Removed in the same frame: its children go first, its Mount is still queued.
        deck.remove()
        await pilot.pause()
        await pilot.pause()
        assert app.is_running
    # run_test re-raises on the way out an error any handler raised.


async def test_a_subscriber_pane_mounted_as_its_workbench_closes_does_not_crash() -> None:
    await _mount_then_close(SubscriberPane(_subscriber()))


async def test_a_consumer_pane_mounted_as_its_workbench_closes_does_not_crash() -> None:
    config = ConsumerConfig(id=1, queue_url="http://127.0.0.1:1/000000000000/jobs",
                            queue_name="jobs")
    await _mount_then_close(ConsumerPane(config, time.monotonic))
