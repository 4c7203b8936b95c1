"""The queue list: live counts of visible, in-flight and delayed messages per queue."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from playground.aws.sqs.service import DlqLink, QueueSummary

COLUMNS = (("queue", "name", 15), ("type", "type", 4), ("vis", "visible", 3),
           ("flight", "in_flight", 6), ("delay", "delayed", 5))


class QueueTable(DataTable[str | Text]):
    """Rows keyed by queue URL; refreshes update cells in place so the cursor stays put."""

    BINDINGS = [
        Binding("d", "delete_queue", "Delete queue", id="sqs.queue.delete"),
        Binding("x", "purge_queue", "Purge", id="sqs.queue.purge"),
        Binding("i", "inspect", "Attributes", id="sqs.queue.inspect"),
    ]

    class Selected(Message):
        """The highlighted queue changed (or None when the list is empty)."""

        def __init__(self, url: str | None) -> None:
            self.url = url
            super().__init__()

    class Action(Message):
        """delete / purge / inspect asked for on the highlighted queue."""

        def __init__(self, action: str, url: str) -> None:
            self.action = action
            self.url = url
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self.queues: dict[str, QueueSummary] = {}
        self.filter_text = ""
        self._all: list[QueueSummary] = []
        self._roles: dict[str, str] = {}

    def on_mount(self) -> None:
        for label, key, width in COLUMNS:
            self.add_column(label, key=key, width=width)

    @property
    def selected_url(self) -> str | None:
        if self.row_count == 0:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return str(row_key.value)

    def show(self, queues: list[QueueSummary], links: list[DlqLink]) -> None:
        self._all = queues
        self._roles = {}
        for link in links:
            self._roles[link.dlq.url] = "dlq"
            self._roles.setdefault(link.source.url, "source")
        self._render_rows()

    def set_filter(self, text: str) -> None:
        self.filter_text = text.strip().lower()
        self._render_rows()

    def _render_rows(self) -> None:
        before = self.selected_url
        wanted = [q for q in self._all if self.filter_text in q.name.lower()]
        wanted_urls = [q.url for q in wanted]
        if wanted_urls != list(self.queues):
            self.clear()
            self.queues = {}
            for q in wanted:
                self.add_row(*self._cells(q), key=q.url)
                self.queues[q.url] = q
            if before in self.queues:
                self.move_cursor(row=self.get_row_index(before))
        else:
            for q in wanted:
                if q != self.queues[q.url] or q.attributes != self.queues[q.url].attributes:
                    for (_, key, _), value in zip(COLUMNS, self._cells(q), strict=True):
                        self.update_cell(q.url, key, value)
                self.queues[q.url] = q
        if self.selected_url != before:
            self.post_message(self.Selected(self.selected_url))

    def _cells(self, q: QueueSummary) -> list[str | Text]:
        name = Text(q.name, overflow="ellipsis", no_wrap=True)
        role = self._roles.get(q.url)
        if role == "dlq":
            name.stylize("yellow")
        kind = Text("FIFO", style="magenta") if q.fifo else Text("std", style="dim")
        return [name, kind, _count(q.visible, "visible"), _count(q.in_flight, "in_flight", "cyan"),
                _count(q.delayed, "delayed", "blue")]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.post_message(self.Selected(str(event.row_key.value)))

    def _act(self, action: str) -> None:
        url = self.selected_url
        if url is None:
            self.notify("No queue selected: n creates one", severity="warning")
            return
        self.post_message(self.Action(action, url))

    def action_delete_queue(self) -> None:
        self._act("delete")

    def action_purge_queue(self) -> None:
        self._act("purge")

    def action_inspect(self) -> None:
        self._act("inspect")


WIDTHS = {key: width for _, key, width in COLUMNS}


def _count(n: int, column: str, style: str = "") -> Text:
    return Text(fit_count(n, WIDTHS[column]), style=style if n else "dim", justify="right")


def fit_count(n: int, width: int) -> str:
    """A count that fits `width` characters: exact when it fits, else 1.2k, 20k, .5M, 3M.

    A DataTable column cuts a longer cell, so 20,000 showed as "200"; an approximate count
    that says its unit is honest, and the attribute inspector (i) has the exact numbers."""
    exact = str(n)
    if len(exact) <= width:
        return exact
    for power, unit in ((1, "k"), (2, "M"), (3, "G"), (4, "T")):
        value = n / 1000 ** power
        tenths = f"{value:.1f}".rstrip("0").rstrip(".")
        if tenths.startswith("0."):
            tenths = tenths[1:]
        for text in (tenths, str(int(value + 0.5))):
            if text not in ("", "0") and len(text) + 1 <= width:
                return text + unit
    return exact
