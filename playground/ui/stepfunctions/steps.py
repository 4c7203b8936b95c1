"""An execution stepped state by state: the list of visits, and one visit's input and output."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from playground.aws.stepfunctions.history import Step, Timeline, pretty
from playground.aws.stepfunctions.retries import Attempt
from playground.ui.common.text import clean
from playground.ui.stepfunctions.graph_view import STATUS_STYLE

MARK = {"succeeded": "✓", "failed": "✗", "caught": "↷", "running": "…"}
NAME_CHARS = 200
"""State names come from the definition, whoever wrote it: escaped and cut, like the graph's."""


def step_line(i: int, step: Step) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{i + 1:>2} ", style="dim")
    text.append(f"{MARK[step.status]} ", style=STATUS_STYLE[step.status])
    text.append(clean(step.name, NAME_CHARS), style="bold")
    text.append(f" {step.kind}", style="dim")
    tries = max(step.attempts, len(step.tries))
    if tries > 1:
        text.append(f" ×{tries}", style="yellow")
    return text


def attempt_lines(tries: list[Attempt]) -> Text:
    """Each attempt of a visit: its error and cause, and what Retry did next."""
    text = Text()
    text.append("attempts\n", style="bold underline")
    for one in tries:
        text.append(f"{one.number:>2} ", style="dim")
        if one.error is None:
            text.append(f"✓ {one.then}\n", style=STATUS_STYLE["succeeded"])
            continue
        text.append("✗ ", style=STATUS_STYLE["failed"])
        text.append(clean(one.error, NAME_CHARS) + "\n", style="red bold")
        if one.cause:
            text.append(f"   {clean(one.cause, 400)}\n", style="red")
        text.append(f"   → {clean(one.then)}", style="yellow")
        if one.waited_s is not None:
            text.append(f" (the history: {one.waited_s:.0f} s later)", style="dim")
        text.append("\n")
    return text


def step_detail(step: Step | None, timeline: Timeline | None,
                notes: list[str] | None = None, tries: list[Attempt] | None = None,
                runs: Text | None = None) -> Text:
    """`notes`: what the state's box says (its retriers, a Map's items), here in full;
    `tries`: the visit's attempts (when it failed at least once); `runs`: a Map's iterations
    or a Parallel's branches, counted."""
    if timeline is None:
        return Text("Pick an execution (or start one with e) to step through its history.",
                    style="dim")
    if step is None:
        return Text("No state entered yet.", style="dim")
    text = Text()
    text.append(clean(step.name, NAME_CHARS), style="bold")
    text.append(f" · {step.kind} state · {step.status}\n", style=STATUS_STYLE[step.status])
    if step.events:
        text.append("events: " + ", ".join(step.events) + "\n", style="dim")
    for note in notes or []:
        text.append(clean(note) + "\n", style="cyan")
    if runs is not None:
        text.append_text(runs)
    if step.attempts > 1 and not tries:
        text.append(f"{step.attempts} attempts: Retry ran the task again\n", style="yellow")
    if step.caught_by and step.caught_to:
        text.append(f"caught: {clean(step.caught_by)} → {clean(step.caught_to, NAME_CHARS)}\n",
                    style=STATUS_STYLE["caught"])
    if step.error:
        text.append(f"error {clean(step.error)}", style="red bold")
        text.append(f"\ncause {clean(step.cause)}\n" if step.cause else "\n", style="red")
    text.append("\ninput\n", style="bold underline")
    text.append(clean(pretty(step.input)) + "\n")
    text.append("\noutput\n", style="bold underline")
    if step.output is None:
        text.append("— (did not exit)\n" if step.status != "running" else "— (running)\n",
                    style="dim")
    else:
        text.append(clean(pretty(step.output)) + "\n")
    if tries:  # last: the pane scrolls to them (they can run long)
        text.append("\n")
        text.append_text(attempt_lines(tries))
    return text


class StepList(OptionList):
    """One option per state visited; highlighting one shows it on the drawing."""

    class Chosen(Message):
        def __init__(self, index: int | None) -> None:
            self.index = index
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.timeline: Timeline | None = None
        self.shown: list[Text] = []

    def show(self, timeline: Timeline | None, fresh: bool = False) -> None:
        """`fresh`: another execution, start at its first state; else a running execution grew,
        and the highlight follows the newest state if it was on the last one."""
        before = None if fresh else self.highlighted
        follow = not fresh and (before is None or before == len(self.shown) - 1)
        if fresh:
            self.shown = []
        self.timeline = timeline
        lines = [step_line(i, s) for i, s in enumerate(timeline.steps)] if timeline else []
        if [str(x) for x in lines] != [str(x) for x in self.shown] or not lines:
            self.shown = lines
            self.clear_options()
            self.add_options([Option(line) for line in lines])
            if lines:
                self.highlighted = len(lines) - 1 if follow else min(before or 0, len(lines) - 1)
        self.post_message(self.Chosen(self.highlighted))

    @property
    def step(self) -> Step | None:
        if self.timeline is None or self.highlighted is None:
            return None
        steps = self.timeline.steps
        return steps[self.highlighted] if self.highlighted < len(steps) else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.Chosen(event.option_index))
