"""Buses and their rules: each rule's pattern, state and targets (transformers included)."""

from __future__ import annotations

import json

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from playground.aws.events.delivery import RuleSummary
from playground.ui.common.text import cell, clean, plain


class BusList(OptionList):
    class Chosen(Message):
        def __init__(self, bus: str) -> None:
            self.bus = bus
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.buses: list[str] = []

    def show(self, buses: list[str], select: str | None = None) -> None:
        current = select or self.selected or "default"
        self.buses = buses
        self.clear_options()
        self.add_options([Option(plain(b) if b != "default" else "default [dim](AWS events)[/]",
                                 id=b) for b in buses])
        if current in buses:
            self.highlighted = buses.index(current)
        elif buses:
            self.highlighted = 0

    @property
    def selected(self) -> str | None:
        if self.highlighted is None or self.highlighted >= len(self.buses):
            return None
        return self.buses[self.highlighted]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Chosen(event.option.id))


def _compact(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


class RulesPane(Horizontal):
    """Shows what the screen loaded; the screen's bindings act on the selection."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rules: list[RuleSummary] = []
        self.bus: str | None = None

    def compose(self) -> ComposeResult:
        yield BusList(id="bus-list")
        with Vertical(id="rules-right"):
            table: DataTable[str | Text] = DataTable(id="rules-table", cursor_type="row")
            yield table
            with VerticalScroll(id="rule-detail-box"):
                yield Static("", id="rule-detail")

    def on_mount(self) -> None:
        self.query_one(BusList).border_title = "Buses"
        table = self.query_one("#rules-table", DataTable)
        table.border_title = "Rules"
        table.add_column("rule", key="rule", width=22)
        table.add_column("state", key="state", width=8)
        table.add_column("targets", key="targets", width=22)
        table.add_column("pattern", key="pattern", width=28)

    def show_rules(self, bus: str, rules: list[RuleSummary]) -> None:
        keep = self.selected.name if self.selected else None
        self.bus, self.rules = bus, rules
        table = self.query_one("#rules-table", DataTable)
        table.clear()
        for rule in rules:
            state = Text("enabled", style="green") if rule.enabled else Text("disabled", style="dim")
            targets = ", ".join(f"{t.kind}:{t.name}" for t in rule.targets) or "—"
            pattern = _compact(rule.pattern) if rule.pattern else "—"
            table.add_row(cell(rule.name), state, cell(targets[:22]), cell(pattern[:28]),
                          key=rule.name)
        table.border_title = plain(f"Rules on {bus}" + ("" if rules else ": none yet, n adds one"))
        names = [r.name for r in rules]
        if keep in names:
            table.move_cursor(row=names.index(keep))
        self._detail()

    @property
    def selected(self) -> RuleSummary | None:
        table = self.query_one("#rules-table", DataTable)
        if not self.rules or table.row_count == 0:
            return None
        row = table.cursor_row
        return self.rules[row] if 0 <= row < len(self.rules) else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._detail()

    def _detail(self) -> None:
        rule = self.selected
        box = self.query_one("#rule-detail", Static)
        if rule is None:
            box.update("[dim]A rule watches one bus: events that match its pattern go to its "
                       "targets (up to five). Keys: n rule, t target, e enable/disable, d delete, "
                       "b new bus.[/]")
            return
        text = Text()
        text.append(clean(rule.name), style="bold")
        text.append(clean(f"  {'enabled' if rule.enabled else 'disabled'} · {rule.arn}\n"),
                    style="dim")
        text.append(clean(json.dumps(rule.pattern, indent=2)) if rule.pattern else "(no pattern)")
        text.append("\n")
        for t in rule.targets:
            text.append(clean(f"→ {t.target_id}: {t.arn}\n"), style="cyan")
            if t.transformer:
                text.append(clean(
                    f"  InputPathsMap {_compact(t.transformer.get('InputPathsMap', {}))}\n"
                    f"  InputTemplate {t.transformer.get('InputTemplate', '')}\n"), style="dim")
        if not rule.targets:
            text.append("no target yet: t adds one\n", style="yellow")
        box.update(text)
