"""The consumer pane: the latest records of every shard, and how far behind each reader is."""

from __future__ import annotations

import time
from collections import deque

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from playground.aws.kinesis.consumer import ShardLag, TailBatch, TailRecord
from playground.aws.kinesis.lineage import short_id
from playground.aws.kinesis.validate import READ_BYTES_PER_SHARD, READ_CALLS_PER_SHARD
from playground.ui.common.text import clean, plain

MAX_RECORDS = 200
MAX_EVENTS = 3
LAGS_EVERY_S = 0.5
"""The lag table is read by a person: twice a second is plenty, and it is not free."""
DATA_CHARS = 60


def record_line(record: TailRecord) -> Text:
    data = record.data.decode("utf-8", "replace")
    flat = " ".join(data.split())
    if len(flat) > DATA_CHARS:
        flat = flat[:DATA_CHARS - 1] + "…"
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{short_id(record.shard_id):>8} ", style="cyan")
    text.append(f"{max(0.0, record.read_at - record.arrived):4.1f}s ", style="dim")
    text.append(clean(f"{record.partition_key[:8]:<8} "), style="yellow")
    text.append(clean(flat))
    return text


LAG_HEADER = f"{'shard':>8} {'read':>7} {'behind':>8} {'newest':>7}"
"""behind: MillisBehindLatest; newest: read time − ApproximateArrivalTimestamp."""


def lag_line(lag: ShardLag) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{short_id(lag.shard_id):>8} ", style="cyan")
    if lag.state != "reading":
        text.append(lag.state, style="dim")
        return text
    text.append(f"{lag.read:>7,} ", style="bold")
    behind = "—" if lag.millis_behind is None else f"{lag.millis_behind:,}ms"
    text.append(f"{behind:>8} ", style="red" if (lag.millis_behind or 0) > 1000 else "")
    age = "—" if lag.age_s is None else f"{lag.age_s:.1f}s"
    text.append(f"{age:>7}", style="dim")
    return text


class RecordSelected(Message):
    def __init__(self, record: TailRecord | None) -> None:
        self.record = record
        super().__init__()


class LatestRecords(Widget):
    """Draws only the newest records that fit, each line rendered once and kept, so 2,000
    records a second stay cheap."""

    EMPTY = "Nothing read yet: put one, or g."

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.records: deque[TailRecord] = deque(maxlen=MAX_RECORDS)
        self._strips: dict[int, Strip] = {}
        self._shown: list[TailRecord] = []
        self.selected: TailRecord | None = None
        """The record a sequence-number start takes its number from (↑↓ or a click)."""

    def add(self, records: list[TailRecord]) -> None:
        if records:
            self.records.extend(records)
            self.refresh()

    def clear(self) -> None:
        self.records.clear()
        self.selected = None
        self.refresh()

    def select(self, step: int) -> TailRecord | None:
        """Move the selection `step` records (negative: older); from none, the newest."""
        if not self.records:
            return None
        records = list(self.records)
        if self.selected is None or self.selected not in records:
            index = len(records) - 1
        else:
            index = max(0, min(len(records) - 1, records.index(self.selected) + step))
        self.selected = records[index]
        self.refresh()
        return self.selected

    def on_click(self, event: events.Click) -> None:
        if 0 <= event.y < len(self._shown):
            self.selected = self._shown[event.y]
            self.refresh()
            self.post_message(RecordSelected(self.selected))

    def render_lines(self, crop: Region) -> list[Strip]:
        height = max(1, self.size.height)
        records = list(self.records)
        end = len(records)
        if self.selected is not None and self.selected in records:
            end = max(min(end, records.index(self.selected) + height), height)
        self._shown = records[max(0, end - height):end]
        keep = {id(r) for r in self._shown}
        self._strips = {k: v for k, v in self._strips.items() if k in keep}
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width, style = self.size.width, self.rich_style
        if not self._shown:
            text = Text(self.EMPTY, style="dim", no_wrap=True) if y == 0 else Text()
            text.stylize_before(style)
            return Strip(text.render(self.app.console)).crop_extend(0, width, style)
        if y >= len(self._shown):
            return Strip.blank(width, style)
        record = self._shown[y]
        if record is self.selected:
            text = record_line(record)
            text.stylize("reverse")
            text.stylize_before(style)
            return Strip(text.render(self.app.console)).crop_extend(0, width, style)
        strip = self._strips.get(id(record))
        if strip is None or strip.cell_length != width:
            text = record_line(record)
            text.stylize_before(style)
            strip = Strip(text.render(self.app.console)).crop_extend(0, width, style)
            self._strips[id(record)] = strip
        return strip


