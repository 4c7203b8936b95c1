"""EventBridge dialogs: new bus, rule with its pattern, target, archive, replay."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from playground.aws.events.validate import (
    check_archive,
    check_name,
    check_pattern_size,
    check_replay,
)
from playground.aws.sns.validate import check_queue_name
from playground.aws.validation import Issue
from playground.patterns import PatternError, validate_event_pattern
from playground.ui.common.dialogs import FormDialog
from playground.ui.common.issues import issue_lines
from playground.ui.common.paste import limited
from playground.ui.common.text import plain
from playground.ui.events.pattern_sandbox import PATTERN_PASTE_BYTES

TARGET_CHOICES = (("SQS queue (created if missing)", "sqs"), ("SNS topic ARN", "sns"),
                  ("Step Functions state machine ARN", "states"))


@dataclass(frozen=True)
class NewRule:
    name: str
    pattern: dict[str, Any]
    enabled: bool


@dataclass(frozen=True)
class NewTarget:
    kind: str
    value: str
    """Queue name for sqs, else the ARN."""
    target_id: str
    role_arn: str | None


@dataclass(frozen=True)
class NewArchive:
    name: str
    retention_days: int


@dataclass(frozen=True)
class NewReplay:
    name: str
    minutes: int


class EventsDialog(FormDialog):
    CSS_PATH = "dialogs.tcss"

    def field(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()


class NewBusDialog(EventsDialog):
    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("New custom event bus", classes="dialog-title")
            yield Input(placeholder="e.g. shop", id="bus-name")
            yield from self.buttons("Create")

    def action_ok(self) -> None:
        name = self.field("bus-name")
        issues = check_name("bus", name)
        if issues:
            self.errors(issues)
            return
        self.dismiss(name)


class RuleDialog(EventsDialog):
    """A rule's name and pattern; the pattern is checked on every keystroke."""

    def __init__(self, bus: str, pattern: str = "") -> None:
        super().__init__()
        self.bus = bus
        self.pattern = pattern or '{\n  "source": ["com.example.orders"]\n}'

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog events-dialog-wide"):
            yield Label(plain(f"New rule on bus {self.bus}"), classes="dialog-title")
            yield Input(placeholder="rule name, e.g. big-orders", id="rule-name")
            yield Label("event pattern (JSON)", classes="hint")
            yield limited(TextArea(self.pattern, id="rule-pattern", tab_behavior="focus"),
                          PATTERN_PASTE_BYTES, "an event pattern itself takes at most 4,096 characters")
            yield Static("", id="rule-pattern-status")
            yield Checkbox("enabled", value=True, id="rule-enabled")
            yield from self.buttons("Create")

    def on_mount(self) -> None:
        self._check()
        self.query_one("#rule-name", Input).focus()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._check()

    def _pattern(self) -> dict[str, Any]:
        text = self.query_one("#rule-pattern", TextArea).text
        size = check_pattern_size(text)
        if size:
            raise PatternError("", size[0].message)
        return validate_event_pattern(text)

    def _check(self) -> None:
        status = self.query_one("#rule-pattern-status", Static)
        try:
            self._pattern()
        except PatternError as exc:
            status.update(issue_lines([str(exc)]))
        else:
            status.update("[green]✓ a valid event pattern[/]")

    def action_ok(self) -> None:
        issues = check_name("rule", self.field("rule-name"))
        pattern: dict[str, Any] = {}
        try:
            pattern = self._pattern()
        except PatternError as exc:
            issues.append(Issue("event pattern", str(exc)))
        if issues:
            self.errors(issues)
            return
        self.dismiss(NewRule(self.field("rule-name"), pattern,
                             self.query_one("#rule-enabled", Checkbox).value))


