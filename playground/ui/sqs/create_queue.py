"""New queue dialog: the common attributes, FIFO, and a dead-letter queue with maxReceiveCount."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from playground.aws.common import error_message
from playground.aws.sqs.create import NEW_DLQ, QueueSpec, check_spec, create_from_spec
from playground.aws.sqs.service import QueueSummary, SqsService
from playground.aws.validation import Issue
from playground.targets import Target, TargetError
from playground.ui.common.issues import issue_messages
from playground.ui.common.text import cell
from playground.ui.common.workers import ReportsWorkerErrors
from playground.ui.sqs.messages import QueueFormFailed

FIELDS = (  # input id, attribute, label, placeholder (says the SQS default, not a value)
    ("q-visibility", "VisibilityTimeout", "visibility timeout s", "default 30"),
    ("q-wait", "ReceiveMessageWaitTimeSeconds", "receive wait s (long poll)", "default 0"),
    ("q-delay", "DelaySeconds", "delivery delay s", "default 0"),
    ("q-retention", "MessageRetentionPeriod", "retention s", "default 4 days"),
    ("q-maxsize", "MaximumMessageSize", "max message bytes", "default 1 MiB"),
)


class CreateQueueDialog(ReportsWorkerErrors, ModalScreen[str | None]):
    """Dismisses with the new queue's URL; a refusal from SQS stays on the form."""

    CSS_PATH = "create_queue.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="sqs.create.cancel"),
        Binding("ctrl+s", "create", "Create", id="sqs.create.submit"),
    ]

    def __init__(self, queues: list[QueueSummary]) -> None:
        super().__init__()
        self.queues = queues

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="create-queue"):
            yield Static("New queue", classes="dialog-title")
            with Horizontal(classes="form-row"):
                yield Label("name", classes="form-label")
                yield Input(placeholder="e.g. orders", compact=True, id="q-name")
            with Horizontal(classes="form-row"):
                yield Checkbox("FIFO", compact=True, id="q-fifo")
                yield Checkbox("content-based dedup", compact=True, id="q-content-dedup")
            for widget_id, _, label, placeholder in FIELDS:
                with Horizontal(classes="form-row"):
                    yield Label(label, classes="form-label")
                    yield Input(placeholder=placeholder, compact=True, id=widget_id,
                                classes="number")
            with Horizontal(classes="form-row"):
                yield Label("dead-letter queue", classes="form-label")
                yield Select(self._dlq_options(), value="", allow_blank=False, compact=True,
                             id="q-dlq")
            with Horizontal(classes="form-row"):
                yield Label("maxReceiveCount", classes="form-label")
                yield Input("3", compact=True, id="q-max-receive", classes="number")
            with Vertical(classes="dialog-footer"):
                yield Static("", id="q-errors")
                with Horizontal(classes="dialog-buttons"):
                    yield Button("Create ^s", variant="primary", compact=True, id="create")
                    yield Button("Cancel", compact=True, id="cancel")

    def _dlq_options(self) -> list[tuple[str | Text, str]]:
        return [("none", ""), ("new: <name>-dlq", NEW_DLQ),
                *[(cell(q.name), q.name) for q in self.queues]]

    def on_mount(self) -> None:
        self.query_one("#q-name", Input).focus()

    def spec(self) -> QueueSpec:
        dlq = str(self.query_one("#q-dlq", Select).value or "")
        return QueueSpec(
            name=self.query_one("#q-name", Input).value,
            fifo=self.query_one("#q-fifo", Checkbox).value,
            content_dedup=self.query_one("#q-content-dedup", Checkbox).value,
            attributes={attr: self.query_one(f"#{wid}", Input).value
                        for wid, attr, _, _ in FIELDS},
            dlq=dlq or None,
            max_receive_count=self.query_one("#q-max-receive", Input).value,
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self.action_create()
        else:
            self.action_cancel()

    def on_input_submitted(self, _: Input.Submitted) -> None:
        self.action_create()

    def action_create(self) -> None:
        spec = self.spec()
        issues = check_spec(spec, {q.name: q.fifo for q in self.queues})
        self.show_issues(issues)
        if issues:
            return
        target = getattr(self.app, "target", None)
        if target is None:
            self.show_issues([Issue("target", "The target is not ready yet.")])
            return
        self.query_one("#q-errors", Static).update("[dim]creating…[/]")
        self._create(target, spec)

    @work(thread=True, exclusive=True, exit_on_error=False, group="sqs-create",
          description="create queue")
    def _create(self, target: Target, spec: QueueSpec) -> None:
        try:
            url, _ = create_from_spec(SqsService(target), spec)
        except Exception as exc:
            self.post_message(QueueFormFailed(error_message(exc)))
            if isinstance(exc, TargetError):  # read-only, unconfirmed real-account writes
                raise
            return
        self.app.call_from_thread(self.dismiss, url)

    def on_queue_form_failed(self, message: QueueFormFailed) -> None:
        self.query_one("#q-errors", Static).update(issue_messages([message.text]))

    def show_issues(self, issues: list[Issue]) -> None:
        ids = {"name": "#q-name", "max_receive": "#q-max-receive",
               **{attr: f"#{wid}" for wid, attr, _, _ in FIELDS}}
        bad = {i.field for i in issues}
        for field_name, selector in ids.items():
            self.query_one(selector, Input).set_class(field_name in bad, "-invalid")
        self.query_one("#q-errors", Static).update(issue_messages(issues))

    def action_cancel(self) -> None:
        self.dismiss(None)
