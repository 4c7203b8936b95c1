"""What a learner sees after one publish: one subscriber got it, one filtered it out and why."""

from __future__ import annotations

from typing import Any

from playground.aws.sns.fanout import FanOut
from playground.aws.sns.service import SnsService
from playground.ui.shell.app import PlaygroundApp
from playground.ui.sns.publish_form import PublishForm
from playground.ui.sns.screen import SnsWorkbench
from playground.ui.sns.subscriber_pane import SubscriberPane
from tests.ui.helpers import QUIET, settle

SIZE = (120, 40)


def test_fan_out_after_one_publish(snap_compare, target, size: tuple[int, int] = SIZE) -> None:
    fan = FanOut(target)
    topic = SnsService(target).create_topic("orders")
    fan.add_subscriber(topic, "audit")
    fan.add_subscriber(topic, "big-orders", raw=True,
                       filter_policy={"price": [{"numeric": [">=", 100]}]})

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        pilot.app.push_screen(SnsWorkbench(poll_wait=0))
        screen = pilot.app.screen
        await settle(pilot, until=lambda: len(screen.query(SubscriberPane)) == 2)
        screen.query_one(PublishForm).add_attribute("price", "Number", "42")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot, until=lambda: all(p.waiting == 0 and p.shown
                                              for p in screen.query(SubscriberPane))
                     and "published" in str(screen.query_one("#pub-issues").render()))

    assert snap_compare(PlaygroundApp(settings=QUIET, target=target), terminal_size=size,
                        run_before=run_before)


def test_fan_out_at_80x24(snap_compare, target) -> None:
    """The same at a speaker's 80x24 (#13)."""
    test_fan_out_after_one_publish(snap_compare, target, (80, 24))
