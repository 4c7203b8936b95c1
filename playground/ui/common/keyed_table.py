"""A resource list as a DataTable whose rows are keyed by the resource's name: a refresh that
changes nothing leaves the cursor where the learner put it, one that changes a row's state
updates its cells in place, and only a new set of names rebuilds the rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

T = TypeVar("T")

Column = tuple[str, str, int]
"""(label, key, width) of a column."""


def cursor_key(table: DataTable[Any]) -> str | None:
    """The key of the row under a row cursor (None when the table has no row)."""
    if table.row_count == 0:
        return None
    row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
    return str(row_key.value)


class KeyedTable(DataTable[Text], Generic[T]):
    """Rows keyed by `item_key(item)`, drawn by `_cells(item)` in the columns `_column_spec()`
    gives for `self.wide` (at 120 columns and more, or under; `fit` switches): by default
    COLUMNS with WIDTHS. `show` posts what `_selected_message` makes of the highlighted key,
    and so does each highlight (a table whose `_selected_message` makes nothing lets the
    highlight bubble up as it is)."""

    COLUMNS: ClassVar[tuple[tuple[str, str], ...]] = ()
    """(label, key) of each column."""
    WIDTHS: ClassVar[Mapping[bool, tuple[int, ...]]] = {}
    """The columns' widths at 120 columns and more (True), and under."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self.shown: dict[str, T] = {}
        """The items drawn, by row key, in row order."""
        self.wide = True

    # --- what a subclass says ---------------------------------------------------------------
    def _column_spec(self) -> Sequence[Column]:
        """(label, key, width) of each column, for `self.wide`."""
        return [(label, key, width) for (label, key), width
                in zip(self.COLUMNS, self.WIDTHS[self.wide], strict=True)]

    def item_key(self, item: T) -> str:
        raise NotImplementedError

    def _cells(self, item: T) -> list[Text]:
        raise NotImplementedError

    def _selected_message(self, key: str | None) -> Message | None:
        """The message saying which row is highlighted now (None: the table posts none)."""
        return None

    def _shown(self, before: str | None, select: str | None) -> None:
        """After `show` drew the items: by default, say which row is highlighted."""
        self._post_selected()

    def _highlighted(self) -> None:
        """After a row was highlighted (and said so): nothing more by default. (Not an
        on_data_table_row_highlighted of its own: Textual runs the handler of every class in
        the MRO, so both would run.)"""

    # --- the logic they share ---------------------------------------------------------------
    def on_mount(self) -> None:
        self._columns()

    def _columns(self) -> None:
        for label, key, width in self._column_spec():
            self.add_column(label, key=key, width=width)

    def fit(self, wide: bool) -> None:
        """Column widths for the room there is (rebuilt: DataTable widths are set when added;
        a narrow column cuts long names short)."""
        if wide == self.wide:
            return
        self.wide = wide
        selected = self.selected_key
        self.clear(columns=True)
        self._columns()
        for key, item in self.shown.items():
            self.add_row(*self._cells(item), key=key)
        if selected in self.shown:
            self.move_cursor(row=self.get_row_index(selected))

    @property
    def selected_key(self) -> str | None:
        """The key of the highlighted row."""
        return cursor_key(self)

    def show(self, items: list[T], select: str | None = None) -> None:
        """Draw `items` in their order; the cursor goes to `select` if listed, else stays on
        the row it was on."""
        keys = [self.item_key(item) for item in items]
        before = select if select in keys else self.selected_key
        if keys != list(self.shown):
            self.clear()
            self.shown = {}
            for key, item in zip(keys, items, strict=True):
                self.add_row(*self._cells(item), key=key)
                self.shown[key] = item
            if before in self.shown:
                self.move_cursor(row=self.get_row_index(before))
        else:
            columns = [key for _, key, _ in self._column_spec()]
            for key, item in zip(keys, items, strict=True):
                if item != self.shown[key]:
                    for column, value in zip(columns, self._cells(item), strict=True):
                        self.update_cell(key, column, value)
                self.shown[key] = item
        self._shown(before, select)

    def _post_selected(self) -> None:
        message = self._selected_message(self.selected_key)
        if message is not None:
            self.post_message(message)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        message = self._selected_message(str(event.row_key.value))
        if message is not None:
            event.stop()
            self.post_message(message)
        self._highlighted()
