"""The streams of the target: status (CREATING … ACTIVE) and open shard count."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from playground.aws.kinesis.service import StreamInfo
from playground.ui.common.text import plain

COLUMNS = (("stream", "name", 16), ("status", "status", 9), ("open", "open", 4),
           ("mode", "mode", 4))
MODES = {"PROVISIONED": "prov", "ON_DEMAND": "o-d"}
"""Short in the table; the selected stream's border line says it in full."""
STATUS_STYLE = {"ACTIVE": "green", "CREATING": "yellow", "UPDATING": "yellow",
                "DELETING": "red"}


class StreamTable(DataTable[str | Text]):
    """Rows keyed by stream name; refreshes update cells in place so the cursor stays put."""

    class Selected(Message):
        """The highlighted stream changed (None when the list is empty)."""

        def __init__(self, stream: str | None) -> None:
            self.stream = stream
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self.streams: dict[str, StreamInfo] = {}

    def on_mount(self) -> None:
        for label, key, width in COLUMNS:
            self.add_column(label, key=key, width=width)

    @property
    def selected(self) -> str | None:
        if self.row_count == 0:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return str(row_key.value)

    def show(self, streams: list[StreamInfo], select: str | None = None) -> None:
        before = select if select in {s.name for s in streams} else self.selected
        if [s.name for s in streams] != list(self.streams):
            self.clear()
            self.streams = {}
            for info in streams:
                self.add_row(*self._cells(info), key=info.name)
                self.streams[info.name] = info
            if before in self.streams:
                self.move_cursor(row=self.get_row_index(before))
        else:
            for info in streams:
                if info != self.streams[info.name]:
                    for (_, key, _), value in zip(COLUMNS, self._cells(info), strict=True):
                        self.update_cell(info.name, key, value)
                self.streams[info.name] = info
        if self.selected != before or select is not None:
            self.post_message(self.Selected(self.selected))
        self.describe()

    def describe(self) -> None:
        """The selected stream's mode and retention, in the border line."""
        info = self.streams.get(self.selected or "")
        if info is None:
            self.border_subtitle = ""
            return
        mode = {"PROVISIONED": "provisioned", "ON_DEMAND": "on-demand"}.get(info.mode, info.mode)
        self.border_subtitle = plain(f"{mode} · retention {info.retention_hours:,} h (h)")

    def set_status(self, stream: str, status: str) -> None:
        """A status seen between listings (CREATING while the create settles)."""
        info = self.streams.get(stream)
        if info is None:
            self.streams[stream] = info = StreamInfo(stream, status, 0)
            self.add_row(*self._cells(info), key=stream)
            return
        self.streams[stream] = info = replace(info, status=status)
        self.update_cell(stream, "status", self._cells(info)[1])

    @staticmethod
    def _cells(info: StreamInfo) -> list[str | Text]:
        return [Text(info.name, overflow="ellipsis", no_wrap=True),
                Text(info.status, style=STATUS_STYLE.get(info.status, "")),
                Text(str(info.open_shards), justify="right"),
                Text(MODES.get(info.mode, info.mode[:4]), style="dim")]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.post_message(self.Selected(str(event.row_key.value)))
        self.describe()
