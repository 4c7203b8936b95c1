"""The Kinesis workbench: streams, the shard map with lineage, put record, a producer,
per-shard throughput and a consumer that follows splits and merges."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.widget import Widget
from textual.widgets import Input, Static

from playground.aws.kinesis.hash import adjacent
from playground.aws.kinesis.lineage import short_id
from playground.aws.kinesis.meter import ThroughputMeter
from playground.aws.kinesis.producer import ProducerPlan
from playground.aws.kinesis.service import Shard
from playground.aws.kinesis.start import StartPosition
from playground.ui.common.dialogs import ConfirmDialog, account_name
from playground.ui.common.panes import Pane, PaneKeys, pane_bindings
from playground.ui.common.text import clean, plain
from playground.ui.common.workbench import NoteLine, PollingWorkbench
from playground.ui.kinesis.consumer import ConsumerPane
from playground.ui.kinesis.dialogs import (
    NewStream,
    NewStreamDialog,
    RetentionDialog,
    SplitDialog,
    StartDialog,
)
from playground.ui.kinesis.messages import (
    ProducerUpdated,
    RecordPut,
    StreamChanged,
    StreamsRefreshed,
    StreamStatusSeen,
    TailUpdated,
)
from playground.ui.kinesis.producer import ProducerPanel
from playground.ui.kinesis.put_form import PutForm
from playground.ui.kinesis.shard_map import ShardMap, axis
from playground.ui.kinesis.stream_list import StreamTable
from playground.ui.kinesis.throughput import ThroughputChart
from playground.ui.kinesis.workers import KinesisWorkers
from playground.ui.workbenches import BY_KEY

CHART_EVERY_S = 1.0
"""The chart's buckets are one second wide: redrawing more often shows nothing new."""
PANES = (
    Pane("Streams", ("#kin-streams",), box="#kin-streams"),
    Pane("Put record", ("#put-key",), box="#kin-put", reveal=("_show_view", False)),
    Pane("Producer", ("#prod-rate",), box="#kin-producer", reveal=("_show_view", True)),
    Pane("Shard map: hash-key ranges over 0..2^128-1", ("#kin-shards",), box="#kin-map"),
    Pane("Writes per shard", ("#kin-chart",), box="#kin-chart", reveal=("_show_view", True)),
    Pane("Consumer", ("#kin-consumer",), box="#kin-consumer", reveal=("_show_view", False)),
)
"""Keys 1-6; where panes take turns, a key also shows its pane's view (as v does)."""


