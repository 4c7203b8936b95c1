"""Peek: the messages in a queue, seen without receiving them (where the target can)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from playground.aws.sqs.service import PeekedMessage
from playground.aws.sqs.visibility import MessageIndex
from playground.ui.common.text import cell, clean, markup

STATE_STYLE = {"visible": "green", "in flight": "cyan", "delayed": "blue"}
COLUMNS = (("#", "n", 3), ("state", "state", 9), ("rc", "rc", 3), ("group", "group", 8),
           ("body", "body", 40))
BODY_CHARS = 2_000
"""Of a body, what a one-line cell needs at most: the rest is cut off anyway."""


def ordered(messages: list[PeekedMessage]) -> list[PeekedMessage]:
    """Send order, so short numbers follow it however the target lists messages."""
    return sorted(messages, key=lambda m: (m.sent_at, int(m.sequence_number or 0)))


class PeekPane(Vertical):
    """Refreshed by the screen while its tab is open; receive counts are left untouched."""

    def compose(self) -> ComposeResult:
        yield Static("Select a queue to look inside it.", id="peek-status")
        table: DataTable[str | Text] = DataTable(cursor_type="row", id="peek-table")
        yield table

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, key, width in COLUMNS:
            table.add_column(label, key=key, width=width)

    def show(self, queue_name: str, messages: list[PeekedMessage], index: MessageIndex) -> None:
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        counts = {"visible": 0, "in flight": 0, "delayed": 0}
        for m in ordered(messages):
            counts[m.state] += 1
            body = Text(clean(" ".join(m.body[:BODY_CHARS].split())), overflow="ellipsis",
                        no_wrap=True)
            table.add_row(Text(str(index.of(m.message_id)), style="bold"),
                          Text(m.state, style=STATE_STYLE[m.state]), str(m.receive_count),
                          cell(m.group_id or ""), body)
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        summary = " · ".join(f"{n} {state}" for state, n in counts.items())
        self.query_one("#peek-status", Static).update(markup(
            f"[b]$name[/b]: {len(messages)} messages ({summary})\n"
            "[dim]Peeking does not receive: receive counts and visibility stay as they are.[/]",
            name=queue_name))

    def show_unavailable(self, text: str) -> None:
        self.query_one(DataTable).clear()
        self.query_one("#peek-status", Static).update(markup(
            "[yellow]$text[/]\n[dim]SQS itself has no way to look without receiving, and "
            "receiving changes a message (receive count, visibility). Use a consumer instead.[/]",
            text=text))
