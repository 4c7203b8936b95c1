"""Lambda dialogs: a new function from a template, an event source mapping from a queue or a
stream (batch size, batching window, ReportBatchItemFailures, bisect, starting position)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Checkbox, Input, Label, Select, Static

from playground.aws.lambda_ import validate as lv
from playground.aws.lambda_.templates import templates
from playground.aws.validation import Issue, whole_number
from playground.ui.common.dialogs import FormDialog
from playground.ui.lambda_.workers import NewFunction, NewMapping

POSITIONS = ("LATEST", "TRIM_HORIZON")
MAPPING_HINT = (f"Batch size 1 to {lv.BATCH_MAX:,} ({lv.FIFO_BATCH_MAX} for a FIFO queue); "
                f"batching window 0 to {lv.WINDOW_MAX} s, at least 1 s over 10 records "
                "(CreateEventSourceMapping). ReportBatchItemFailures: the function returns "
                "batchItemFailures and only those come back. Bisect (streams): a failing batch "
                "is split in two and retried, until the bad record is alone.")


class LambdaFormDialog(FormDialog):
    CSS_PATH = "dialogs.tcss"
    ROW_CLASS = "lambda-select-row"
    LABEL_CLASS = "lambda-dialog-label"


class NewFunctionDialog(LambdaFormDialog):
    def __init__(self, node: bool = True) -> None:
        super().__init__()
        self.node = node
        """Offer the Node.js templates (the target runs them)."""

    def compose(self) -> ComposeResult:
        options = [(Text(f"{t.title}: {t.description}"), t.key) for t in templates(self.node)]
        with Vertical(classes="dialog lambda-dialog"):
            yield Label("New Lambda function", classes="dialog-title")
            with VerticalScroll(classes="dialog-scroll lambda-fields"):
                yield self.row("name", Input(placeholder="e.g. order-handler", id="fn-name",
                                             compact=True))
                yield self.row("from", Select(options, value="echo", allow_blank=False,
                                              compact=True, id="fn-template"))
                yield Static("The handler opens in the editor: change it, ctrl+s deploys.",
                             classes="hint")
            yield from self.buttons("Create")

    def on_mount(self) -> None:
        self.query_one("#fn-name").focus()

    def action_ok(self) -> None:
        name = self.query_one("#fn-name", Input).value.strip()
        issues = lv.function_name(name)
        if issues:
            self.errors(issues)
            return
        self.dismiss(NewFunction(name, str(self.query_one("#fn-template", Select).value)))


class MappingDialog(LambdaFormDialog):
    """Sources are what the target has: its queues and its streams, by name."""

    def __init__(self, function: str, queues: dict[str, str], streams: dict[str, str]) -> None:
        super().__init__()
        self.function = function
        self.sources = {**{f"queue {n}": a for n, a in queues.items()},
                        **{f"stream {n}": a for n, a in streams.items()}}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog lambda-dialog lambda-dialog-wide"):
            yield Label(Text(f"Event source mapping into {self.function}"),
                        classes="dialog-title")
            with VerticalScroll(classes="dialog-scroll lambda-fields"):
                yield self.row("source", Select([(Text(k), k) for k in self.sources],
                                                compact=True, id="map-source"))
                yield self.row("batch", Input("10", id="map-batch", compact=True),
                               "window s", Input("0", id="map-window", compact=True))
                yield self.row("start", Select([(Text(p), p) for p in POSITIONS],
                                               value="LATEST", allow_blank=False, compact=True,
                                               id="map-start"))
                yield self.row(Checkbox("ReportBatchItemFailures", id="map-report", compact=True),
                               Checkbox("bisect on error", id="map-bisect", compact=True),
                               classes="lambda-check-row")
                yield Static(MAPPING_HINT, classes="hint")
            yield from self.buttons("Create")

    def on_mount(self) -> None:
        self.query_one("#map-source").focus()

    def action_ok(self) -> None:
        source = self.query_one("#map-source", Select).value
        batch = whole_number(self.query_one("#map-batch", Input).value, 1_000_000)
        window = whole_number(self.query_one("#map-window", Input).value, 1_000_000)
        issues: list[Issue] = []
        if not isinstance(source, str):
            issues.append(Issue("source", "pick a queue or a stream (create one first if "
                                "there is none)"))
        if batch is None:
            issues.append(Issue("batch size", "a whole number"))
        if window is None:
            issues.append(Issue("batching window", "a whole number of seconds"))
        arn = self.sources.get(source) if isinstance(source, str) else None
        stream = arn is not None and ":kinesis:" in arn
        fifo = arn is not None and arn.endswith(".fifo")
        if batch is not None and window is not None:
            issues += lv.mapping(batch, window, fifo=fifo)
        if issues or arn is None:
            self.errors(issues)
            return
        self.dismiss(NewMapping(
            self.function, arn, batch, window, self.query_one("#map-report", Checkbox).value,
            self.query_one("#map-bisect", Checkbox).value if stream else None,
            str(self.query_one("#map-start", Select).value) if stream else None))
