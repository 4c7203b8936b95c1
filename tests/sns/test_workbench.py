"""The SNS workbench driven like a learner would: keys, dialogs, publish, panes."""

from __future__ import annotations

from typing import Any

from textual.widgets import Checkbox, Input, Static, TextArea

from playground.aws.sns.fanout import FanOut
from playground.aws.sns.service import SnsService
from playground.ui.shell.app import PlaygroundApp
from playground.ui.sns.dialogs import FilterPolicyDialog, NewTopicDialog, SubscribeDialog
from playground.ui.sns.publish_form import PublishForm
from playground.ui.sns.screen import SnsWorkbench
from playground.ui.sns.subscriber_pane import SubscriberPane
from playground.ui.sns.topic_list import TopicList
from tests.ui.helpers import QUIET, settle

PRICE_POLICY = {"price": [{"numeric": [">=", 100]}]}


def _calls(target: Any, operation: str) -> int:
    return sum(1 for r in target.recorder.records if r.operation == operation)


async def _open(pilot: Any) -> SnsWorkbench:
    await settle(pilot)
    pilot.app.push_screen(SnsWorkbench(poll_wait=0))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SnsWorkbench)
    return screen


def _panes(screen: SnsWorkbench) -> dict[str, SubscriberPane]:
    return {p.subscriber.name: p for p in screen.query(SubscriberPane)}


def _text(pane: SubscriberPane) -> str:
    return str(pane.query_one(".subscriber-log", Static).render())


async def test_open_from_home_create_topic_and_subscribe_with_validation(target) -> None:
    app = PlaygroundApp(settings=QUIET, target=target)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_service("sns")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SnsWorkbench)
        screen.poll_wait = 0

        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NewTopicDialog)
        await pilot.press(*"bad name", "ctrl+s")
        await settle(pilot)
        assert "only letters, digits" in str(app.screen.query_one(".dialog-errors", Static).render())
        app.screen.query_one("#topic-name", Input).value = "orders"
        await pilot.press("ctrl+s")
        await settle(pilot, until=lambda: screen.topic_arn is not None)
        assert screen.query_one(TopicList).topics[0].endswith(":orders")

        await pilot.press("s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, SubscribeDialog)
        assert dialog.query_one("#sub-queue", Input).value == "orders-sub1"
        dialog.query_one(".filter-text", TextArea).text = '{"price": [{"numeric": [">", 10, "<", 5]}]}'
        await settle(pilot)
        status = str(dialog.query_one(".filter-status", Static).render())
        assert "price: numeric range lower bound 10 is above upper bound 5" in status
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog, "an invalid policy must not close the dialog"
        assert _calls(target, "Subscribe") == 0
        assert "10" in dialog.query_one(".filter-text", TextArea).text, "content is kept"

        dialog.query_one(".filter-text", TextArea).text = '{"price": [{"numeric": [">=", 100]}]}'
        dialog.query_one("#sub-raw", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot, until=lambda: "orders-sub1" in _panes(screen))
        pane = _panes(screen)["orders-sub1"]
        assert pane.subscriber.subscription.raw_delivery
        assert pane.subscriber.subscription.filter_policy == PRICE_POLICY
        assert pane.border_subtitle == "raw"


async def test_publish_explains_each_subscriber_and_the_message_arrives(target) -> None:
    fan = FanOut(target)
    topic = SnsService(target).create_topic("orders")
    fan.add_subscriber(topic, "audit")
    fan.add_subscriber(topic, "big-orders", filter_policy=PRICE_POLICY)
    app = PlaygroundApp(settings=QUIET, target=target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        await settle(pilot, until=lambda: len(_panes(screen)) == 2)
        form = screen.query_one(PublishForm)
        form.add_attribute("price", "Number", "42")
        await settle(pilot)
        await pilot.press("p")
        panes = _panes(screen)
        await settle(pilot, until=lambda: panes["audit"].waiting == 0 and panes["audit"].shown
                     and _calls(target, "Publish"))
        assert "#1 ✓ delivered · received" in _text(panes["audit"])
        big = _text(panes["big-orders"])
        assert "#1 ✗ filtered out" in big
        assert "price: numeric >= 100 — got 42, no match" in big

        form.query_one(".attr-value", Input).value = "420"
        await pilot.press("p")
        await settle(pilot, until=lambda: panes["big-orders"].waiting == 0 and panes["big-orders"].shown
                     and _calls(target, "Publish") == 2)
        assert "#2 ✓ delivered · received" in _text(panes["big-orders"])
        assert "price: numeric >= 100 — got 420, match" in _text(panes["big-orders"])


async def test_bad_publish_input_is_refused_locally_and_kept(target) -> None:
    SnsService(target).create_topic("prices", fifo=True)
    app = PlaygroundApp(settings=QUIET, target=target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        await settle(pilot, until=lambda: screen.topic_arn is not None)
        form = screen.query_one(PublishForm)
        form.add_attribute("price", "Number", "cheap")
        form.add_attribute("size", "Number", "[/big]")  # shown as typed, not read as markup
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        issues = str(form.query_one("#pub-issues", Static).render())
        assert "group id: a FIFO topic needs a MessageGroupId" in issues
        assert "attribute price: 'cheap' is not a number" in issues
        assert "attribute size: '[/big]' is not a number" in issues
        assert _calls(target, "Publish") == 0
        assert form.query_one(".attr-value", Input).value == "cheap"


async def test_fifo_batch_raw_toggle_filter_edit_and_unsubscribe(target) -> None:
    fan = FanOut(target)
    topic = SnsService(target).create_topic("prices", fifo=True, content_dedup=True)
    fan.add_subscriber(topic, "copy")
    app = PlaygroundApp(settings=QUIET, target=target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        await settle(pilot, until=lambda: "copy.fifo" in _panes(screen))
        form = screen.query_one(PublishForm)
        form.query_one("#pub-group", Input).value = "sku-1"
        form.query_one("#pub-count", Input).value = "12"
        form.action_batch()
        pane = _panes(screen)["copy.fifo"]
        await settle(pilot, until=lambda: _calls(target, "PublishBatch") == 2
                     and pane.waiting == 0 and pane.shown)
        assert "#1 ×12 ✓ delivered · received 12/12" in _text(pane)

        pane.focus()
        await pilot.press("w")
        await settle(pilot, until=lambda: pane.subscriber.subscription.raw_delivery)
        await pilot.press("f")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FilterPolicyDialog)
        dialog.query_one(".filter-text", TextArea).text = '{"tier": ["gold"]}'
        await pilot.press("ctrl+s")
        await settle(pilot, until=lambda: pane.subscriber.subscription.filter_policy is not None)
        assert pane.subscriber.subscription.filter_policy == {"tier": ["gold"]}

        poller = screen.pollers[pane.arn]
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot, until=lambda: not _panes(screen))
        assert fan.subscribers(topic) == []
        # The pane's poller stops with it, rather than polling a deleted queue forever.
        await settle(pilot, until=lambda: poller.is_finished)
        assert poller.is_cancelled and poller.is_finished
        assert not screen.pollers


async def test_delete_topic_is_confirmed(target) -> None:
    SnsService(target).create_topic("old")
    app = PlaygroundApp(settings=QUIET, target=target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        await settle(pilot, until=lambda: screen.topic_arn is not None)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert SnsService(target).list_topics()
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot, until=lambda: not screen.query_one(TopicList).topics)
        assert SnsService(target).list_topics() == []
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, SnsWorkbench)
