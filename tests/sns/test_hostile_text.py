"""The SNS workbench with hostile text everywhere: every field and dialog, 10 MB pastes, and what
the target holds (filter policies with markup in their keys and values, one nested 150 levels
deep, messages and attributes that deliver it). It keeps running, reads none of it as markup,
and reports no error."""

from __future__ import annotations

from typing import Any

from playground.aws.sns.fanout import FanOut
from playground.aws.sns.service import SnsService
from playground.ui.sns.dialogs import FilterPolicyDialog, NewTopicDialog, SubscribeDialog
from playground.ui.sns.publish_form import AttributeEditor, PublishForm
from playground.ui.sns.screen import SnsWorkbench
from playground.ui.sns.subscriber_pane import FanOutView, SubscriberPane
from tests.form_strategies import deep_json_text
from tests.ui.helpers import make_app
from tests.ui.hostile import (
    HOSTILE,
    HOSTILE_TEXTS,
    MARK,
    Notices,
    calm,
    fill,
    markup_watch,
    paste_everywhere,
    until,
)


def hostile_topic(target: Any) -> str:
    """A topic whose subscriptions' policies hold hostile text, with a message in each queue."""
    fan, sns = FanOut(target), SnsService(target)
    topic = sns.create_topic("hostile")
    fan.add_subscriber(topic, "attrs", filter_policy={f"{MARK}[/x]": ["[bold]", HOSTILE]})
    fan.add_subscriber(topic, "body", filter_policy={"a": [{"prefix": HOSTILE}]},
                       scope="MessageBody")
    deep = fan.add_subscriber(topic, "deep", raw=True)
    sns.client.set_subscription_attributes(SubscriptionArn=deep.subscription.arn,
                                           AttributeName="FilterPolicy",
                                           AttributeValue=deep_json_text(150, "object"))
    for message in (HOSTILE, f'{{"a": "{HOSTILE}"}}', deep_json_text(300, "array")):
        sns.publish(topic, message, subject="[/x]", attributes={
            f"{MARK}[/x]": {"DataType": "String", "StringValue": HOSTILE}})
    return topic


async def test_hostile_text_everywhere_in_the_sns_workbench(target: Any) -> None:
    topic = hostile_topic(target)
    notices = Notices()
    app = make_app(target)
    with markup_watch() as seen:
        async with app.run_test(size=(160, 45), message_hook=notices) as pilot:
            await pilot.pause()
            app.open_service("sns")
            await until(pilot, lambda: isinstance(app.screen, SnsWorkbench)
                           and len(app.screen.query_one(FanOutView).panes()) == 3,
                           what="three subscriber panes")
            screen: SnsWorkbench = app.screen
            assert screen.topic_arn == topic
            await until(pilot, lambda: sum(p.total_received for p in
                                              screen.query_one(FanOutView).panes()) >= 3,
                           what="what the target delivered, shown")

            form = screen.query_one(PublishForm)
            form.query_one("#pub-attr-add").press()
            await until(pilot, lambda: form.query(AttributeEditor), what="an attribute row")
            for text in HOSTILE_TEXTS:
                await fill(pilot, form, text)
                form.action_publish()
                form.action_batch()
                await pilot.pause(0.3)
            await fill(pilot, form, HOSTILE)
            form.query_one("#pub-count").value = "3"
            form.query_one(".attr-name").value = "a"
            form.action_publish()  # a valid publish, hostile text in its message and values
            await pilot.pause(1)
            await paste_everywhere(pilot, form, notices)

            pane = screen.query_one(FanOutView).panes()[0]
            pane.focus()
            await pilot.pause()
            screen.action_filter_policy()
            await until(pilot, lambda: isinstance(app.screen, FilterPolicyDialog)
                           and app.screen.query(".filter-text"))
            for text in HOSTILE_TEXTS:
                await fill(pilot, app.screen, text)
                app.screen.action_ok()
                await pilot.pause()
            await paste_everywhere(pilot, app.screen, notices)
            app.screen.action_cancel()

            for action, dialog in (("new_topic", NewTopicDialog), ("subscribe", SubscribeDialog)):
                await until(pilot, lambda: app.screen is screen, what="back on the workbench")
                getattr(screen, f"action_{action}")()
                await until(pilot, lambda dialog=dialog: isinstance(app.screen, dialog)
                               and app.screen.query("Input"))
                for text in HOSTILE_TEXTS:
                    await fill(pilot, app.screen, text)
                    app.screen.action_ok()
                    await pilot.pause()
                await paste_everywhere(pilot, app.screen, notices)
                app.screen.action_cancel()

            await until(pilot, lambda: all(isinstance(p, SubscriberPane) and p.shown
                                              for p in screen.query_one(FanOutView).panes()))
            await pilot.pause(1)
            calm(app, notices, seen)
