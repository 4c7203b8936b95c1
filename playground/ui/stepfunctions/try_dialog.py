"""Try one state with an input (TestState), as the console's "Test state" does: the state's
JSON and the input on the left, what the target made of them on the right. The dialog stays
open, so the learner edits and runs again."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Label, Select, Static, TextArea

from playground.aws.common import error_code, error_message
from playground.aws.stepfunctions.history import pretty
from playground.aws.stepfunctions.try_state import LEVELS, StateTry, check_try, try_state
from playground.parity import NOTES
from playground.targets import Target, TargetError
from playground.ui.common.text import clean, plain
from playground.ui.stepfunctions.dialogs import SfnFormDialog

STYLE = {"SUCCEEDED": "green", "FAILED": "red", "CAUGHT_ERROR": "dark_orange",
         "RETRIABLE": "yellow"}
MISSING = {"InvalidAction", "UnknownOperationException", "NotImplemented", "501", "404"}


def try_result(result: StateTry) -> Text:
    text = Text()
    text.append(clean(result.status, 40), style=f"bold {STYLE.get(result.status, 'yellow')}")
    if result.next_state:
        text.append(f" → next state {clean(result.next_state, 200)}", style="bold")
    text.append("\n")
    if result.error:
        text.append(f"error {clean(result.error)}", style="red bold")
        text.append(f"\ncause {clean(result.cause)}\n" if result.cause else "\n", style="red")
    if result.output is not None:
        text.append("\noutput\n", style="bold underline")
        text.append(clean(pretty(result.output)) + "\n")
    if result.inspection:
        text.append("\ninspection data, in the order the data flows\n", style="bold underline")
        for name, value in result.inspection:
            text.append(f"{clean(name, 80)}\n", style="cyan")
            text.append(clean(pretty(value)) + "\n")
    return text


@dataclass(frozen=True)
class TryStarted:
    state: str
    input: str


class TryStateDialog(SfnFormDialog):
    """ctrl+s runs TestState with what is typed; escape closes."""

    class Tried(Message):
        def __init__(self, result: StateTry | None, error: str = "",
                     missing: bool = False) -> None:
            self.result = result
            self.error = error
            self.missing = missing
            super().__init__()

    def __init__(self, target: Target, start: TryStarted, about: str = "") -> None:
        super().__init__()
        self.target = target
        self.start = start
        self.about = about
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog sfn-dialog sfn-try"):
            yield Label("Try one state (TestState)", classes="dialog-title")
            if self.about:
                yield Static(plain(self.about), classes="hint")
            with Horizontal(classes="sfn-try-body"):
                with Vertical(classes="sfn-try-fields"):
                    state = TextArea(self.start.state, id="sfn-try-state", tab_behavior="focus")
                    state.border_title = "state (its JSON, as under States)"
                    yield state
                    given = TextArea(self.start.input, id="sfn-try-input", tab_behavior="focus")
                    given.border_title = "input (JSON)"
                    yield given
                    with Horizontal(classes="sfn-dialog-row"):
                        yield Label("detail", classes="sfn-dialog-label")
                        yield Select([(f"{lvl}", lvl) for lvl in LEVELS], value="DEBUG",
                                     allow_blank=False, id="sfn-try-level")
                with VerticalScroll(id="sfn-try-result-scroll"):
                    yield Static(Text("ctrl+s runs it: INFO gives the output, DEBUG also each "
                                      "step of input and output processing, TRACE also an "
                                      "HTTP Task's request and response.", style="dim"),
                                 id="sfn-try-result")
            yield from self.buttons("Run")

    def on_mount(self) -> None:
        self.query_one("#sfn-try-input").focus()

    def action_ok(self) -> None:
        if self.running:
            return
        level = str(self.query_one("#sfn-try-level", Select).value)
        state, payload, issues = check_try(self.query_one("#sfn-try-state", TextArea).text,
                                           self.query_one("#sfn-try-input", TextArea).text,
                                           level)
        if issues or state is None:
            self.errors([*issues, "nothing was sent"])
            return
        self.errors([])
        self.running = True
        self.query_one("#sfn-try-result", Static).update(Text("running TestState…",
                                                              style="dim"))
        self.run_try(state, payload, level)

    @work(thread=True, exclusive=True, exit_on_error=False, group="sfn-try",
          description="TestState")
    def run_try(self, state: dict[str, object], payload: object, level: str) -> None:
        try:
            result = try_state(self.target, state, payload, level)
        except Exception as exc:
            self.post_message(self.Tried(None, error_message(exc),
                                         error_code(exc) in MISSING))
            if isinstance(exc, TargetError):
                raise
            return
        self.post_message(self.Tried(result))

    def on_try_state_dialog_tried(self, message: TryStateDialog.Tried) -> None:
        self.running = False
        shown = self.query_one("#sfn-try-result", Static)
        if message.result is not None:
            shown.update(try_result(message.result))
        elif message.missing:
            shown.update(Text(NOTES["test-state"].text(), style="yellow"))
        else:
            shown.update(Text(f"the target refused it: {clean(message.error)}", style="red"))
