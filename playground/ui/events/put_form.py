"""Put events: source, detail-type, detail JSON and bus, checked locally before PutEvents."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from playground.aws.events.delivery import RuleSummary
from playground.aws.events.validate import MAX_ENTRY_BYTES, check_put_event
from playground.aws.validation import Issue, blocking
from playground.patterns import EventError, PatternError, match_event_pattern
from playground.patterns.json_input import parse_json
from playground.ui.common.issues import issue_lines
from playground.ui.common.paste import limited
from playground.ui.common.text import cell, markup, plain

DEFAULT_DETAIL = '{\n  "order-id": "ord-1042",\n  "state": "placed",\n  "price": 150\n}'


@dataclass(frozen=True)
class PutRequest:
    bus: str
    source: str
    detail_type: str
    detail: dict[str, Any]


@dataclass(frozen=True)
class RuleVerdict:
    """Would this rule of the bus take the event just put, and if not, the first reason."""

    rule: RuleSummary
    matched: bool
    why: str = ""


def judge_rules(request: PutRequest, event_id: str | None,
                rules: list[RuleSummary]) -> list[RuleVerdict]:
    """Match the accepted event against each rule's pattern: called in the put worker, never on
    the event loop (a pattern read from the target may be as big as the API allows)."""
    event = {"version": "0", "id": event_id, "source": request.source,
             "detail-type": request.detail_type, "detail": request.detail}
    verdicts = []
    for rule in rules:
        if rule.pattern is None:
            continue
        try:
            result = match_event_pattern(rule.pattern, event)
        except (PatternError, EventError):
            continue
        why = "" if result.matched else (result.failed[0].text if result.failed
                                         else result.summary)
        verdicts.append(RuleVerdict(rule, result.matched, why))
    return verdicts


class PutEventForm(Vertical):
    BINDINGS = [Binding("ctrl+s", "put", "Put event", id="events.put")]

    class Put(Message):
        def __init__(self, request: PutRequest) -> None:
            self.request = request
            super().__init__()

    def compose(self) -> ComposeResult:
        with Horizontal(classes="put-row"):
            yield Label("bus", classes="put-label")
            yield Select([("default", "default")], value="default", allow_blank=False,
                         compact=True, id="put-bus")
        with Horizontal(classes="put-row"):
            yield Label("source", classes="put-label")
            yield Input("com.example.orders", compact=True, id="put-source")
        with Horizontal(classes="put-row"):
            yield Label("detail-type", classes="put-label")
            yield Input("Order Placed", compact=True, id="put-type")
        yield Label("detail (a JSON object)", classes="put-label", id="put-detail-label")
        yield limited(TextArea(DEFAULT_DETAIL, id="put-detail", tab_behavior="focus"),
                      MAX_ENTRY_BYTES, "a PutEvents entry is under 1 MB")
        with Horizontal(classes="put-row"):
            yield Button("Put event ^s", compact=True, variant="primary", id="put-send")
        yield Static("", id="put-result")

    def set_buses(self, buses: list[str], current: str | None) -> None:
        select = self.query_one("#put-bus", Select)
        value = select.value
        select.set_options([(cell(b), b) for b in buses])
        keep = value if value in buses else (current if current in buses else "default")
        if keep in buses:
            select.value = keep

    @property
    def bus(self) -> str:
        return str(self.query_one("#put-bus", Select).value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_put()

    def action_put(self) -> None:
        source = self.query_one("#put-source", Input).value.strip()
        detail_type = self.query_one("#put-type", Input).value.strip()
        detail = self.query_one("#put-detail", TextArea).text
        issues = check_put_event(source, detail_type, detail)
        self.show_issues(issues)
        if blocking(issues):
            return
        self.post_message(self.Put(PutRequest(self.bus, source, detail_type, parse_json(detail))))

    def show_issues(self, issues: list[Issue]) -> None:
        self.query_one("#put-result", Static).update(issue_lines(issues))
        if issues:
            self._bring_up_result()

    def _bring_up_result(self) -> None:
        """On a short terminal the lines under the button sit below the fold: scroll to them."""
        self.call_after_refresh(self.query_one("#put-result", Static).scroll_visible,
                                animate=False)

    def show_result(self, request: PutRequest, event_id: str | None, error: str | None,
                    verdicts: list[RuleVerdict], rules_error: str | None = None) -> None:
        """What PutEvents said, and which rules take the event (names and reasons as text)."""
        out = self.query_one("#put-result", Static)
        if error:
            out.update(plain(f"✗ PutEvents refused it: {error}", "red"))
            self._bring_up_result()
            return
        lines = [markup("[green]✓ accepted on $bus[/] (event id $id)", bus=request.bus,
                        id=event_id)]
        for verdict in verdicts:
            rule = verdict.rule
            if verdict.matched:
                where = ", ".join(t.name for t in rule.targets) or "no target"
                state = "" if rule.enabled else " [dim](disabled: it will not fire)[/]"
                lines.append(markup(f"  → rule $rule matches: goes to $where{state}",
                                    rule=rule.name, where=where))
            else:
                lines.append(markup("  [dim]✗ rule $rule: $why[/]", rule=rule.name,
                                    why=verdict.why))
        if rules_error is not None:
            lines.append(plain(f"  could not read the rules of {request.bus}: {rules_error}",
                               "yellow"))
        elif len(lines) == 1:
            lines.append(markup("  [dim]no rule on $bus has an event pattern: the event goes "
                                "nowhere[/]", bus=request.bus))
        out.update(Content("\n").join(lines))
        self._bring_up_result()