class ConsumerPane(Vertical):
    """State is the screen's; this shows what the consumer worker reported. It takes the focus
    (key 6, a click) so its records scroll from the keyboard."""

    can_focus = True
    BINDINGS = [
        Binding("up", "select(-1)", "Older record", show=False, id="kinesis.record.older"),
        Binding("down", "select(1)", "Newer record", show=False, id="kinesis.record.newer"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lags: dict[str, ShardLag] = {}
        self.events: deque[str] = deque(maxlen=MAX_EVENTS)
        self.error: str | None = None
        self.paused = False
        self._lags_drawn = 0.0

    def compose(self) -> ComposeResult:
        yield Static("", id="con-mode")
        yield Static("", id="con-lags")
        yield Static("", id="con-events")
        yield LatestRecords(id="con-records")

    @property
    def selected(self) -> TailRecord | None:
        return self.query_one(LatestRecords).selected

    def action_select(self, step: int) -> None:
        self.on_record_selected(RecordSelected(self.query_one(LatestRecords).select(step)))

    def on_record_selected(self, message: RecordSelected) -> None:
        record = message.record
        if record is None:
            return
        seq = record.sequence if len(record.sequence) <= 16 else f"…{record.sequence[-14:]}"
        self.border_subtitle = plain(f"seq {seq} · t starts here")

    def reset(self, stream: str | None, start: str) -> None:
        self.lags, self.error = {}, None
        self.events.clear()
        self.query_one(LatestRecords).clear()
        self.border_subtitle = "paused: f resumes" if self.paused else ""
        mode = Text(no_wrap=True, overflow="ellipsis")
        if stream is None:
            mode.append("No stream selected.", style="dim")
        else:
            mode.append(clean(f"reading from {start}"), style="bold")
            mode.append(" (t changes)\n", style="dim")
            mode.append(f"AWS: ≤{READ_CALLS_PER_SHARD} calls/s, "
                        f"{READ_BYTES_PER_SHARD // 1024 // 1024} MiB/s per shard", style="dim")
        self.query_one("#con-mode", Static).update(mode)
        self._render_lags()

    def show_batch(self, batch: TailBatch) -> None:
        self.lags.update(batch.lags)
        self.events.extend(batch.events)
        changed = batch.error != self.error or bool(batch.events)
        self.error = batch.error
        if not self.paused:
            self.query_one(LatestRecords).add(batch.records)
        now = time.monotonic()
        if changed or now - self._lags_drawn >= LAGS_EVERY_S:
            self._lags_drawn = now
            self._render_lags()

    def toggle_pause(self) -> bool:
        self.paused = not self.paused
        self.border_subtitle = "paused: f resumes" if self.paused else ""
        return self.paused

    def _render_lags(self) -> None:
        lags = Text(no_wrap=True)
        lags.append(LAG_HEADER, style="dim underline")
        for _, lag in sorted(self.lags.items()):
            lags.append("\n")
            lags.append_text(lag_line(lag))
        self.query_one("#con-lags", Static).update(lags)
        events = Text()
        if self.error:
            events.append(clean(f"⚠ {self.error}\n"), style="red")
        for event in self.events:
            events.append(clean(f"↳ {event}\n"), style="italic")
        self.query_one("#con-events", Static).update(events)
