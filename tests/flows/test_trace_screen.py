"""Tracing from the Flows screen: t on a resource sends a trace, hops light the map as they are
observed and the panel lists them with the summary; snapshots mid-trace (a scripted trace with
fixed times and payloads over the real map, waiting after its last hop)."""

from __future__ import annotations

import json
import threading
from typing import Any

from rich.text import Text

from playground.flows.hops import Hop
from playground.flows.model import FlowMap
from playground.patterns import match_event_pattern, match_filter_policy
from playground.ui.flows.screen import FlowsScreen
from playground.ui.flows.trace_panel import TracePanel
from playground.ui.flows.tree import FlowTree
from tests.flows.test_screen import cursor_text, open_flows
from tests.flows.trace_world import FILTER, PATTERN, build_trace_world
from tests.ui.helpers import Notices, make_app, settle, wait_for

EVENT = {"version": "0", "id": "11111111-2222-3333-4444-555555555555", "detail-type": "OrderPlaced",
         "source": "shop", "account": "000000000000", "time": "2026-12-06T12:00:00Z",
         "region": "us-east-1", "resources": [], "detail": {"order": 7, "traceId": "trace-snap"}}


async def to_line(pilot: Any, screen: FlowsScreen, line: str) -> None:
    for _ in range(60):
        if cursor_text(screen) == line:
            return
        await pilot.press("down")
    raise AssertionError(f"no line {line!r}")


async def test_t_traces_from_the_rule_and_lights_each_hop(target) -> None:  # type: ignore[no-untyped-def]
    w = build_trace_world(target)
    app = make_app(target)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_flows(pilot)
        await to_line(pilot, screen, "rule orders-rule (bus shop)")
        await pilot.press("t")
        panel = screen.query_one(TracePanel)
        await wait_for(pilot, lambda: bool(panel.summary), timeout=30, what="the summary")
        assert panel.summary[0].startswith("trace complete (trace-")
        assert panel.summary[1].startswith("went to: event bus shop → rule orders-rule (bus shop) → ")
        assert screen.marks[w.rule] == "reached"
        assert screen.marks[w.audit] == "reached" and screen.marks[w.billing] == "reached"
        assert screen.marks[w.refunds] == "stopped"
        assert screen.marks[w.machine] == "reached"
        whats = [hop.what for hop, _ in screen.lit]
        assert whats[:4] == ["event put", "rule matched", "published", "filtered out"]
        assert "state Bill exited" in whats
        # the tree line of the filtered queue carries the mark, the panel the reason
        labels = [n.label for n in screen.query_one(FlowTree).leaves[w.refunds]]
        assert [label.plain for label in labels if isinstance(label, Text)] == ["✗ queue refunds"]
        # t again starts afresh: the marks of the first trace are gone first
        await pilot.press("t")
        await wait_for(pilot, lambda: bool(panel.summary), timeout=30, what="the second summary")
        assert len({hop.seq for hop, _ in screen.lit}) == len(screen.lit)


async def test_t_on_a_group_title_says_where_a_trace_starts(target) -> None:  # type: ignore[no-untyped-def]
    build_trace_world(target)
    app = make_app(target)
    notices = Notices()
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        screen = await open_flows(pilot)
        await pilot.press("home")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert screen.trace is None
        assert any(m.startswith("A trace starts at an event bus") for m in notices.messages)


def scripted_hops(flows: FlowMap, w: Any) -> list[Hop]:
    def edge(source: str, target: str) -> Any:
        return next(e for e in flows.edges if e.source == source and e.target == target)

    event = json.dumps(EVENT)
    title = flows.node
    checked = json.dumps({**EVENT, "checked": {"ok": True}})
    return [
        Hop(1, 0.0, w.bus, title(w.bus).title, "event put", "reached", event,
            explanation="PutEvents with the trace id in detail.traceId"),
        Hop(2, 0.0, w.rule, title(w.rule).title, "rule matched", "reached", event,
            via=edge(w.bus, w.rule), explanation=match_event_pattern(PATTERN, EVENT).explain()),
        Hop(3, 0.01, w.topic, title(w.topic).title, "published", "reached", event, event,
            via=edge(w.rule, w.topic)),
        Hop(4, 0.01, w.refunds, title(w.refunds).title, "filtered out", "stopped", event,
            via=edge(w.topic, w.refunds),
            explanation=match_filter_policy(FILTER, message_attributes={}).explain()),
        Hop(5, 0.03, w.audit, title(w.audit).title, "received", "reached", event, event,
            via=edge(w.topic, w.audit), explanation="raw delivery: the message as published"),
        Hop(6, 0.05, w.machine, title(w.machine).title, "execution trace-snap started",
            "reached", event, event, via=edge(w.rule, w.machine)),
        Hop(7, 0.21, w.machine, title(w.machine).title, "state Check entered", "reached", event),
        Hop(8, 0.21, w.machine, title(w.machine).title, "state Check exited", "reached",
            checked, event),
    ]


