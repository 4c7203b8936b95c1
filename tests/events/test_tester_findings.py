"""Smaller wrong answers a tester found in the EventBridge workbench, each pinned by a test."""

from __future__ import annotations

import json
from typing import Any

from textual.widgets import Select, Static, TextArea

from playground.aws.events.delivery import RuleTargets
from playground.aws.events.service import EventsService
from playground.ui.events.pattern_sandbox import PatternSandbox
from playground.ui.events.put_form import PutEventForm
from playground.ui.events.rules import BusList
from playground.ui.events.screen import EventsWorkbench
from playground.ui.events.transformer import TransformerPane
from playground.ui.shell.app import PlaygroundApp
from tests.ui.helpers import QUIET, settle

BIG = {"source": ["com.example.orders"], "detail": {"price": [{"numeric": [">=", 100]}]}}


def _text(widget: Any, selector: str) -> str:
    return str(widget.query_one(selector, Static).render())


async def _open(pilot: Any, tab: str) -> EventsWorkbench:
    await settle(pilot)
    pilot.app.push_screen(EventsWorkbench(watch_wait=0, tab=tab))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, EventsWorkbench)
    return screen


async def test_put_on_a_custom_bus_names_that_bus_rules(target: Any) -> None:
    """The Rules tab still shows the default bus; the event goes to shop, whose rule takes it."""
    events = EventsService(target)
    events.create_bus("shop")
    events.put_rule("big-orders", BIG, bus="shop")
    RuleTargets(target).add_queue_target("big-orders", "shop", "big-q")
    app = PlaygroundApp(settings=QUIET, target=target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, "put")
        form = screen.query_one(PutEventForm)
        bus = form.query_one("#put-bus", Select)
        await settle(pilot, until=lambda: "shop" in screen.query_one(BusList).buses)
        bus.value = "shop"
        assert screen.bus == "default"
        form.query_one("#put-detail", TextArea).text = '{"price": 150}'
        form.action_put()
        await settle(pilot, until=lambda: "accepted" in _text(form, "#put-result"))
        result = _text(form, "#put-result")
        assert "accepted on shop" in result
        assert "→ rule big-orders matches: goes to big-q" in result
        assert "no rule" not in result
        url = RuleTargets(target).queue_url("big-q", create=False)
        assert json.loads(RuleTargets(target).read_queue(url)[0])["detail"] == {"price": 150}


def _calls(target: Any, operation: str) -> int:
    return sum(1 for r in target.recorder.records if r.operation == operation)


async def test_save_target_before_a_rule_is_chosen_is_refused(target: Any) -> None:
    """It used to send PutTargets for the rule "Select.NULL"."""
    EventsService(target).put_rule("placed", {"detail-type": ["Order Placed"]})
    app = PlaygroundApp(settings=QUIET, target=target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, "transformer")
        pane = screen.query_one(TransformerPane)
        await settle(pilot, until=lambda: "placed" in pane.rule_arns)
        assert pane.query_one("#tx-rule", Select).is_blank()
        pane.action_save()
        await settle(pilot)
        assert "pick the rule whose target this is" in _text(pane, "#tx-delivered")
        pane.action_try()
        await settle(pilot)
        assert "pick the rule whose target this is" in _text(pane, "#tx-delivered")
        assert _calls(target, "PutTargets") == 0
        assert _calls(target, "PutEvents") == 0
        assert EventsService(target).list_targets("placed") == []


async def test_sandbox_sample_picker_cleared_keeps_the_text(target: Any) -> None:
    """Choosing the blank sample line looked the sample "Select.NULL" up (KeyError)."""
    app = PlaygroundApp(settings=QUIET, target=target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, "sandbox")
        box = screen.query_one(PatternSandbox)
        before = box.event_text
        box.query_one("#sandbox-event-sample", Select).clear()
        await settle(pilot)
        assert app.screen is screen and box.event_text == before