class TargetDialog(EventsDialog):
    def __init__(self, rule: str) -> None:
        super().__init__()
        self.rule = rule

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog events-dialog-wide"):
            yield Label(plain(f"Add a target to rule {self.rule}"), classes="dialog-title")
            yield Select(TARGET_CHOICES, value="sqs", allow_blank=False, id="target-kind")
            yield Input(f"{self.rule}-events", placeholder="queue name", id="target-value")
            with Horizontal(classes="events-row"):
                yield Label("target id", classes="events-label")
                yield Input(placeholder="defaults to the resource name", id="target-id")
            yield Input(placeholder="role ARN (state machines on AWS need one; the emulator "
                        "does not)", id="target-role")
            yield Static("", id="target-hint", classes="hint")
            yield from self.buttons("Add target")

    def on_mount(self) -> None:
        self._hint()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._hint()
        value = self.query_one("#target-value", Input)
        if self.kind == "sqs":
            value.placeholder = "queue name"
        else:
            value.value = ""
            value.placeholder = ("arn:aws:sns:REGION:ACCOUNT:TOPIC" if self.kind == "sns"
                                 else "arn:aws:states:REGION:ACCOUNT:stateMachine:NAME")

    @property
    def kind(self) -> str:
        return str(self.query_one("#target-kind", Select).value)

    def _hint(self) -> None:
        hints = {
            "sqs": "The playground adds a queue policy so events.amazonaws.com may send to it.",
            "sns": "The playground adds a topic policy so events.amazonaws.com may publish.",
            "states": "EventBridge starts an execution with the event as input; on AWS it "
                      "needs a role that may call states:StartExecution.",
        }
        self.query_one("#target-role", Input).display = self.kind == "states"
        self.query_one("#target-hint", Static).update(hints[self.kind])

    def action_ok(self) -> None:
        value, kind = self.field("target-value"), self.kind
        issues: list[Issue] = []
        if kind == "sqs":
            issues += check_queue_name(value, value.endswith(".fifo"))
        elif not value.startswith("arn:") or value.split(":")[2:3] != [kind]:
            example = self.query_one("#target-value", Input).placeholder
            issues.append(Issue("target", f"give an ARN like {example}"))
        target_id = self.field("target-id") or value.rsplit(":", 1)[-1][:64]
        issues += check_name("target id", target_id)
        if issues:
            self.errors(issues)
            return
        self.dismiss(NewTarget(kind, value, target_id, self.field("target-role") or None))


class ArchiveDialog(EventsDialog):
    def __init__(self, bus: str) -> None:
        super().__init__()
        self.bus = bus

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(f"Archive the events of bus {self.bus}"), classes="dialog-title")
            yield Input(f"{self.bus.replace('/', '-')[:40]}-archive", id="archive-name")
            with Horizontal(classes="events-row"):
                yield Label("keep days", classes="events-label")
                yield Input("1", id="archive-days", type="integer")
            yield Static("0 keeps events forever. With no pattern every event is archived, "
                         "except replayed ones.", classes="hint")
            yield from self.buttons("Create")

    def action_ok(self) -> None:
        name, days = self.field("archive-name"), self.field("archive-days")
        issues = check_archive(name, days)
        if issues:
            self.errors(issues)
            return
        self.dismiss(NewArchive(name, int(days)))


class ReplayDialog(EventsDialog):
    def __init__(self, archive: str, suggested: str) -> None:
        super().__init__()
        self.archive = archive
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(f"Replay from archive {self.archive}"), classes="dialog-title")
            yield Input(self.suggested, id="replay-name")
            with Horizontal(classes="events-row"):
                yield Label("last minutes", classes="events-label")
                yield Input("15", id="replay-minutes", type="integer")
            yield Static("Events archived in that window go back into the bus, each marked "
                         "with replay-name; rules match them again.", classes="hint")
            yield from self.buttons("Replay")

    def action_ok(self) -> None:
        name, minutes = self.field("replay-name"), self.field("replay-minutes")
        issues = check_replay(name, minutes)
        if issues:
            self.errors(issues)
            return
        self.dismiss(NewReplay(name, int(minutes)))

