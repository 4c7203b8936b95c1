"""The header: where calls go, always visible; a real account is shown loud."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from playground.targets import TargetInfo


class TargetHeader(Static):
    """One line: app name, target, account, region and state."""

    info: reactive[TargetInfo | None] = reactive(None, layout=True)
    state: reactive[str] = reactive("starting")
    detail: reactive[str] = reactive("")
    read_only: reactive[bool] = reactive(False)
    hint: reactive[str] = reactive("")
    """What to do about the state (how to restart a stopped emulator), shown where it fits."""

    def render(self) -> Text:
        text = self._line(compact=False)
        if self.hint:
            # What to do comes before what matters less while nothing answers (the emulator's
            # version, its fixed account): drop those first to make room.
            for line in (text, self._line(compact=True)):
                with_hint = line.copy()
                with_hint.append("  │ ", style="dim")
                with_hint.append(self.hint)
                if with_hint.cell_len <= self.size.width:
                    return with_hint
        return text

    def _line(self, *, compact: bool) -> Text:
        text = Text(" playground ", style="bold")
        info = self.info
        self.set_class(bool(info and info.is_real), "-real")
        if info is None:
            text.append("│ ", style="dim")
            text.append(self.detail or "starting…")
            return text
        text.append("│ ", style="dim")
        if info.is_real:
            text.append(" REAL AWS ", style="bold reverse")
            text.append(" ")
        text.append(info.label, style="bold")
        for key in ("emulator",):
            if key in info.extra and not compact:
                text.append(f" · {info.extra[key]}", style="dim" if not info.is_real else "")
        if info.endpoint_url and info.kind.value == "endpoint":
            text.append(f" · {info.endpoint_url}")
        if not compact or info.is_real:
            text.append("  │ account ", style="dim")
            text.append(info.account_id or "?")
            text.append("  │ region ", style="dim")
            text.append(info.region or "?")
        if self.read_only:
            text.append("  │ ", style="dim")
            text.append("READ-ONLY", style="bold")
        text.append("  │ ", style="dim")
        marks = {"ready": "● ready", "starting": "◌ " + (self.detail or "starting"),
                 "error": "✖ " + (self.detail or "error"), "switching": "◌ " + self.detail,
                 "down": "✖ down" + (f": {self.detail}" if self.detail else "")}
        text.append(marks.get(self.state, self.state), style="bold" if self.state == "down" else "")
        return text
