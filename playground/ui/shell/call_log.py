"""The call log: every AWS call the app made, with its CLI and boto3 equivalents."""

from __future__ import annotations

import queue

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from playground.aws.recorder import CallRecord, CallRecorder
from playground.ui.common.text import clean, plain

MAX_ROWS = 500


class CallLogPane(Vertical):
    """Rows drain from a thread-safe queue on a timer, so workers never touch widgets."""

    HELP_TITLE = "Call log"
    BINDINGS = [
        Binding("c", "copy_cli", "Copy CLI", id="call-log.copy-cli"),
        Binding("b", "copy_boto3", "Copy boto3", id="call-log.copy-boto3"),
        Binding("x", "clear", "Clear", id="call-log.clear"),
        Binding("h", "toggle_background", "Show refreshes", id="call-log.background"),
    ]

    def __init__(self, recorder: CallRecorder, *, show_times: bool = True,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.recorder = recorder
        self.show_times = show_times
        self._inbox: queue.SimpleQueue[CallRecord] = queue.SimpleQueue()
        self._by_key: dict[str, CallRecord] = {}
        self._unsubscribe = recorder.subscribe(self._inbox.put)
        self.show_background = False
        self._hidden = 0
        self._stale = False

    def compose(self) -> ComposeResult:
        with Vertical(id="call-list"):
            yield DataTable(id="call-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="call-hidden")
        with TabbedContent(id="call-detail"):
            with TabPane("aws CLI", id="tab-cli"), VerticalScroll():
                yield Static("Select a call to see the command that redoes it.", id="cli-text")
            with TabPane("boto3", id="tab-boto3"), VerticalScroll():
                yield Static("", id="boto3-text")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("#", key="seq", width=4)
        if self.show_times:
            table.add_column("time", key="time", width=8)
        table.add_column("service", key="service", width=13)
        table.add_column("operation", key="operation", width=26)
        table.add_column("outcome", key="outcome", width=22)
        if self.show_times:
            table.add_column("ms", key="ms", width=6)
        for record in self.recorder.records[-MAX_ROWS:]:
            self._add(record)
        if table.row_count:
            table.move_cursor(row=table.row_count - 1)
        self.set_interval(0.1, self._drain)

    def on_unmount(self) -> None:
        self._unsubscribe()

    def _drain(self) -> None:
        if not self.display or not self.screen.is_current:
            # Hidden: drop the queue and rebuild from the recorder when shown (the recorder
            # keeps the recent calls), so a busy workbench does not pay for an unseen table.
            while not self._inbox.empty():
                self._inbox.get_nowait()
            self._stale = True
            return
        if self._stale:
            self._stale = False
            self._rebuild()
            return
        added = 0
        while added < 200:
            try:
                record = self._inbox.get_nowait()
            except queue.Empty:
                break
            self._add(record)
            added += 1
        if added:
            table = self.query_one(DataTable)
            table.move_cursor(row=table.row_count - 1)

    def _add(self, record: CallRecord) -> None:
        if record.background and not self.show_background:
            self._hidden += 1
            self.query_one("#call-hidden", Static).update(
                plain(f"{self._hidden} background refresh calls hidden · h shows them"))
            return
        table = self.query_one(DataTable)
        key = str(record.seq)
        if key in self._by_key:
            return
        outcome = Text("ok", style="green") if record.ok else Text(record.outcome, style="red")
        cells: list[str | Text] = [str(record.seq)]
        if self.show_times:
            cells.append(record.started.astimezone().strftime("%H:%M:%S"))
        cells += [record.service, record.operation, outcome]
        if self.show_times:
            cells.append(f"{record.duration_ms:.0f}")
        table.add_row(*cells, key=key)
        self._by_key[key] = record
        while table.row_count > MAX_ROWS:
            oldest = next(iter(self._by_key))
            table.remove_row(oldest)
            del self._by_key[oldest]

    @property
    def selected(self) -> CallRecord | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return self._by_key.get(str(row_key.value))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is None or event.row_key.value is None:  # the table was just cleared
            return
        record = self._by_key.get(str(event.row_key.value))
        if record is None:
            return
        cli = _shown(record.cli())
        if not record.ok and record.error_message:
            cli += _shown(f"\n\n# failed: {record.error_code}: {record.error_message}")
        from rich.syntax import Syntax  # pygments: loaded when a call is first shown, not at start

        self.query_one("#cli-text", Static).update(Syntax(cli, "bash", word_wrap=True,
                                                          theme="ansi_dark"))
        self.query_one("#boto3-text", Static).update(Syntax(_shown(record.boto3()), "python",
                                                            theme="ansi_dark"))

    def action_copy_cli(self) -> None:
        self._copy("cli")

    def action_copy_boto3(self) -> None:
        self._copy("boto3")

    def _copy(self, kind: str) -> None:
        record = self.selected
        if record is None:
            self.notify("No call selected", severity="warning")
            return
        text = record.cli() if kind == "cli" else record.boto3()
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied the {'aws CLI command' if kind == 'cli' else 'boto3 code'} "
                    f"of call #{record.seq}", markup=False)

    def action_toggle_background(self) -> None:
        """Refresh loops poll every few seconds; shown, they bury the learner's own calls."""
        self.show_background = not self.show_background
        self._rebuild()

    def _rebuild(self) -> None:
        while not self._inbox.empty():
            self._inbox.get_nowait()
        table = self.query_one(DataTable)
        table.clear()
        self._by_key.clear()
        self._hidden = 0
        self.query_one("#call-hidden", Static).update("")
        for record in self.recorder.records[-MAX_ROWS:]:
            self._add(record)
        if table.row_count:
            table.move_cursor(row=table.row_count - 1)

    def action_clear(self) -> None:
        self.query_one(DataTable).clear()
        self._by_key.clear()
        self._hidden = 0
        self.query_one("#call-hidden", Static).update("")
        self.recorder.clear()


SHOWN_CHARS = 20_000
"""Of a command, what the pane highlights: a 1 MiB message body in it took seconds to draw.
Copying (c, y) still takes the whole command."""


def _shown(code: str) -> str:
    """`code` for the highlighter: at most SHOWN_CHARS, with control characters escaped."""
    return clean(code, SHOWN_CHARS)
