"""`?`: every key that works here, grouped by where it works."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        lines: list[str] = ["[b]Keys[/b]  [dim](remap any key by its id in the config file)[/]", ""]
        for title, keys in self.sections:
            if not keys:
                continue
            lines.append(f"[b $accent]{title}[/]")
            lines.extend(f"  [b]{key:<14}[/b] {desc}" for key, desc in keys)
            lines.append("")
        lines.append("[b $accent]Command palette[/]  ctrl+p or :")
        lines.append("  target: …  profile: …  region: …  view: …  emulator: …  open: …")
        with VerticalScroll(classes="dialog help"):
            yield Static("\n".join(lines))
