"""The shard map: each shard's hash-key range as a bar across 0..2^128-1, and its lineage."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from playground.aws.kinesis.hash import bar_columns, marker_column, span_text
from playground.aws.kinesis.lineage import LineageRow, lineage, short_id
from playground.aws.kinesis.service import Shard

BAR = 24


def axis() -> Text:
    """The keyspace under the bars: 0 on the left, 2^128-1 on the right."""
    text = Text(" ")
    text.append("0".ljust(BAR - 7) + "2^128-1", style="dim")
    text.append("  shard · state · share of the keyspace · lineage", style="dim")
    return text


def shard_line(row: LineageRow, mark: int | None = None) -> Text:
    s = row.shard
    first, last = bar_columns(s.start_hash, s.end_hash, BAR)
    fill = "green" if s.open else "grey50"
    text = Text(" ", no_wrap=True, overflow="ellipsis")
    for col in range(BAR):
        if mark is not None and col == mark:
            text.append("┃", style="bold yellow")
        elif first <= col < last:
            text.append("█", style=fill)
        else:
            text.append("·", style="grey30")
    text.append(" ")
    text.append(row.prefix, style="dim")
    text.append(short_id(s.shard_id), style="bold" if s.open else "dim")
    text.append(" open" if s.open else " closed", style="green" if s.open else "dim")
    text.append(f" {span_text(s.start_hash, s.end_hash)}", style="dim")
    if row.note:
        text.append(f" {row.note}", style="italic")
    return text


class ShardMap(OptionList):
    """One option per shard, roots first with children indented under them."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[LineageRow] = []
        self.marked: int | None = None

    def show(self, shards: list[Shard]) -> None:
        rows = lineage(shards)
        if rows == self.rows:
            return
        before = self.selected
        self.rows = rows
        self._redraw(before)

    def mark(self, key: int | None) -> None:
        """Draw the hash key of the partition key being typed on the shard that takes it."""
        if key != self.marked:
            self.marked = key
            self._redraw(self.selected)

    def _redraw(self, select: Shard | None) -> None:
        self.clear_options()
        options = []
        for row in self.rows:
            s = row.shard
            mark = (marker_column(self.marked, BAR) if self.marked is not None and s.open
                    and s.start_hash <= self.marked <= s.end_hash else None)
            options.append(Option(shard_line(row, mark), id=s.shard_id))
        self.add_options(options)
        ids = [r.shard.shard_id for r in self.rows]
        if select is not None and select.shard_id in ids:
            self.highlighted = ids.index(select.shard_id)
        elif ids:
            opened = [i for i, r in enumerate(self.rows) if r.shard.open]
            self.highlighted = opened[0] if opened else 0

    @property
    def shards(self) -> list[Shard]:
        return [r.shard for r in self.rows]

    @property
    def selected(self) -> Shard | None:
        if self.highlighted is None or self.highlighted >= len(self.rows):
            return None
        return self.rows[self.highlighted].shard
