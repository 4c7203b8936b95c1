"""The EventBridge workbench driven like a learner would: keys, dialogs, tabs, live results."""

from __future__ import annotations

import json
from typing import Any

from textual.widgets import Input, Select, Static, TextArea

from playground.aws.events.delivery import RuleTargets
from playground.aws.events.service import EventsService
from playground.ui.events.dialogs import (
    ArchiveDialog,
    NewBusDialog,
    ReplayDialog,
    RuleDialog,
    TargetDialog,
)
from playground.ui.events.pattern_sandbox import PatternSandbox
from playground.ui.events.put_form import PutEventForm
from playground.ui.events.replay import ReplayPane
from playground.ui.events.rules import BusList, RulesPane
from playground.ui.events.screen import EventsWorkbench
from playground.ui.events.transformer import TransformerPane
from playground.ui.shell.app import PlaygroundApp
from tests.ui.helpers import QUIET, settle, wait_for

BIG = {"source": ["com.example.orders"], "detail": {"price": [{"numeric": [">=", 100]}]}}


def _calls(target: Any, operation: str) -> int:
    return sum(1 for r in target.recorder.records if r.operation == operation)


def _text(widget: Any, selector: str) -> str:
    return str(widget.query_one(selector, Static).render())


async def _open(pilot: Any, tab: str = "rules") -> EventsWorkbench:
    await settle(pilot)
    pilot.app.push_screen(EventsWorkbench(watch_wait=0, tab=tab))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, EventsWorkbench)
    return screen


async def test_buses_rules_targets_from_the_keyboard(target) -> None:
    app = PlaygroundApp(settings=QUIET, target=target)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_service("events")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EventsWorkbench)
        rules = screen.query_one(RulesPane)

        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, NewBusDialog)
        await pilot.press(*"shop", "enter")
        await settle(pilot, until=lambda: screen.bus == "shop")
        assert screen.query_one(BusList).buses == ["default", "shop"]

        await pilot.press("n")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, RuleDialog)
        dialog.query_one("#rule-name", Input).value = "big-orders"
        dialog.query_one("#rule-pattern", TextArea).text = '{"detail": {"price": [{"numeric": [">", 1]}]'
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        assert "event pattern: the event pattern is not valid JSON" in _text(dialog, ".dialog-errors")
        dialog.query_one("#rule-pattern", TextArea).text = '{"detail": {"price": [{"foo": 1}]}}'
        await settle(pilot)
        assert 'detail.price: unknown operator "foo"' in _text(dialog, "#rule-pattern-status")
        assert _calls(target, "PutRule") == 0
        dialog.query_one("#rule-pattern", TextArea).text = json.dumps(BIG)
        await pilot.press("ctrl+s")
        await settle(pilot, until=lambda: [r.name for r in rules.rules] == ["big-orders"])

        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TargetDialog)
        app.screen.query_one("#target-value", Input).value = "big-orders-q"
        await pilot.press("ctrl+s")
        await settle(pilot, until=lambda: bool(rules.rules and rules.rules[0].targets))
        assert rules.rules[0].targets[0].arn.endswith(":big-orders-q")

        rules.query_one("#rules-table").focus()
        await pilot.press("e")
        await settle(pilot, until=lambda: not rules.rules[0].enabled)
        await pilot.press("d", "y")
        await settle(pilot, until=lambda: not rules.rules)
        assert EventsService(target).list_rules("shop") == []


async def test_put_event_checks_input_and_names_the_rules_that_match(target) -> None:
    events = EventsService(target)
    events.put_rule("big-orders", BIG)
    RuleTargets(target).add_queue_target("big-orders", "default", "big-q")
    app = PlaygroundApp(settings=QUIET, target=target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, "put")
        await settle(pilot, until=lambda: bool(screen.query_one(RulesPane).rules))
        form = screen.query_one(PutEventForm)
        form.query_one("#put-detail", TextArea).text = '{"price": 150'
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "detail: not valid JSON" in _text(form, "#put-result")
        assert _calls(target, "PutEvents") == 0
        assert form.query_one("#put-detail", TextArea).text == '{"price": 150'
        form.query_one("#put-detail", TextArea).text = '{"price": 150}'
        form.action_put()
        await settle(pilot, until=lambda: "accepted" in _text(form, "#put-result"))
        assert "→ rule big-orders matches: goes to big-q" in _text(form, "#put-result")
        url = RuleTargets(target).queue_url("big-q", create=False)
        bodies = RuleTargets(target).read_queue(url)
        assert json.loads(bodies[0])["detail"] == {"price": 150}


