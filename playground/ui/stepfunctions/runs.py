"""Map iterations and Parallel branches: a picker to open one, and the line that says how many."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from playground.aws.stepfunctions.history import Step
from playground.aws.stepfunctions.nested import Nested, Run
from playground.ui.common.text import clean
from playground.ui.stepfunctions.graph_view import STATUS_STYLE

MARK = {"succeeded": "✓", "failed": "✗", "aborted": "■", "running": "…"}
STYLE = {"aborted": "dim", **STATUS_STYLE}
NO_NESTED = ("this target's history has no events from inside a Map or Parallel (the parity "
             "note at the top): its iterations and branches cannot be opened here")


def run_line(run: Run) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{MARK.get(run.status, '?')} ", style=STYLE.get(run.status, ""))
    text.append(clean(run.label, 200), style="bold")
    text.append(f"  {run.status} · {len(run.timeline.steps)} states", style="dim")
    return text


def runs_summary(step: Step, found: Nested | None) -> Text | None:
    """What the detail pane says of a Map or Parallel visit: its runs, and how to open one."""
    if step.kind not in ("Map", "Parallel") or found is None:
        return None
    runs = found.runs_of(step.entered)
    word = "iterations" if step.kind == "Map" else "branches"
    if not runs:
        if not found.has_nested:
            return Text(NO_NESTED + "\n", style="yellow")
        return Text(f"no {word} started yet\n", style="dim")
    counts: dict[str, int] = {}
    for run in runs:
        counts[run.status] = counts.get(run.status, 0) + 1
    text = Text(f"{len(runs)} {word}: ", style="bold")
    text.append(", ".join(f"{n} {status}" for status, n in counts.items()))
    text.append("; o opens one\n", style="dim")
    return text


class RunPicker(ModalScreen[int | None]):
    """Choose one iteration or branch of a visit (enter), or none (escape)."""

    DEFAULT_CSS = """
    RunPicker { align: center middle; }
    RunPicker > Vertical {
        width: 70; max-width: 95%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    RunPicker OptionList { height: auto; max-height: 30; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="sfn.runs.cancel")]

    def __init__(self, title: str, runs: list[Run]) -> None:
        super().__init__()
        self.title_text = title
        self.runs = runs

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.title_text, style="bold"))
            yield OptionList(*[Option(run_line(r)) for r in self.runs], id="sfn-run-list")
            yield Label(Text("enter opens it · escape goes back", style="dim"))

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)

    def action_cancel(self) -> None:
        self.dismiss(None)
