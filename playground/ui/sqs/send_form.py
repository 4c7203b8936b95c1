"""The send form: body, message attributes, delay, FIFO group and deduplication ids, batches."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Label, ProgressBar, Select, Static, TextArea

from playground.aws.sqs.service import QueueSummary
from playground.aws.sqs.validate import (
    ATTRIBUTE_TYPES,
    MAX_MESSAGE_BYTES_DEFAULT,
    AttributeRow,
    check_send,
    looks_like_json,
    message_attributes,
    message_size,
)
from playground.aws.validation import Issue, whole_number
from playground.ui.common.issues import issue_messages
from playground.ui.common.paste import limited
from playground.ui.common.text import markup

DEFAULT_BODY = '{"order": 1, "item": "book"}'
MAX_BATCH_COUNT = 1000


@dataclass(frozen=True)
class SendRequest:
    queue_url: str
    body: str
    attributes: dict[str, dict[str, object]] = field(default_factory=dict)
    delay: int | None = None
    group_id: str | None = None
    dedup_id: str | None = None


class AttributeEditor(Horizontal):
    """One message attribute: name, String/Number/Binary, value, remove."""

    def compose(self) -> ComposeResult:
        yield Input(placeholder="name", compact=True, classes="attr-name")
        yield Select([(t, t) for t in ATTRIBUTE_TYPES], value="String", allow_blank=False,
                     compact=True, classes="attr-type")
        yield limited(Input(placeholder="value", compact=True, classes="attr-value"),
                      MAX_MESSAGE_BYTES_DEFAULT, "SQS's limit for a message with its attributes")
        yield Button("×", compact=True, classes="attr-remove")

    @property
    def row(self) -> AttributeRow:
        kind = self.query_one(".attr-type", Select).value
        return AttributeRow(self.query_one(".attr-name", Input).value, str(kind),
                            self.query_one(".attr-value", Input).value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.remove()


class SendForm(Vertical):
    """Validates locally first (pure checks), then asks the screen to send; content is kept."""

    BINDINGS = [Binding("ctrl+s", "send", "Send", id="sqs.send")]

    class Send(Message):
        def __init__(self, request: SendRequest) -> None:
            self.request = request
            super().__init__()

    class Batch(Message):
        def __init__(self, queue_url: str, count: int, group_id: str | None) -> None:
            self.queue_url = queue_url
            self.count = count
            self.group_id = group_id
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.queue: QueueSummary | None = None
        self._warned_body: str | None = None

    def compose(self) -> ComposeResult:
        yield Static("Send: select a queue", id="send-title")
        with VerticalScroll(id="send-scroll"):
            yield limited(TextArea(DEFAULT_BODY, id="send-body", soft_wrap=True,
                                   tab_behavior="focus"),
                          MAX_MESSAGE_BYTES_DEFAULT, "SQS's limit for a message")
            yield Static("", id="send-body-status")
            with Horizontal(classes="send-row"):
                yield Label("attributes", classes="send-label")
                yield Button("+ add", compact=True, id="attr-add")
            yield Vertical(id="attr-rows")
            with Horizontal(classes="send-row"):
                yield Label("delay s", classes="send-label")
                yield Input(placeholder="queue default", compact=True, id="send-delay")
            with Horizontal(classes="send-row"):
                yield Label("group id", classes="send-label")
                yield Input(placeholder="FIFO: required", compact=True, id="send-group")
            with Horizontal(classes="send-row"):
                yield Label("dedup id", classes="send-label")
                yield Input(placeholder="FIFO only", compact=True, id="send-dedup")
            with Horizontal(classes="send-row", id="send-buttons"):
                yield Button("Send ^s", compact=True, variant="primary", id="send-one")
                yield Button("Batch of", compact=True, id="send-batch")
                yield Input("10", compact=True, id="send-count", type="integer")
            yield ProgressBar(total=1, show_eta=False, id="send-progress")
            yield Static("", id="send-errors")
            yield Static("", id="send-result")

    def on_mount(self) -> None:
        self.query_one("#send-progress", ProgressBar).display = False
        self._update_body_status()

    # --- the queue the form aims at ------------------------------------------------------------
    def set_queue(self, queue: QueueSummary | None) -> None:
        self.queue = queue
        title = self.query_one("#send-title", Static)
        if queue is None:
            title.update("Send: select a queue")
            return
        kind = "FIFO" + (", content dedup" if self.content_dedup else "") if queue.fifo \
            else "standard"
        title.update(markup("[b]Send to $name[/b] [dim]($kind)[/]", name=queue.name, kind=kind))
        self._update_body_status()

    @property
    def content_dedup(self) -> bool:
        return bool(self.queue and self.queue.attributes.get("ContentBasedDeduplication") == "true")

    @property
    def max_bytes(self) -> int:
        if self.queue is None:
            return MAX_MESSAGE_BYTES_DEFAULT
        try:
            return int(self.queue.attributes.get("MaximumMessageSize", MAX_MESSAGE_BYTES_DEFAULT))
        except ValueError:
            return MAX_MESSAGE_BYTES_DEFAULT

    # --- reading the form ----------------------------------------------------------------------
    @property
    def body(self) -> str:
        return self.query_one("#send-body", TextArea).text

    @property
    def rows(self) -> list[AttributeRow]:
        return [editor.row for editor in self.query(AttributeEditor)]

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value

    def validate(self) -> list[Issue]:
        queue = self.queue
        return check_send(self.body, self.rows, delay=self._value("send-delay"),
                          group_id=self._value("send-group"), dedup_id=self._value("send-dedup"),
                          fifo=bool(queue and queue.fifo), content_dedup=self.content_dedup,
                          max_bytes=self.max_bytes)

    def on_text_area_changed(self, _: TextArea.Changed) -> None:
        self._update_body_status()

    def _update_body_status(self) -> None:
        body = self.body
        size = message_size(body, [r for r in self.rows if r.name])
        kind = "text"
        if looks_like_json(body):
            kind = "JSON ✓" if not any(i.severity == "warning" for i in self.validate()) \
                else "[yellow]JSON? not valid[/]"
        over = size > self.max_bytes
        size_text = f"{size:,} of {self.max_bytes:,} bytes"
        self.query_one("#send-body-status", Static).update(markup(
            f"{kind} · " + ("[red]$size[/]" if over else "[dim]$size[/]"), size=size_text))

    # --- actions ------------------------------------------------------------------------------
    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "attr-add":
            event.stop()
            editor = AttributeEditor(classes="attr-row")
            self.query_one("#attr-rows", Vertical).mount(editor)
            self.call_after_refresh(lambda: editor.query_one(".attr-name", Input).focus())
        elif event.button.id == "send-one":
            event.stop()
            self.action_send()
        elif event.button.id == "send-batch":
            event.stop()
            self.action_batch()

    def action_send(self) -> None:
        queue = self.queue
        if queue is None:
            self.show_issues([Issue("queue", "Select a queue first (or n to create one).")])
            return
        issues = self.validate()
        blocking = [i for i in issues if i.blocking]
        warnings = [i for i in issues if not i.blocking]
        if blocking or (warnings and self._warned_body != self.body):
            self._warned_body = self.body if warnings and not blocking else None
            self.show_issues(blocking + warnings)
            return
        self._warned_body = None
        self.show_issues([])
        delay = self._value("send-delay").strip()
        rows = self.rows
        self.post_message(self.Send(SendRequest(
            queue.url, self.body, message_attributes(rows), int(delay) if delay else None,
            self._value("send-group").strip() or None, self._value("send-dedup").strip() or None)))

    def action_batch(self) -> None:
        queue = self.queue
        if queue is None:
            self.show_issues([Issue("queue", "Select a queue first (or n to create one).")])
            return
        text = self._value("send-count").strip()
        count = whole_number(text, MAX_BATCH_COUNT)
        if not count:
            self.show_issues([Issue("count", f"A batch is 1 to {MAX_BATCH_COUNT} messages.")])
            return
        self.show_issues([])
        self.post_message(self.Batch(queue.url, count, self._value("send-group").strip() or None))

    # --- showing outcomes ---------------------------------------------------------------------
    def show_issues(self, issues: list[Issue]) -> None:
        marks = {"delay": "#send-delay", "group_id": "#send-group", "dedup_id": "#send-dedup",
                 "count": "#send-count"}
        fields = {i.field for i in issues}
        for name, selector in marks.items():
            self.query_one(selector, Input).set_class(name in fields, "-invalid")
        editors = list(self.query(AttributeEditor))
        for n, editor in enumerate(editors):
            for part in ("name", "value"):
                editor.query_one(f".attr-{part}", Input).set_class(
                    f"attr:{n}:{part}" in fields, "-invalid")
        self.query_one("#send-body", TextArea).set_class("body" in fields, "-invalid")
        self.query_one("#send-errors", Static).update(issue_messages(issues))
        if issues:
            self.query_one("#send-result", Static).update("")

    def show_result(self, text: str, *, error: bool = False) -> None:
        if error:
            self.query_one("#send-errors", Static).update(issue_messages([text]))
            self.query_one("#send-result", Static).update("")
        else:
            self.query_one("#send-errors", Static).update("")
            self.query_one("#send-result", Static).update(Content.assemble(("✓", "green"), " ", text))

    def show_progress(self, done: int, total: int) -> None:
        bar = self.query_one("#send-progress", ProgressBar)
        bar.display = total > 1
        bar.update(total=total, progress=done)