async def test_sandbox_explains_and_checks_with_the_target(target) -> None:
    app = PlaygroundApp(settings=QUIET, target=target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, "sandbox")
        box = screen.query_one(PatternSandbox)
        await settle(pilot, until=lambda: box.target_state == "agree")
        assert "detail.price: numeric >= 100 and < 1000 — got 150, match" in _text(box, "#sandbox-result")
        assert "agrees ✓" in _text(box, "#sandbox-target")

        box.query_one("#sandbox-pattern-sample", Select).value = "or-alternatives"
        box.query_one("#sandbox-event-sample", Select).value = "order-cancelled"
        await settle(pilot, until=lambda: box.target_state == "agree" and box.result is not None
                     and not box.result.matched)
        result = _text(box, "#sandbox-result")
        assert "customer.tier: one of [\"gold\"]" in result or "detail.customer.tier" in result

        before = _calls(target, "TestEventPattern")
        bad = '{"detail": {"price": [{"numeric": [">", 10, "<", 5]}]}}'
        box.query_one("#sandbox-pattern", TextArea).text = bad
        await wait_for(pilot, lambda: "nothing sent" in _text(box, "#sandbox-target"),
                       what="the invalid pattern handled")
        assert "pattern: detail.price: numeric range lower bound 10 is above upper bound 5" in _text(
            box, "#sandbox-result")
        assert _calls(target, "TestEventPattern") == before

        box.show_target(box.seq, "a fake target", None, "boom")
        box.query_one("#sandbox-pattern", TextArea).text = '{"source": ["com.example.orders"]}'
        await settle(pilot, until=lambda: box.target_state == "agree")
        # The check for this later input went out after the invalid one's delay had passed:
        # had the invalid pattern been sent, it would be here too.
        assert _calls(target, "TestEventPattern") == before + 1
        sent = [json.loads(r.params["EventPattern"]) for r in target.recorder.records
                if r.operation == "TestEventPattern"]
        assert json.loads(bad) not in sent
        box.show_target(box.seq, "a fake target", False, None)
        assert box.target_state == "disagree"
        assert "⚠ TestEventPattern on a fake target says no match" in _text(box, "#sandbox-target")


async def test_transformer_preview_save_and_delivery(target) -> None:
    EventsService(target).put_rule("placed", {"detail-type": ["Order Placed"]})
    app = PlaygroundApp(settings=QUIET, target=target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        await settle(pilot, until=lambda: bool(screen.query_one(RulesPane).rules))
        await pilot.press("4")
        await settle(pilot)
        pane = screen.query_one(TransformerPane)
        assert pane.preview is not None
        assert pane.preview.output == '{"order":"ord-1042","total":150,"text":"Alice ordered ord-1042"}'

        pane.query_one("#tx-paths", TextArea).text = '{"order": "$.detail[\'order-id\']"}'
        await settle(pilot)
        assert "InputPathsMap.order" in _text(pane, "#tx-preview")
        assert "dot notation only" in _text(pane, "#tx-preview")
        pane.query_one("#tx-rule", Select).value = "placed"
        pane.action_save()
        await settle(pilot)
        assert "nothing is saved" in _text(pane, "#tx-delivered")
        assert _calls(target, "PutTargets") == 0

        paths = '{"order": "$.detail.order-id", "price": "$.detail.price"}'
        pane.query_one("#tx-paths", TextArea).text = paths
        pane.query_one("#tx-template", TextArea).text = '{"order": <order>, "total": <price>}'
        await settle(pilot)
        pane.action_save()
        await settle(pilot, until=lambda: "saved" in _text(pane, "#tx-delivered"))
        pane.action_try()
        await settle(pilot, until=lambda: "Delivered" in _text(pane, "#tx-delivered"))
        delivered = _text(pane, "#tx-delivered")
        assert '"order": "ord-1042"' in delivered or '"order":"ord-1042"' in delivered
        assert "✓ same as the preview" in delivered


async def test_archive_watch_and_replay(target) -> None:
    events = EventsService(target)
    app = PlaygroundApp(settings=QUIET, target=target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, "replay")
        pane = screen.query_one(ReplayPane)
        await settle(pilot, until=lambda: pane.support is not None)
        assert pane.support is not None and pane.support.available
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ArchiveDialog)
        await pilot.press("ctrl+s")
        await settle(pilot, until=lambda: bool(pane.archives))
        assert pane.archives[0].name == "default-archive"

        await pilot.press("w")
        await settle(pilot, until=lambda: pane.watching == "default")
        events.put_event("com.example.auth", "User Login", {"user": "ada"})
        await settle(pilot, until=lambda: len(pane.watched) == 1)
        assert pane.watched[0].replay_name is None

        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ReplayDialog)
        app.screen.query_one("#replay-name", Input).value = "again"
        await pilot.press("ctrl+s")
        await settle(pilot, until=lambda: len(pane.watched) == 2
                     and "COMPLETED" in _text(pane, "#replay-status"))
        assert pane.watched[1].replay_name == "again"
        assert "replayed by again" in _text(pane, "#watch-log")
