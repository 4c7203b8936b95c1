"""The streams of the target: status (CREATING … ACTIVE) and open shard count."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.message import Message

from playground.aws.kinesis.service import StreamInfo
from playground.ui.common.keyed_table import Column, KeyedTable
from playground.ui.common.text import plain

COLUMNS: tuple[Column, ...] = (("stream", "name", 16), ("status", "status", 9), ("open", "open", 4),
           ("mode", "mode", 4))
MODES = {"PROVISIONED": "prov", "ON_DEMAND": "o-d"}
"""Short in the table; the selected stream's border line says it in full."""
STATUS_STYLE = {"ACTIVE": "green", "CREATING": "yellow", "UPDATING": "yellow",
                "DELETING": "red"}


class StreamTable(KeyedTable[StreamInfo]):
    """Rows keyed by stream name; refreshes update cells in place so the cursor stays put. A
    show says which stream is highlighted (Selected) only when that changed or was asked."""

    class Selected(Message):
        """The highlighted stream changed (None when the list is empty)."""

        def __init__(self, stream: str | None) -> None:
            self.stream = stream
            super().__init__()

    @property
    def streams(self) -> dict[str, StreamInfo]:
        return self.shown

    def _column_spec(self) -> tuple[Column, ...]:
        return COLUMNS

    @property
    def selected(self) -> str | None:
        return self.selected_key

    def _shown(self, before: str | None, select: str | None) -> None:
        if self.selected != before or select is not None:
            self._post_selected()
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

    def item_key(self, info: StreamInfo) -> str:
        return info.name

    def _cells(self, info: StreamInfo) -> list[Text]:
        return [Text(info.name, overflow="ellipsis", no_wrap=True),
                Text(info.status, style=STATUS_STYLE.get(info.status, "")),
                Text(str(info.open_shards), justify="right"),
                Text(MODES.get(info.mode, info.mode[:4]), style="dim")]

    def _selected_message(self, key: str | None) -> Message:
        return self.Selected(key)

    def _highlighted(self) -> None:
        self.describe()
