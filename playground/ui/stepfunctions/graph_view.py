"""The state machine drawn as boxes, colored by how the shown execution went through it."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from playground.aws.stepfunctions.graph import layout

STATUS_STYLE = {"succeeded": "green", "failed": "bold red", "running": "bold cyan",
                "caught": "dark_orange"}
LEGEND = (("succeeded", "succeeded"), ("caught", "caught"), ("failed", "failed"),
          ("running", "running"))


def legend() -> Text:
    text = Text()
    for status, label in LEGEND:
        text.append("■ ", style=STATUS_STYLE[status])
        text.append(f"{label}  ", style="dim")
    text.append("□ not reached", style="dim")
    return text


def draw(definition: dict[str, Any] | None, statuses: dict[str, str],
         current: str | None = None) -> Text:
    if definition is None:
        return Text("Pick a state machine to see its states.", style="dim")
    out = Text(no_wrap=True, overflow="ellipsis")
    for i, line in enumerate(layout(definition)):
        if i:
            out.append("\n")
        style = ""
        if line.state is not None:
            status = statuses.get(line.state)
            style = STATUS_STYLE.get(status or "", "dim" if statuses else "")
            if line.kind in ("edge", "arrow", "label"):
                style = "dim" if line.kind != "arrow" or not status else style
            elif line.state == current:
                style = f"{style or 'bold'} reverse"
        out.append(line.text, style=style)
    return out


class GraphView(Static):
    """Redrawn whole on every change: a definition is a few dozen lines at most."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.definition: dict[str, Any] | None = None
        self.statuses: dict[str, str] = {}
        self.current: str | None = None

    def on_mount(self) -> None:
        self._redraw()

    def show(self, definition: dict[str, Any] | None) -> None:
        self.definition = definition
        self.statuses, self.current = {}, None
        self._redraw()

    def paint(self, statuses: dict[str, str], current: str | None) -> None:
        if (statuses, current) != (self.statuses, self.current):
            self.statuses, self.current = dict(statuses), current
            self._redraw()

    def _redraw(self) -> None:
        self.update(draw(self.definition, self.statuses, self.current))
