"""The state machine drawn as boxes, colored by how the shown execution went through it; above
the boxes, what the local checks find wrong with the definition (if anything)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from playground.aws.stepfunctions.graph import Drawing
from playground.patterns.json_input import printable

STATUS_STYLE = {"succeeded": "green", "failed": "bold red", "running": "bold cyan",
                "caught": "dark_orange"}
LEGEND = (("succeeded", "succeeded"), ("caught", "caught"), ("failed", "failed"),
          ("running", "running"))
MAX_PROBLEMS = 12
"""Problems listed above the drawing; a broken 1 MB definition can have thousands."""


def legend() -> Text:
    text = Text()
    for status, label in LEGEND:
        text.append("■ ", style=STATUS_STYLE[status])
        text.append(f"{label}  ", style="dim")
    text.append("□ not reached", style="dim")
    return text


def problems(drawing: Drawing | None) -> Text | None:
    """Why the definition cannot be drawn and what the local checks find, as text (they quote
    names the target holds); None when all is well."""
    if drawing is None:
        return None
    out = Text()
    reason = drawing.reason
    if reason is not None:
        out.append(f"cannot draw: {printable(reason)}", style="bold red")
        if drawing.definition is None:  # not JSON, or not an object: that one line says it
            return out
    listed = [p for p in drawing.problems if p.message != reason]
    if not listed:
        return out if reason is not None else None
    errors = [p for p in listed if p.blocking]
    if reason is not None:
        out.append("\n")
    if errors:
        out.append(f"AWS would refuse this definition ({len(errors):,} "
                   f"error{'s' if len(errors) > 1 else ''}):", style="bold red")
    else:
        out.append("the local checks warn:", style="bold yellow")
    for issue in listed[:MAX_PROBLEMS]:
        mark, style = ("✗", "red") if issue.blocking else ("!", "yellow")
        out.append(f"\n{mark} {printable(str(issue))}", style=style)
    more = len(listed) - MAX_PROBLEMS
    if more > 0:
        out.append(f"\n… and {more:,} more", style="dim")
    return out


CAUGHT_MARK = " ⤳ caught"
"""After the Catch line an execution took."""


def draw(drawing: Drawing | None, statuses: dict[str, str], current: str | None = None,
         caught: dict[str, str] | None = None) -> Text:
    """`caught`: state -> the Catch target its failure went to (that way out is marked)."""
    if drawing is None:
        return Text("Pick a state machine to see its states.", style="dim")
    lines = drawing.lines
    if drawing.reason is not None:  # said above the drawing, wrapped: what is left is the source
        lines = [line for line in lines if line.kind != "problem"][1:]
    out = Text(no_wrap=True, overflow="ellipsis")
    for i, line in enumerate(lines):
        if i:
            out.append("\n")
        style = ""
        if line.kind == "problem":
            style = "red"
        elif line.kind == "label" and line.state is None:
            style = "dim"
        elif line.state is not None:
            status = statuses.get(line.state)
            style = STATUS_STYLE.get(status or "", "dim" if statuses else "")
            if (line.kind == "edge" and caught and line.target is not None
                    and caught.get(line.state) == line.target):
                out.append(line.text, style=STATUS_STYLE["caught"])
                out.append(CAUGHT_MARK, style=f"bold {STATUS_STYLE['caught']}")
                continue
            if line.kind in ("edge", "arrow", "label"):
                style = "dim" if line.kind != "arrow" or not status else style
            elif line.state == current:
                style = f"{style or 'bold'} reverse"
        out.append(line.text, style=style)
    return out


class GraphView(Static):
    """Redrawn whole on every change: at most a few hundred states are drawn."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.drawing: Drawing | None = None
        self.statuses: dict[str, str] = {}
        self.current: str | None = None
        self.caught: dict[str, str] = {}

    @property
    def definition(self) -> dict[str, Any] | None:
        """The shown definition, when the target's is a JSON object."""
        return self.drawing.definition if self.drawing else None

    def on_mount(self) -> None:
        self._redraw()

    def show(self, drawing: Drawing | None) -> None:
        self.drawing = drawing
        self.statuses, self.current, self.caught = {}, None, {}
        self._redraw()

    def paint(self, statuses: dict[str, str], current: str | None,
              caught: dict[str, str] | None = None) -> None:
        caught = caught or {}
        if (statuses, current, caught) != (self.statuses, self.current, self.caught):
            self.statuses, self.current, self.caught = dict(statuses), current, dict(caught)
            self._redraw()

    def _redraw(self) -> None:
        self.update(draw(self.drawing, self.statuses, self.current, self.caught))


class DefinitionProblems(Static):
    """Above the drawing, why it cannot be drawn and what is wrong with the definition, wrapped
    to the pane's width (the drawing is not: its lines are as wide as its boxes). Hidden while
    nothing is wrong."""

    DEFAULT_CSS = """
    DefinitionProblems {
        width: 1fr;
        height: auto;
        padding: 0 1;
        margin-bottom: 1;
        display: none;
    }
    """

    def show(self, drawing: Drawing | None) -> None:
        text = problems(drawing)
        self.update(text or "")
        self.display = text is not None
