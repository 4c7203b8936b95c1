"""The producer panel: N records a second for a while, with random keys, one hot key or a list
of keys in turn; the data padded JSON of a size, or a payload template."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static

from playground.aws.kinesis.lineage import short_id
from playground.aws.kinesis.producer import SPREADS, ProducerPlan, ProducerProgress, parse_keys
from playground.aws.kinesis.template import parse_template
from playground.aws.validation import Issue
from playground.ui.common.issues import issue_lines

MAX_RATE = 10_000
MAX_SECONDS = 600
MAX_SIZE = 1_048_576


def _number(text: str, name: str, low: int, high: int, issues: list[Issue]) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        issues.append(Issue(name, f"{text!r} is not a whole number"))
        return low
    if not low <= value <= high:
        issues.append(Issue(name, f"{low:,} to {high:,}"))
    return value


class ProducerPanel(Vertical):
    """Asks the screen to start or stop; shows how many records went to which shard."""

    class Start(Message):
        def __init__(self, plan: ProducerPlan) -> None:
            self.plan = plan
            super().__init__()

    class Stop(Message):
        pass

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.running = False

    def compose(self) -> ComposeResult:
        with Horizontal(classes="put-row"):
            yield Label("rate/s", classes="put-label")
            yield Input("200", compact=True, id="prod-rate", classes="prod-number")
            yield Label(" for s", classes="prod-label-short")
            yield Input("20", compact=True, id="prod-seconds", classes="prod-number")
        with Horizontal(classes="put-row"):
            yield Label("bytes", classes="put-label")
            yield Input("100", compact=True, id="prod-size", classes="prod-number")
        with Horizontal(classes="put-row"):
            yield Label("data", classes="put-label")
            yield Input(placeholder='empty: bytes; e.g. {"n": {{n}}}', compact=True,
                        id="prod-template")
        with Horizontal(classes="put-row"):
            yield Label("keys", classes="put-label")
            yield Select([(Text(label.split(":")[0]), key) for key, label in SPREADS.items()],
                         value="random", allow_blank=False, compact=True, id="prod-spread")
        with Horizontal(classes="put-row", id="prod-keys-row"):
            yield Label("list", classes="put-label")
            yield Input(placeholder="eu, us, asia", compact=True, id="prod-keys")
        with Horizontal(classes="put-row"):
            yield Button("Start g", compact=True, variant="primary", id="prod-start")
        yield Static("", id="prod-status")

    def on_mount(self) -> None:
        self.query_one("#prod-keys-row").display = False

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "prod-spread":
            self.query_one("#prod-keys-row").display = event.value == "list"
            self.query_one("#prod-status", Static).update(
                Text(SPREADS.get(str(event.value), ""), style="dim"))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.toggle()

    def toggle(self) -> None:
        if self.running:
            self.post_message(self.Stop())
            return
        issues: list[Issue] = []
        rate = _number(self.query_one("#prod-rate", Input).value, "rate", 1, MAX_RATE, issues)
        seconds = _number(self.query_one("#prod-seconds", Input).value, "seconds", 1,
                          MAX_SECONDS, issues)
        size = _number(self.query_one("#prod-size", Input).value, "bytes", 1, MAX_SIZE, issues)
        text = self.query_one("#prod-template", Input).value
        template = None
        if text.strip():  # empty: padded JSON of `bytes`
            template, template_issues = parse_template(text)
            issues += template_issues
        spread = str(self.query_one("#prod-spread", Select).value)
        keys: tuple[str, ...] = ()
        if spread == "list":
            keys, key_issues = parse_keys(self.query_one("#prod-keys", Input).value)
            issues += key_issues
        if issues:
            self.query_one("#prod-status", Static).update(issue_lines(issues))
            return
        self.post_message(self.Start(ProducerPlan(rate, seconds, spread, size, template=template,
                                                  keys=keys)))

    def set_running(self, running: bool) -> None:
        self.running = running
        self.query_one("#prod-start", Button).label = "Stop g" if running else "Start g"

    def show_progress(self, progress: ProducerProgress, plan: ProducerPlan | None) -> None:
        text = Text()
        total = int(plan.rate * plan.seconds) if plan else progress.sent
        text.append(f"{progress.sent:,} of {total:,} sent", style="bold")
        if progress.failed:
            text.append(f" · {progress.failed:,} refused", style="red")
        text.append(f" · {progress.elapsed:.0f} s\n", style="dim")
        for shard, count in sorted(progress.per_shard.items()):
            text.append(f"{short_id(shard)}: {count:,}  ", style="dim")
        if progress.error:
            text.append(f"\n✗ {progress.error}", style="red")
        elif progress.done:
            text.append("\ndone", style="green")
        self.query_one("#prod-status", Static).update(text)