class ScriptedTrace:
    """A trace that yields fixed hops, then waits (mid-trace) until cancelled."""

    hops: list[Hop] = []

    def __init__(self, target: Any, entry: str, payload: Any, *, flows: FlowMap,
                 allow_receive: bool) -> None:
        self.trace_id = "trace-snap"
        self.flows, self.entry_arn = flows, entry
        self.stop = threading.Event()
        self.summary = None

    def entry(self) -> Any:
        return self.flows.node(self.entry_arn)

    def observability(self) -> list[str]:
        return ["queues: peeked without receiving (nothing is taken from them)"]

    def cancel(self) -> None:
        self.stop.set()

    def __iter__(self) -> Any:
        yield from ScriptedTrace.hops
        self.stop.wait(120)


def snapshot(snap_compare, target, monkeypatch, size: tuple[int, int]) -> bool:  # type: ignore[no-untyped-def]
    from playground.flows.reader import read_flows

    w = build_trace_world(target)
    monkeypatch.setattr(ScriptedTrace, "hops", scripted_hops(read_flows(target), w))
    monkeypatch.setattr(FlowsScreen, "trace_factory", ScriptedTrace)

    async def run_before(pilot: Any) -> None:
        screen = await open_flows(pilot)
        await to_line(pilot, screen, "rule orders-rule (bus shop)")
        await pilot.press("t")
        await wait_for(pilot, lambda: len(screen.lit) == 8, timeout=30, what="the hops")
        await settle(pilot)

    return bool(snap_compare(make_app(target), terminal_size=size, run_before=run_before))


def test_snapshot_mid_trace_at_80x24(snap_compare, target, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert snapshot(snap_compare, target, monkeypatch, (80, 24))


def test_snapshot_mid_trace_at_160x48(snap_compare, target, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert snapshot(snap_compare, target, monkeypatch, (160, 48))


async def test_T_asks_for_a_payload_and_keeps_one_it_cannot_read(target) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import Input

    from playground.ui.common.dialogs import PromptDialog
    from tests.ui.hostile import MARK, markup_watch

    w = build_trace_world(target)
    app = make_app(target)
    notices = Notices()
    with markup_watch() as parsed:
        async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
            screen = await open_flows(pilot)
            await to_line(pilot, screen, "topic orders")
            await pilot.press("T")
            await wait_for(pilot, lambda: isinstance(app.screen, PromptDialog), what="the dialog")
            app.screen.query_one(Input).value = '{"a": [1, 2'
            await pilot.press("enter")
            await settle(pilot)
            assert screen.trace is None
            assert any(m.startswith("the payload is not valid JSON") for m in notices.messages)
            await pilot.press("T")
            await wait_for(pilot, lambda: isinstance(app.screen, PromptDialog), what="again")
            field = app.screen.query_one(Input)
            assert field.value == '{"a": [1, 2'  # what was typed is still there
            field.value = json.dumps({"kind": f"{MARK}[/x] [bold]b"})
            await pilot.press("enter")
            panel = screen.query_one(TracePanel)
            await wait_for(pilot, lambda: bool(panel.summary), timeout=30, what="the summary")
            published = next(h for h, _ in screen.lit if h.what == "published")
            assert json.loads(published.payload or "")["kind"] == f"{MARK}[/x] [bold]b"
            assert screen.marks[w.audit] == "reached"
    assert parsed == []


async def test_a_target_that_cannot_peek_asks_before_receiving(target) -> None:  # type: ignore[no-untyped-def]
    from playground.targets.endpoint import EndpointTarget
    from playground.ui.common.dialogs import ConfirmDialog

    w = build_trace_world(target)
    other = EndpointTarget(target.endpoint_url or "", region=target.region)
    other.start()
    app = make_app(other)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_flows(pilot)
        await to_line(pilot, screen, "topic orders")
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the question")
        assert screen.trace is None  # nothing sent before the answer
        await pilot.press("n")  # no: count instead
        panel = screen.query_one(TracePanel)
        await wait_for(pilot, lambda: bool(panel.summary), timeout=30, what="the summary")
        audit = next(h for h, _ in screen.lit if h.title == "queue audit")
        assert audit.what == "1 message(s) now (counted, not read)"
        assert screen.marks[w.audit] == "reached"
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="again")
        await pilot.press("y")  # yes: receive with a zero visibility timeout
        await wait_for(pilot, lambda: bool(panel.summary) and any(
            h.title == "queue audit" and h.what == "received" for h, _ in screen.lit),
            timeout=30, what="the received hop")
