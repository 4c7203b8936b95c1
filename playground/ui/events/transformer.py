"""Input transformer: paths and template, the preview before the target is saved, and the
message the target queue actually received after a test event."""

from __future__ import annotations

import json
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from playground.aws.events.transform import Preview, TransformError, apply_transformer, load_paths
from playground.aws.events.validate import check_name
from playground.aws.sns.validate import check_queue_name
from playground.aws.validation import Issue
from playground.patterns.json_input import parse_json
from playground.ui.common.issues import issue_lines
from playground.ui.common.paste import limited
from playground.ui.common.text import cell, clean, plain

DEFAULT_PATHS = ('{\n  "order": "$.detail.order-id",\n  "price": "$.detail.price",\n'
                 '  "who": "$.detail.customer.name"\n}')
DEFAULT_TEMPLATE = '{"order": <order>, "total": <price>, "text": "<who> ordered <order>"}'
TRANSFORMER_PASTE_BYTES = 64 * 1024
"""Pastes up to this size reach the transformer fields, whose own limits are explained there."""


def same_output(delivered: str, preview: Preview) -> bool:
    if preview.json_template and preview.valid_json:
        try:
            return bool(parse_json(delivered) == parse_json(preview.output))
        except ValueError:  # not JSON, or deeper than the playground reads
            return False
    return delivered == preview.output


