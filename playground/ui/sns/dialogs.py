"""SNS dialogs: new topic, subscribe a new queue, edit a subscription's filter policy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, Label, Static

from playground.aws.sns.validate import check_queue_name, check_topic_name
from playground.aws.validation import Issue
from playground.patterns import PatternError
from playground.ui.common.dialogs import FormDialog
from playground.ui.common.text import plain
from playground.ui.sns.filter_editor import FilterPolicyEditor


@dataclass(frozen=True)
class NewTopic:
    name: str
    fifo: bool
    content_dedup: bool


@dataclass(frozen=True)
class NewSubscription:
    queue_name: str
    raw: bool
    fifo_queue: bool
    policy: dict[str, Any] | None
    scope: str


@dataclass(frozen=True)
class PolicyChange:
    policy: dict[str, Any] | None
    scope: str


class SnsFormDialog(FormDialog):
    CSS_PATH = "dialogs.tcss"


class NewTopicDialog(SnsFormDialog):
    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog sns-dialog"):
            yield Label("New SNS topic", classes="dialog-title")
            yield Input(placeholder="e.g. orders", id="topic-name")
            yield Checkbox("FIFO topic (ordered per message group, deduplicated; name ends "
                           "in .fifo)", id="topic-fifo")
            yield Checkbox("content-based deduplication (FIFO only)", id="topic-dedup")
            yield from self.buttons("Create")

    def action_ok(self) -> None:
        name = self.query_one("#topic-name", Input).value.strip()
        fifo = self.query_one("#topic-fifo", Checkbox).value or name.endswith(".fifo")
        dedup = self.query_one("#topic-dedup", Checkbox).value
        issues = check_topic_name(name, fifo)
        if dedup and not fifo:
            issues.append(Issue("content-based deduplication", "only FIFO topics have it"))
        if issues:
            self.errors(issues)
            return
        self.dismiss(NewTopic(name, fifo, dedup))


class SubscribeDialog(SnsFormDialog):
    """A new SQS queue subscribed to the topic, with its delivery mode and filter policy."""

    def __init__(self, topic: str, fifo_topic: bool, suggested: str) -> None:
        super().__init__()
        self.topic = topic
        self.fifo_topic = fifo_topic
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog sns-dialog sns-dialog-wide"):
            yield Label(plain(f"Subscribe a new SQS queue to {self.topic}"), classes="dialog-title")
            yield Input(self.suggested, placeholder="queue name", id="sub-queue")
            yield Checkbox("raw message delivery (no SNS JSON envelope)", id="sub-raw")
            fifo = Checkbox("FIFO queue (a FIFO topic can also deliver to a standard queue)",
                            value=self.fifo_topic, id="sub-fifo")
            fifo.display = self.fifo_topic
            yield fifo
            yield FilterPolicyEditor(id="sub-policy")
            yield from self.buttons("Subscribe")

    def action_ok(self) -> None:
        name = self.query_one("#sub-queue", Input).value.strip()
        fifo = self.query_one("#sub-fifo", Checkbox).value
        if fifo and name.endswith(".fifo"):
            name = name[:-5]
        issues = check_queue_name(name, False)
        editor = self.query_one(FilterPolicyEditor)
        try:
            policy = editor.value()
        except PatternError as exc:
            issues.append(Issue("filter policy", str(exc)))
            policy = None
        if issues:
            self.errors(issues)
            return
        raw = self.query_one("#sub-raw", Checkbox).value
        self.dismiss(NewSubscription(name, raw, fifo, policy, editor.scope))


class FilterPolicyDialog(SnsFormDialog):
    def __init__(self, queue: str, policy: dict[str, Any] | None, scope: str) -> None:
        super().__init__()
        self.queue = queue
        self.policy = policy
        self.scope = scope

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog sns-dialog sns-dialog-wide"):
            yield Label(plain(f"Filter policy of {self.queue}"), classes="dialog-title")
            yield Static("Empty removes the policy. Keys name message attributes (or body "
                         "fields); values list what is accepted.", classes="hint")
            yield FilterPolicyEditor(self.policy, self.scope, id="edit-policy")
            yield from self.buttons("Save")

    def on_mount(self) -> None:
        self.query_one(".filter-text").focus()

    def action_ok(self) -> None:
        editor = self.query_one(FilterPolicyEditor)
        try:
            policy = editor.value()
        except PatternError as exc:
            self.errors([Issue("filter policy", str(exc))])
            return
        self.dismiss(PolicyChange(policy, editor.scope))
