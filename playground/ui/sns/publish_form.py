"""The publish form: message, subject, attributes, FIFO group and dedup ids, batches of N."""

from __future__ import annotations

import time
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, ProgressBar, Select, Static, TextArea

from playground.aws.sns.service import is_fifo_topic, topic_name
from playground.aws.sns.validate import (
    ATTRIBUTE_TYPES,
    DEFAULT_MAX_MESSAGE_BYTES,
    AttributeRow,
    check_publish,
)
from playground.aws.validation import Issue, blocking, whole_number
from playground.ui.common.issues import issue_lines
from playground.ui.common.paste import limited
from playground.ui.common.text import plain

DEFAULT_MESSAGE = '{"order": 1042, "item": "book"}'
MAX_PUBLISH_BYTES = 1_048_576
"""The most a topic's MaximumMessageSize can be raised to: the paste limit of the message."""
MAX_BATCH_COUNT = 1000


@dataclass(frozen=True)
class PublishRequest:
    topic_arn: str
    message: str
    subject: str
    rows: tuple[AttributeRow, ...]
    group_id: str
    dedup_id: str
    count: int = 1


class AttributeEditor(Horizontal):
    """One message attribute: name, String/Number/String.Array/Binary, value, remove."""

    def __init__(self, name: str = "", data_type: str = "String", value: str = "") -> None:
        super().__init__(classes="pub-attr")
        self._initial = (name, data_type, value)

    def compose(self) -> ComposeResult:
        name, data_type, value = self._initial
        yield Input(name, placeholder="name", compact=True, classes="attr-name")
        yield Select([(t, t) for t in ATTRIBUTE_TYPES], value=data_type, allow_blank=False,
                     compact=True, classes="attr-type")
        yield limited(Input(value, placeholder="value", compact=True, classes="attr-value"),
                      MAX_PUBLISH_BYTES, "SNS's largest message, with its attributes")
        yield Button("×", compact=True, classes="attr-remove")

    @property
    def row(self) -> AttributeRow:
        return AttributeRow(self.query_one(".attr-name", Input).value,
                            str(self.query_one(".attr-type", Select).value),
                            self.query_one(".attr-value", Input).value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.remove()


class PublishForm(Vertical):
    """Checks locally first (pure rules), then asks the screen to publish; content is kept."""

    BINDINGS = [Binding("ctrl+s", "publish", "Publish", id="sns.publish")]

    class Publish(Message):
        def __init__(self, request: PublishRequest) -> None:
            self.request = request
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._progress_at = 0.0
        self.topic_arn: str | None = None
        self.topic_attributes: dict[str, str] = {}
        self.raw_subscribers = 0

    def compose(self) -> ComposeResult:
        yield limited(TextArea(DEFAULT_MESSAGE, id="pub-message", soft_wrap=True,
                               tab_behavior="focus"),
                      MAX_PUBLISH_BYTES, "SNS's largest message; 256 KiB unless the topic allows more")
        # Subject and the FIFO ids share a row when wide and take a row each when narrow.
        with Horizontal(id="pub-ids"):
            with Horizontal(classes="pub-row", id="pub-subject-row"):
                yield Label("subject", classes="pub-label")
                yield Input(placeholder="optional", compact=True, id="pub-subject")
            with Horizontal(classes="pub-row", id="pub-fifo-row"):
                yield Label("group", classes="pub-label-short")
                yield Input(placeholder="FIFO only", compact=True, id="pub-group")
                yield Label("dedup", classes="pub-label-short")
                yield Input(placeholder="FIFO only", compact=True, id="pub-dedup")
        with Horizontal(classes="pub-row"):
            yield Label("attributes", classes="pub-label")
            yield Button("+ attribute", compact=True, id="pub-attr-add")
        yield Vertical(id="pub-attrs")
        with Horizontal(classes="pub-row", id="pub-buttons"):
            yield Button("Publish ^s", compact=True, variant="primary", id="pub-one")
            yield Button("Batch of", compact=True, id="pub-batch")
            yield Input("10", compact=True, id="pub-count", type="integer")
            yield ProgressBar(total=1, show_eta=False, id="pub-progress")
        yield Static("", id="pub-issues")

    def on_mount(self) -> None:
        self.query_one("#pub-progress", ProgressBar).display = False

    # --- the topic the form aims at -------------------------------------------------------------
    def set_topic(self, topic_arn: str | None, attributes: dict[str, str] | None = None,
                  raw_subscribers: int = 0) -> None:
        self.topic_arn = topic_arn
        self.topic_attributes = dict(attributes or {})
        self.raw_subscribers = raw_subscribers
        if topic_arn is None:
            # 2: the workbench's key for this pane (SnsWorkbench.PANES)
            self.border_title = "2 Publish: pick or create a topic (n)"
            return
        kind = "FIFO" if self.fifo else "standard"
        if self.content_dedup:
            kind += ", content-based dedup"
        self.border_title = plain(f"2 Publish to {topic_name(topic_arn)} ({kind})")

    @property
    def fifo(self) -> bool:
        return bool(self.topic_arn and is_fifo_topic(self.topic_arn))

    @property
    def content_dedup(self) -> bool:
        return self.topic_attributes.get("ContentBasedDeduplication") == "true"

    @property
    def max_bytes(self) -> int:
        try:
            return int(self.topic_attributes.get("MaximumMessageSize", DEFAULT_MAX_MESSAGE_BYTES))
        except ValueError:
            return DEFAULT_MAX_MESSAGE_BYTES

    # --- reading the form ------------------------------------------------------------------------
    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value

    def request(self, count: int = 1) -> PublishRequest:
        return PublishRequest(
            self.topic_arn or "", self.query_one("#pub-message", TextArea).text,
            self._value("pub-subject"), tuple(e.row for e in self.query(AttributeEditor)),
            self._value("pub-group").strip(), self._value("pub-dedup").strip(), count)

    def validate(self, request: PublishRequest) -> list[Issue]:
        return check_publish(request.message, request.subject, list(request.rows),
                             fifo=self.fifo, content_dedup=self.content_dedup,
                             group_id=request.group_id, dedup_id=request.dedup_id,
                             max_bytes=self.max_bytes, raw_subscribers=self.raw_subscribers)

    def add_attribute(self, name: str = "", data_type: str = "String", value: str = "") -> None:
        editor = AttributeEditor(name, data_type, value)
        self.query_one("#pub-attrs", Vertical).mount(editor)
        if not name:
            self.call_after_refresh(lambda: editor.query_one(".attr-name", Input).focus())

    # --- actions ---------------------------------------------------------------------------------
    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "pub-attr-add":
            event.stop()
            self.add_attribute()
        elif event.button.id == "pub-one":
            event.stop()
            self.action_publish()
        elif event.button.id == "pub-batch":
            event.stop()
            self.action_batch()

    def action_publish(self) -> None:
        self._submit(1)

    def action_batch(self) -> None:
        raw = self._value("pub-count").strip()
        count = whole_number(raw, MAX_BATCH_COUNT) or 0
        if not 1 <= count <= MAX_BATCH_COUNT:
            self.show_issues([Issue("batch", f"publish between 1 and {MAX_BATCH_COUNT} copies")])
            return
        self._submit(count)

    def _submit(self, count: int) -> None:
        if self.topic_arn is None:
            self.show_issues([Issue("topic", "pick a topic first, or n to create one")])
            return
        request = self.request(count)
        issues = self.validate(request)
        self.show_issues(issues)
        if not blocking(issues):
            self.post_message(self.Publish(request))

    def show_issues(self, issues: list[Issue]) -> None:
        box = self.query_one("#pub-issues", Static)
        box.update(issue_lines(issues))
        if issues:  # on a short terminal they sit below the fold of the form: bring them up
            self.call_after_refresh(box.scroll_visible, animate=False)

    def show_progress(self, done: int, total: int) -> None:
        # A big batch reports every PublishBatch call; a tenth of a second is smooth enough.
        now = time.monotonic()
        if 0 < done < total and now - self._progress_at < 0.1:
            return
        self._progress_at = now
        bar = self.query_one("#pub-progress", ProgressBar)
        bar.display = total > 1 and done < total
        bar.update(total=total, progress=done)
