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
    cost: reactive[str] = reactive("")
    """The running-cost meter (`3 alive · ~$0.06/h`; on an emulator `on AWS: ~$0.06/h`)."""
    polling: reactive[str] = reactive("")
    """On a real account, how often the refresh loops call it (`polls 0.4/s`)."""

    def render(self) -> Text:
        if self.info is None:
            return self._line(compact=False)
        return self._fitted()

    def _fitted(self) -> Text:
        """The fullest form that fits, with the meter and the hint; else the tight form with the
        target's name cut, so that account and region (real AWS), READ-ONLY, the state, the
        meter and the hint stay in view at any width (a speaker's 80 columns included)."""
        extras = [e for e in (self.polling, self.cost, self.hint) if e]
        for compact in (False, True):
            text = self._line(compact=compact)
            text.append_text(self._tail(extras, tight=False))
            if text.cell_len <= self.size.width:
                return text
        tail = self._tail(extras, tight=True)
        room = self.size.width - self._tight_line(0).cell_len - tail.cell_len
        text = self._tight_line(max(room, 1))
        text.append_text(tail)
        return text

    @staticmethod
    def _tail(extras: list[str], *, tight: bool) -> Text:
        text = Text()
        for extra in extras:
            text.append(" │ " if tight else "  │ ", style="dim")
            text.append(extra)
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
        marks = {"ready": "● ready", "starting": "◌ " + (self.detail or "starting"),
                 "error": "✖ " + (self.detail or "error"), "switching": "◌ " + self.detail,
                 "down": "✖ down" + (f": {self.detail}" if self.detail else "")}
        self._append_fields(text, where=not compact or info.is_real, tight=False, marks=marks)
        return text

    def _tight_line(self, label_cells: int) -> Text:
        """The header in the fewest cells: no app name, no field names, the state as its mark."""
        info = self.info
        assert info is not None
        text = Text(" ")
        if info.is_real:
            text = Text(" REAL AWS ", style="bold reverse")
            text.append(" ")
        label = Text(info.label, style="bold")
        if label_cells <= 0:
            label = Text()  # Rich would read a width of 0 as "no limit"
        elif label.cell_len > label_cells:
            label.truncate(label_cells, overflow="ellipsis")
        text.append_text(label)
        marks = {"ready": "●", "starting": "◌", "switching": "◌", "error": "✖", "down": "✖ down"}
        self._append_fields(text, where=info.is_real, tight=True, marks=marks)
        return text

    def _append_fields(self, text: Text, *, where: bool, tight: bool,
                       marks: dict[str, str]) -> None:
        """Account and region (when `where`), READ-ONLY, and the state, in either form: the
        tight one drops the field names and the separators' padding."""
        info = self.info
        assert info is not None
        sep = " │ " if tight else "  │ "
        if where:
            text.append(sep if tight else f"{sep}account ", style="dim")
            text.append(info.account_id or "?")
            text.append(sep if tight else f"{sep}region ", style="dim")
            text.append(info.region or "?")
        if self.read_only:
            text.append(sep, style="dim")
            text.append("READ-ONLY", style="bold")
        text.append(sep, style="dim")
        text.append(marks.get(self.state, self.state), style="bold" if self.state == "down" else "")
