"""The state machine list and the execution list: rows keyed by ARN, cursor kept on refresh."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from playground.ui.common.keyed_table import cursor_key
from playground.ui.stepfunctions.messages import ExecutionInfo, MachineInfo

STATUS_STYLE = {"SUCCEEDED": "green", "RUNNING": "yellow", "FAILED": "red", "TIMED_OUT": "red",
                "ABORTED": "red", "PENDING_REDRIVE": "yellow"}


class ArnTable(DataTable[str | Text]):
    """A one-selection table whose rows are keyed by ARN."""

    class Selected(Message):
        def __init__(self, table: ArnTable, arn: str | None) -> None:
            self.table = table
            self.arn = arn
            super().__init__()

    COLUMNS: tuple[tuple[str, int], ...] = ()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self.rows_shown: list[tuple[str, tuple[str, ...]]] = []

    def on_mount(self) -> None:
        for label, width in self.COLUMNS:
            self.add_column(label, key=label, width=width)

    @property
    def selected(self) -> str | None:
        return cursor_key(self)

    def show_rows(self, rows: list[tuple[str, tuple[str, ...]]], select: str | None = None) -> None:
        before = select if select in {arn for arn, _ in rows} else self.selected
        if rows != self.rows_shown:
            self.clear()
            self.rows_shown = rows
            for arn, cells in rows:
                self.add_row(*self.cells(cells), key=arn)
            if before in {arn for arn, _ in rows}:
                self.move_cursor(row=self.get_row_index(before))
        if self.selected != before or select is not None:
            self.post_message(self.Selected(self, self.selected))

    def cells(self, values: tuple[str, ...]) -> list[str | Text]:
        return [Text(v, overflow="ellipsis", no_wrap=True) for v in values]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.post_message(self.Selected(self, str(event.row_key.value)))


class MachineTable(ArnTable):
    COLUMNS = (("state machine", 24), ("type", 8))

    def show(self, machines: list[MachineInfo], select: str | None = None) -> None:
        self.show_rows([(m.arn, (m.name, m.kind)) for m in machines], select)


class ExecutionTable(ArnTable):
    COLUMNS = (("execution", 22), ("status", 10))

    def show(self, executions: list[ExecutionInfo], select: str | None = None) -> None:
        self.show_rows([(e.arn, (e.name, e.status)) for e in executions], select)

    def cells(self, values: tuple[str, ...]) -> list[str | Text]:
        name, status = values
        return [Text(name, overflow="ellipsis", no_wrap=True),
                Text(status, style=STATUS_STYLE.get(status, ""))]
