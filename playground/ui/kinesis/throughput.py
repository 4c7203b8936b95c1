"""Writes per shard over the last minute (records/s and KiB/s), against AWS's per-shard limit."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Sparkline, Static

from playground.aws.kinesis.lineage import short_id
from playground.aws.kinesis.meter import Rate, ThroughputMeter
from playground.aws.kinesis.validate import WRITE_BYTES_PER_SHARD, WRITE_RECORDS_PER_SHARD
from playground.ui.common.text import plain


def rate_line(shard_id: str, rate: Rate) -> Text:
    style = "bold red" if rate.over_limit else ("yellow" if rate.load >= 0.8 else "")
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{short_id(shard_id)} ", style="bold")
    text.append(f"{rate.records:,} rec/s {rate.kib:,.1f} KiB/s", style=style)
    text.append(f" {rate.load:.0%}", style=style or "dim")
    if rate.over_limit:
        text.append(" THROTTLED on AWS", style="bold red")
    return text


class ShardThroughput(Vertical):
    """One shard: a line of numbers, then records/s and KiB/s sparklines side by side."""

    def __init__(self, shard_id: str) -> None:
        super().__init__(classes="thr-shard")
        self.shard_id = shard_id
        self.line = Static("", classes="thr-line")
        self.records = Sparkline([0], classes="thr-records")
        self.kib = Sparkline([0], classes="thr-kib")

    def compose(self) -> ComposeResult:
        yield self.line
        with Horizontal(classes="thr-sparks"):
            yield self.records
            yield self.kib

    @property
    def ready(self) -> bool:
        return self.kib.is_mounted

    def update_from(self, meter: ThroughputMeter) -> None:
        records, kib = meter.series(self.shard_id)
        self.line.update(rate_line(self.shard_id, meter.rate(self.shard_id)))
        self.records.data = records
        self.kib.data = kib


class ThroughputChart(VerticalScroll):
    """Fed by the consumer's records (bucketed by ApproximateArrivalTimestamp)."""

    def __init__(self, meter: ThroughputMeter, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.meter = meter
        self.shard_ids: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static(Text(f"last 60 s: rec/s │ KiB/s\nlimit/shard: {WRITE_RECORDS_PER_SHARD:,} "
                          f"rec/s, {WRITE_BYTES_PER_SHARD // 1024 // 1024} MiB/s", style="dim"),
                     id="thr-legend")

    def set_shards(self, shard_ids: list[str]) -> None:
        """The shards to chart (open ones, and any that still have records in the window)."""
        if shard_ids == self.shard_ids:
            return
        self.shard_ids = shard_ids
        for row in list(self.query(ShardThroughput)):
            if row.shard_id not in shard_ids:
                row.remove()
        have = {row.shard_id for row in self.query(ShardThroughput)}
        for sid in shard_ids:
            if sid not in have:
                self.mount(ShardThroughput(sid))
        self.call_after_refresh(self.refresh_chart)

    def refresh_chart(self) -> None:
        for row in self.query(ShardThroughput):
            if row.ready:
                row.update_from(self.meter)
        over = [sid for sid in self.shard_ids if self.meter.rate(sid).over_limit]
        self.border_subtitle = (plain(f"⚠ {', '.join(short_id(s) for s in over)} over the limit")
                                if over else "")