class KinesisWorkbench(PaneKeys, KinesisWorkers, PollingWorkbench):
    """All state lives here; widgets show it and ask for actions, workers make the calls."""

    PARITY_KEYS = BY_KEY["kinesis"].parity_keys
    CSS_PATH = "screen.tcss"
    PANES = PANES
    BINDINGS = [
        Binding("escape", "back", "Back", id="kinesis.back"),
        *pane_bindings(PANES, "kinesis"),
        Binding("v", "swap_view", "Put/producer view", id="kinesis.view.swap"),
        Binding("n", "new_stream", "New stream", id="kinesis.stream.new"),
        Binding("d", "delete_stream", "Delete stream", id="kinesis.stream.delete"),
        Binding("h", "retention", "Retention hours", id="kinesis.stream.retention"),
        Binding("s", "split", "Split shard", id="kinesis.shard.split"),
        Binding("m", "merge", "Merge shard", id="kinesis.shard.merge"),
        Binding("p", "compose", "Put form", id="kinesis.compose"),
        Binding("g", "producer", "Producer on/off", id="kinesis.producer"),
        Binding("t", "start_position", "Start position", id="kinesis.start-position"),
        Binding("f", "freeze", "Freeze records", show=False, id="kinesis.freeze"),
        Binding("r", "refresh", "Refresh", id="kinesis.refresh"),
    ]

    # Under 120 columns the consumer and the chart take turns, under 40 rows the put form and the
    # producer do (v swaps); under 100 columns the forms' column narrows, under 48 rows the forms
    # lose their blank lines.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-medium"), (120, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (40, "-snug"), (48, "-tall")]

    def __init__(self, clock: Callable[[], float] | None = None) -> None:
        super().__init__(name="kinesis")
        self.meter = ThroughputMeter(clock or time.time)
        self.stream: str | None = None
        self.shards: list[Shard] = []
        self.start = StartPosition("LATEST")
        self.tail_run = 0
        self.plan: ProducerPlan | None = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="kin-main"):
            with Vertical(id="kin-left"):
                yield StreamTable(id="kin-streams")
                yield NoteLine("", id="kin-note")
                yield PutForm(id="kin-put")
                yield ProducerPanel(id="kin-producer")
            with Vertical(id="kin-right"):
                with Vertical(id="kin-map"):
                    yield Static(axis(), id="kin-axis")
                    yield ShardMap(id="kin-shards")
                with Horizontal(id="kin-live"):
                    yield ThroughputChart(self.meter, id="kin-chart")
                    yield ConsumerPane(id="kin-consumer")

    def on_mount(self) -> None:
        super().on_mount()
        self.number_panes()
        self.query_one(ConsumerPane).reset(None, self.start.label())
        self.query_one(StreamTable).focus()
        self.set_interval(CHART_EVERY_S, self.query_one(ThroughputChart).refresh_chart)
        self.start_polling()

    def watched_stream(self) -> str | None:
        """Read by the refresh worker: whose shards to list."""
        return self.stream

    def clear_view(self) -> None:
        self._choose(None)
        self.query_one(StreamTable).show([])

    # --- streams ------------------------------------------------------------------------------
    def on_streams_refreshed(self, message: StreamsRefreshed) -> None:
        try:
            self._show_streams(message)
        except NoMatches:
            if self.is_attached and self.query(ShardMap):
                raise
            # The poll's last answer reached a screen being taken down (its panes already
            # gone, as the app quits): there is nothing left to show it in.

    def _show_streams(self, message: StreamsRefreshed) -> None:
        if not self.show_listing(self.query_one(StreamTable), message.streams, message.error,
                                 "No stream yet: n creates one."):
            return
        if message.stream is not None and message.stream == self.stream:
            self._show_shards(message.shards)

    def on_stream_table_selected(self, message: StreamTable.Selected) -> None:
        if message.stream != self.stream:
            self._choose(message.stream)

    def _choose(self, stream: str | None) -> None:
        self.stream = stream
        self.query_one("#kin-map").border_subtitle = ""
        self.shards = []
        self.meter.forget(set())
        self.query_one(ShardMap).show([])
        self.query_one(PutForm).set_stream(stream, [])
        self.query_one(ThroughputChart).set_shards([])
        self._restart_tail()
        self.action_refresh()

    def _show_shards(self, shards: list[Shard]) -> None:
        self.shards = shards
        self.query_one(ShardMap).show(shards)
        self.query_one(PutForm).set_stream(self.stream, shards)
        opened = {s.shard_id for s in shards if s.open}
        self.query_one(ThroughputChart).set_shards(sorted(opened | set(self.meter.shards())))
        info = self.query_one(StreamTable).streams.get(self.stream or "")
        status = info.status if info else "?"
        self.query_one("#kin-map").border_subtitle = plain(
            f"{self.stream} · {status} · {len(opened)} open of {len(shards)} listed · "
            "s split · m merge")

    def on_stream_status_seen(self, message: StreamStatusSeen) -> None:
        self.query_one(StreamTable).set_status(message.stream, message.status)

    def on_stream_changed(self, message: StreamChanged) -> None:
        self.note(message.text, error=message.error)
        if message.select:
            self._select_when_listed = message.select
        self.action_refresh()

    def action_new_stream(self) -> None:
        def chosen(request: NewStream | None) -> None:
            if request and self.target is not None:
                name = account_name(self.app, request.name)
                self._select_when_listed = name
                self.query_one(StreamTable).set_status(name, "CREATING")
                self.note(f"creating {name}…")
                self.create_stream(self.target, name, request.shards, request.on_demand)

        self.app.push_screen(NewStreamDialog(), chosen)

    def action_retention(self) -> None:
        table, target = self.query_one(StreamTable), self.target
        info = table.streams.get(table.selected or "")
        if info is None or target is None:
            self.notify("No stream selected", severity="warning")
            return

        def chosen(hours: int | None) -> None:
            if hours is not None:
                self.note(f"setting the retention of {info.name} to {hours:,} h…")
                self.set_retention(target, info.name, hours, info.retention_hours)

        self.app.push_screen(RetentionDialog(info.name, info.retention_hours), chosen)

    def action_delete_stream(self) -> None:
        name, target = self.query_one(StreamTable).selected, self.target
        if name is None or target is None:
            self.notify("No stream selected", severity="warning")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                if self.stream == name:
                    self._choose(None)
                self.delete_stream(target, name)

        self.app.push_screen(ConfirmDialog(
            f"Delete stream {name}?", "Deletes the stream, every shard and every record in "
            "it (EnforceConsumerDeletion: registered consumers go too).", "Delete"), answered)

    # --- shards ---------------------------------------------------------------------------------
    def _open_selected(self) -> Shard | None:
        shard = self.query_one(ShardMap).selected
        if self.stream is None or self.target is None:
            self.notify("Pick or create a stream first", severity="warning")
            return None
        if shard is None or not shard.open:
            self.notify("Pick an open shard in the shard map", severity="warning")
            return None
        return shard

    def action_split(self) -> None:
        shard, stream, target = self._open_selected(), self.stream, self.target
        if shard is None or stream is None or target is None:
            return

        def chosen(key: int | None) -> None:
            if key is not None:
                self.note(f"splitting {short_id(shard.shard_id)}…")
                self.split(target, stream, shard.shard_id, key)

        self.app.push_screen(SplitDialog(shard), chosen)

    def action_merge(self) -> None:
        shard, stream, target = self._open_selected(), self.stream, self.target
        if shard is None or stream is None or target is None:
            return
        other = adjacent(shard, self.shards)
        if other is None:
            self.notify(f"{short_id(shard.shard_id)} has no adjacent open shard to merge with",
                        severity="warning", markup=False)
            return
        low, high = sorted((shard, other), key=lambda s: s.start_hash)

        def answered(yes: bool | None) -> None:
            if yes:
                self.note(f"merging {short_id(low.shard_id)} + {short_id(high.shard_id)}…")
                self.merge(target, stream, low.shard_id, high.shard_id)

        self.app.push_screen(ConfirmDialog(
            f"Merge {short_id(low.shard_id)} with {short_id(high.shard_id)}?",
            "Their adjacent hash-key ranges become one child shard; both parents close "
            "(the stream gets one shard less of throughput).", "Merge"), answered)

    # --- put, producer, consumer ------------------------------------------------------------------
    def on_put_form_key_changed(self, message: PutForm.KeyChanged) -> None:
        self.query_one(ShardMap).mark(message.key)

    def on_put_form_put(self, message: PutForm.Put) -> None:
        if self.target is not None:
            self.put_record(self.target, message.request)

    def on_record_put(self, message: RecordPut) -> None:
        form = self.query_one(PutForm)
        if message.error:
            form.show_result(f"✗ {message.error}", error=True)
            return
        _, predicted = form.prediction() if form.partition_key == message.partition_key \
            else (None, None)
        text = Text()
        text.append(f"✓ put on {message.shard_id}", style="green bold")
        if predicted is not None:
            same = predicted.shard_id == message.shard_id
            text.append(" · as predicted" if same else f" · predicted {predicted.shard_id}!",
                        style="green" if same else "bold red")
        text.append(clean(f"\nSequenceNumber {message.sequence}"), style="dim")
        form.show_result(text)

    def action_compose(self) -> None:
        self._show_view(load=False)
        self.query_one("#put-key", Input).focus()

    def action_producer(self) -> None:
        self._show_view(load=True)
        self.query_one(ProducerPanel).toggle()

    # --- views: which panes show where not all of them fit ------------------------------------------
    @property
    def cramped(self) -> bool:
        """Some panes take turns (v swaps them): under 120 columns or under 40 rows."""
        return any(self.has_class(size) for size in ("-narrow", "-medium", "-short"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "swap_view":
            return self.cramped
        return True

    def on_resize(self) -> None:
        self.refresh_bindings()  # `v` shows only while some panes take turns

    def action_swap_view(self) -> None:
        self._show_view(load=not self.has_class("-load"))

    def _show_view(self, load: bool) -> None:
        """The put view (put form, consumer) or the load view (producer, chart). A pane that
        hides takes the focus with it: its counterpart gets it."""
        if load == self.has_class("-load"):
            return
        focused = self.focused
        self.set_class(load, "-load")
        self.call_after_refresh(self._refocus, focused)

    def _refocus(self, was: Widget | None) -> None:
        """Textual drops the focus of a widget that hides; its counterpart takes it instead."""
        if was is None or self.focused not in (None, was):
            return
        pairs: list[tuple[Widget, Widget]] = [
            (self.query_one(PutForm), self.query_one("#prod-rate", Input)),
            (self.query_one(ProducerPanel), self.query_one("#put-key", Input)),
            (self.query_one(ThroughputChart), self.query_one(ConsumerPane)),
            (self.query_one(ConsumerPane), self.query_one(ThroughputChart)),
        ]
        for pane, counterpart in pairs:
            if pane in was.ancestors_with_self and not pane.display:
                counterpart.focus()
                return

    def on_producer_panel_start(self, message: ProducerPanel.Start) -> None:
        if self.stream is None or self.target is None:
            self.notify("Pick or create a stream first", severity="warning")
            return
        self.plan = message.plan
        self.query_one(ProducerPanel).set_running(True)
        self.produce(self.target, self.stream, message.plan)

    def on_producer_panel_stop(self, _: ProducerPanel.Stop) -> None:
        self.workers.cancel_group(self, "kinesis-producer")

    def on_producer_updated(self, message: ProducerUpdated) -> None:
        panel = self.query_one(ProducerPanel)
        panel.show_progress(message.progress, self.plan)
        if message.progress.done:
            panel.set_running(False)

    def _restart_tail(self) -> None:
        self.tail_run += 1
        self.workers.cancel_group(self, "kinesis-tail")
        self.query_one(ConsumerPane).reset(self.stream, self.start.label())
        if self.stream is not None and self.target is not None:
            self.tail(self.target, self.stream, self.start, self.tail_run)

    def on_tail_updated(self, message: TailUpdated) -> None:
        if message.run != self.tail_run:
            return
        for record in message.batch.records:
            self.meter.add(record.shard_id, record.arrived,
                           len(record.data) + len(record.partition_key.encode()))
        self.query_one(ConsumerPane).show_batch(message.batch)
        if message.batch.events:
            self.action_refresh()

    def action_start_position(self) -> None:
        """Ask where the consumer starts (a record picked in the consumer fills the sequence
        number), then read again from there."""
        if self.stream is None:
            self.notify("Pick or create a stream first", severity="warning")
            return
        picked = self.query_one(ConsumerPane).selected
        record = (picked.shard_id, picked.sequence) if picked else None

        def chosen(position: StartPosition | None) -> None:
            if position is None:
                return
            self.start = position
            self.meter.forget(set())
            self._restart_tail()
            self.notify(f"Consumer reads from {position.label()}", markup=False)

        self.app.push_screen(StartDialog(self.start, [s.shard_id for s in self.shards],
                                         record), chosen)

    def action_freeze(self) -> None:
        paused = self.query_one(ConsumerPane).toggle_pause()
        self.notify("Records view frozen (f resumes)" if paused else "Records view live",
                    markup=False)

    def action_back(self) -> None:
        focused: Any = self.focused
        if focused is not None and any(isinstance(a, PutForm | ProducerPanel)
                                       for a in focused.ancestors_with_self):
            self.query_one(StreamTable).focus()
            return
        self.app.pop_screen()

    def on_unmount(self) -> None:
        self.workers.cancel_group(self, "kinesis-tail")
        self.workers.cancel_group(self, "kinesis-producer")