class TransformerPane(Vertical):
    """Previews locally on every change; saving and trying go through the screen's workers."""

    class Save(Message):
        def __init__(self, rule: str, bus: str, queue: str, transformer: dict[str, Any]) -> None:
            self.rule = rule
            self.bus = bus
            self.queue = queue
            self.transformer = transformer
            super().__init__()

    class Try(Message):
        def __init__(self, bus: str, queue: str, event: dict[str, Any]) -> None:
            self.bus = bus
            self.queue = queue
            self.event = event
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.event: dict[str, Any] | None = None
        self.preview: Preview | None = None
        self.bus = "default"
        self.rule_arns: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="tx-top"):
            with Vertical(id="tx-inputs"):
                yield Label("InputPathsMap: variable name → JSONPath in the event", classes="tx-label")
                yield limited(TextArea(DEFAULT_PATHS, id="tx-paths", tab_behavior="focus"),
                              TRANSFORMER_PASTE_BYTES, "InputPathsMap takes at most 100 paths")
                yield Label("InputTemplate: <variable> placeholders", classes="tx-label")
                yield limited(TextArea(DEFAULT_TEMPLATE, id="tx-template", tab_behavior="focus"),
                              TRANSFORMER_PASTE_BYTES, "InputTemplate takes at most 8,192 characters")
            with VerticalScroll(id="tx-preview-box"):
                yield Static("", id="tx-preview")
        with Horizontal(classes="tx-row"):
            yield Label("rule", classes="tx-small")
            yield Select([], prompt="pick a rule…", compact=True, id="tx-rule")
            yield Label("queue", classes="tx-small")
            yield Input("transformed", compact=True, id="tx-queue")
            yield Button("Save target", compact=True, variant="primary", id="tx-save")
            yield Button("Try: put the event", compact=True, id="tx-try")
        yield Static("", id="tx-delivered")

    def on_mount(self) -> None:
        self.refresh_preview()

    # --- inputs from the screen --------------------------------------------------------------
    def set_event(self, event: dict[str, Any] | None) -> None:
        self.event = event
        self.refresh_preview()

    def set_rules(self, bus: str, rules: dict[str, str]) -> None:
        """Rule name -> ARN for the bus the Rules tab shows."""
        self.bus, self.rule_arns = bus, rules
        select = self.query_one("#tx-rule", Select)
        value = select.value
        select.set_options([(cell(name), name) for name in rules])
        if value in rules:
            select.value = value

    # --- preview ---------------------------------------------------------------------------------
    @property
    def paths_text(self) -> str:
        return self.query_one("#tx-paths", TextArea).text

    @property
    def template(self) -> str:
        return self.query_one("#tx-template", TextArea).text

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.refresh_preview()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.refresh_preview()

    def refresh_preview(self) -> None:
        box = self.query_one("#tx-preview", Static)
        self.preview = None
        if self.event is None:
            box.update("[dim]The sample event is the one in the Pattern sandbox (tab 3); make it "
                       "valid JSON there.[/]")
            return
        rule = self.query_one("#tx-rule", Select).value
        rule_name = str(rule) if rule is not Select.NULL else "my-rule"
        try:
            rule_arn = self.rule_arns.get(rule_name, f"arn:aws:events:…:rule/{rule_name}")
            preview = apply_transformer(self.paths_text, self.template, self.event,
                                        rule_name=rule_name, rule_arn=rule_arn)
        except TransformError as exc:
            box.update(plain(f"✗ {exc}", "bold red"))
            return
        self.preview = preview
        text = Text()
        text.append("What the target receives", style="bold")
        text.append(" (JSON, minified)\n" if preview.json_template else " (text)\n", style="dim")
        text.append(clean(preview.output) + "\n", style="green" if preview.valid_json else "yellow")
        text.append("\nvariables\n", style="bold")
        for var in preview.variables:
            source = var.path or "predefined"
            value = var.value if isinstance(var.value, str) else json.dumps(var.value)
            shown = value if len(value) <= 60 else value[:59] + "…"
            style = "" if var.found else "yellow"
            text.append(clean(f"  <{var.name}> {source} = {shown!s}"
                              + ("" if var.found else " (missing)") + "\n"), style=style)
        for note in preview.notes:
            text.append(clean(f"! {note}\n"), style="yellow")
        box.update(text)

    # --- actions ----------------------------------------------------------------------------------
    def _target(self) -> tuple[str, str] | None:
        rule = self.query_one("#tx-rule", Select).value
        queue = self.query_one("#tx-queue", Input).value.strip()
        problems = [] if rule is not Select.NULL else [
            Issue("rule", "pick the rule whose target this is")]
        problems += check_queue_name(queue, False)
        problems += check_name("target id", queue[:64]) if queue else []
        if problems:
            self.show_delivered(issue_lines(problems))
            return None
        return str(rule), queue

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "tx-save":
            self.action_save()
        else:
            self.action_try()

    def action_save(self) -> None:
        target = self._target()
        if target is None:
            return
        if self.preview is None:
            self.show_delivered("[red]✗ fix the transformer first: nothing is saved while it is "
                                "invalid[/]")
            return
        try:
            paths = load_paths(self.paths_text or "{}")
        except TransformError as exc:
            self.show_delivered(plain(f"✗ {exc}", "red"))
            return
        transformer = {"InputPathsMap": paths, "InputTemplate": self.template}
        self.post_message(self.Save(target[0], self.bus, target[1], transformer))

    def action_try(self) -> None:
        target = self._target()
        if target is None or self.event is None:
            return
        self.show_delivered("[dim]putting the sample event on the bus, then reading the queue…[/]")
        self.post_message(self.Try(self.bus, target[1], self.event))

    def show_delivered(self, markup: str | Text | Content) -> None:
        self.query_one("#tx-delivered", Static).update(markup)

    def show_bodies(self, bodies: list[str], error: str | None) -> None:
        if error:
            self.show_delivered(issue_lines([error]))  # the target's words: text, not markup
            return
        if not bodies:
            self.show_delivered("[yellow]Nothing arrived: does the rule's pattern match the sample "
                                "event, and is the rule enabled?[/]")
            return
        text = Text()
        text.append("Delivered to the queue:\n", style="bold")
        text.append(clean(bodies[-1]) + "\n")
        if self.preview is not None and same_output(bodies[-1], self.preview):
            text.append("✓ same as the preview", style="green")
        else:
            text.append("≠ differs from the preview (id, time and ingestion-time change per event; "
                        "else see docs/parity-notes.md)", style="yellow")
        self.show_delivered(text)
