"""The delivery streams of the target, and the objects under the watched bucket/prefix."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from playground.aws.firehose.service import KINESIS_SOURCE, DeliveryStreamInfo
from playground.aws.s3.service import ObjectInfo
from playground.ui.common.keyed_table import KeyedTable, cursor_key
from playground.ui.common.text import cell

KEY_WIDTH_MAX = 120
STATUS_STYLE = {"ACTIVE": "green", "CREATING": "yellow", "DELETING": "red",
                "CREATING_FAILED": "bold red"}


class DeliveryTable(KeyedTable[DeliveryStreamInfo]):
    """Rows keyed by delivery stream name; a refresh that changes nothing leaves the cursor.
    Each show says which stream is highlighted (Selected)."""

    class Selected(Message):
        def __init__(self, stream: str | None) -> None:
            self.stream = stream
            super().__init__()

    COLUMNS = (("delivery stream", "name"), ("source", "source"), ("status", "status"))
    WIDTHS = {True: (22, 13, 8), False: (13, 9, 8)}

    @property
    def streams(self) -> dict[str, DeliveryStreamInfo]:
        return self.shown

    @property
    def selected(self) -> str | None:
        return self.selected_key

    @property
    def selected_info(self) -> DeliveryStreamInfo | None:
        return self.streams.get(self.selected or "")

    def item_key(self, info: DeliveryStreamInfo) -> str:
        return info.name

    def _cells(self, info: DeliveryStreamInfo) -> list[Text]:
        source = f"⇠ {info.source_stream}" if info.source == KINESIS_SOURCE else "direct put"
        return [cell(info.name), cell(source, "dim"),
                cell(info.status, STATUS_STYLE.get(info.status, ""))]

    def _selected_message(self, key: str | None) -> Message:
        return self.Selected(key)


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size:,} B"
    if size < 1024 * 1024:
        return f"{size / 1024:,.1f} KiB"
    return f"{size / (1024 * 1024):,.1f} MiB"


class ObjectTable(DataTable[Text]):
    """Objects under the prefix, newest first; those that landed while watching are marked."""

    class Picked(Message):
        def __init__(self, key: str | None) -> None:
            self.key = key
            super().__init__()

    def __init__(self, *, id: str | None = None, show_times: bool = True) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self.keys: list[str] = []
        self.prefix = ""
        self.seen: set[str] | None = None
        """Keys of the first listing of this watch: anything else landed while watching."""
        self.show_times = show_times
        """When each object landed (LastModified); off where the settings turn clocks off."""

    def on_mount(self) -> None:
        self._columns(0)

    def _columns(self, key_width: int) -> None:
        """The key column as wide as its longest key (set, not grown row by row: a width left
        from an earlier listing would make the same listing draw differently)."""
        label = "key (after the prefix)"
        self.add_column("", key="new", width=1)
        self.add_column("size", key="size", width=8)
        if self.show_times:
            self.add_column("landed", key="time", width=8)
        self.add_column(label, key="key", width=min(KEY_WIDTH_MAX, max(len(label), key_width)))

    def watch_prefix(self, prefix: str) -> None:
        """A new bucket/prefix: forget what was seen."""
        self.prefix = prefix
        self.seen = None
        self.keys = []
        self.clear()

    @property
    def picked(self) -> str | None:
        return cursor_key(self)

    def show(self, objects: list[ObjectInfo]) -> int:
        """Draw the listing; how many objects are new since the previous one."""
        keys = [o.key for o in objects]
        first = self.seen is None
        if first:
            self.seen = set(keys)
        new = [k for k in keys if k not in set(self.keys)] if not first else []
        if keys == self.keys:
            return 0
        picked = self.picked
        at_top = self.cursor_row == 0
        self.clear(columns=True)
        self._columns(max((len(self._after_prefix(o.key)) for o in objects), default=0))
        for obj in objects:
            fresh = self.seen is not None and obj.key not in self.seen
            when = obj.modified.strftime("%H:%M:%S") if self.show_times and obj.modified else ""
            rest = self._after_prefix(obj.key)
            cells = [cell("●" if fresh else "", "bold green"),
                     Text(human_size(obj.size), justify="right"),
                     *([cell(when, "dim")] if self.show_times else []), cell(rest)]
            self.add_row(*cells, key=obj.key)
        self.keys = keys
        if picked in keys and not at_top:
            self.move_cursor(row=keys.index(picked))  # the learner is reading an older one
        self.post_message(self.Picked(self.picked))
        return len(new)

    def _after_prefix(self, key: str) -> str:
        return key[len(self.prefix):] if key.startswith(self.prefix) else key

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.post_message(self.Picked(str(event.row_key.value)))
