"""Kinesis dialogs: a new stream, where to split a shard, where the consumer starts."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Label, Select, Static

from playground.aws.kinesis.hash import midpoint, span_text
from playground.aws.kinesis.lineage import short_id
from playground.aws.kinesis.service import Shard
from playground.aws.kinesis.start import (
    EXPLAIN,
    ITERATOR_TYPES,
    SEQUENCE_TYPES,
    StartPosition,
    parse_sequence,
    parse_timestamp,
)
from playground.aws.kinesis.validate import (
    check_shard_count,
    check_stream_name,
    limits,
    parse_hash_key,
    parse_retention,
)
from playground.aws.validation import Issue
from playground.ui.common.dialogs import FormDialog
from playground.ui.common.text import plain


@dataclass(frozen=True)
class NewStream:
    name: str
    shards: int
    on_demand: bool = False


STREAM_MODES = {"PROVISIONED": "provisioned: you choose the shards",
                "ON_DEMAND": "on-demand: the service scales the shards"}
MODE_HINTS = {
    "PROVISIONED": "Each shard takes 1,000 records/s or 1 MiB/s of writes and 2 MiB/s of "
                   "reads; the keyspace 0..2^128-1 is cut evenly between them.",
    "ON_DEMAND": "StreamModeDetails ON_DEMAND, no shard count: the streams \"require no "
                 "capacity planning and automatically scale\" (CreateStream docs).",
}


class KinesisFormDialog(FormDialog):
    CSS_PATH = "dialogs.tcss"


class NewStreamDialog(KinesisFormDialog):
    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog kinesis-dialog"):
            yield Label("New Kinesis data stream", classes="dialog-title")
            with Horizontal(classes="kin-dialog-row"):
                yield Label("name", classes="kin-dialog-label")
                yield Input(placeholder="e.g. clicks", id="stream-name")
            with Horizontal(classes="kin-start-row"):
                yield Label("mode", classes="kin-dialog-label")
                yield Select([(Text(label), key) for key, label in STREAM_MODES.items()],
                             value="PROVISIONED", allow_blank=False, compact=True,
                             id="stream-mode")
            with Horizontal(classes="kin-dialog-row", id="stream-shards-row"):
                yield Label("shards", classes="kin-dialog-label")
                yield Input("2", id="stream-shards")
            yield Static(MODE_HINTS["PROVISIONED"], id="stream-mode-hint", classes="hint")
            yield from self.buttons("Create")

    def on_mount(self) -> None:
        self.query_one("#stream-name").focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "stream-mode":
            mode = str(event.value)
            self.query_one("#stream-shards-row").display = mode == "PROVISIONED"
            self.query_one("#stream-mode-hint", Static).update(MODE_HINTS.get(mode, ""))

    def action_ok(self) -> None:
        name = self.query_one("#stream-name", Input).value.strip()
        on_demand = self.query_one("#stream-mode", Select).value == "ON_DEMAND"
        count = self.query_one("#stream-shards", Input).value.strip()
        issues = check_stream_name(name) + ([] if on_demand else check_shard_count(count))
        if issues:
            self.errors(issues)
            return
        self.dismiss(NewStream(name, 0 if on_demand else int(count), on_demand))


class RetentionDialog(KinesisFormDialog):
    """How many hours the stream keeps its records (Increase/DecreaseStreamRetentionPeriod)."""

    def __init__(self, stream: str, current: int) -> None:
        super().__init__()
        self.stream = stream
        self.current = current

    def compose(self) -> ComposeResult:
        lim = limits()
        with Vertical(classes="dialog kinesis-dialog"):
            yield Label(plain(f"Retention of {self.stream}"), classes="dialog-title")
            with Horizontal(classes="kin-dialog-row"):
                yield Label("hours", classes="kin-dialog-label")
                yield Input(str(self.current), id="retention-hours")
            yield Static(plain(f"Now {self.current:,} h. From {lim.retention_min} to "
                               f"{lim.retention_max:,} hours (365 days); on AWS longer "
                               "retention costs more. Shorter makes older records unreadable."),
                         classes="hint")
            yield from self.buttons("Set")

    def on_mount(self) -> None:
        self.query_one("#retention-hours").focus()

    def action_ok(self) -> None:
        hours, issues = parse_retention(self.query_one("#retention-hours", Input).value,
                                        self.current)
        if hours is None:
            self.errors(issues)
            return
        self.dismiss(hours)


class SplitDialog(KinesisFormDialog):
    """The new starting hash key of the upper child: the midpoint unless the learner types one."""

    def __init__(self, shard: Shard) -> None:
        super().__init__()
        self.shard = shard

    def compose(self) -> ComposeResult:
        s = self.shard
        with Vertical(classes="dialog kinesis-dialog kinesis-dialog-wide"):
            yield Label(plain(f"Split {short_id(s.shard_id)} ({span_text(s.start_hash, s.end_hash)} "
                              "of the keyspace)"), classes="dialog-title")
            yield Static(plain(f"range {s.start_hash}\n   .. {s.end_hash}"),
                         classes="kin-dialog-range")
            yield Label("NewStartingHashKey: where the upper child starts", classes="hint")
            yield Input(str(midpoint(s)), id="split-key")
            yield Static("The midpoint halves the range; any key inside it works. Keys below go "
                         "to one child, the key and above to the other.", classes="hint")
            yield from self.buttons("Split")

    def on_mount(self) -> None:
        self.query_one("#split-key").focus()

    def action_ok(self) -> None:
        text = self.query_one("#split-key", Input).value
        value, issues = parse_hash_key(text, self.shard.start_hash, self.shard.end_hash)
        if value is None:
            self.errors(issues)
            return
        self.dismiss(value)


class StartDialog(KinesisFormDialog):
    """Where the consumer starts: one of GetShardIterator's five types, with the time or the
    sequence number (and its shard) the type needs. `record` (selected in the consumer)
    fills the sequence number and the shard."""

    def __init__(self, current: StartPosition, shards: list[str],
                 record: tuple[str, str] | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__()
        self.current = current
        self.shards = shards
        self.record = record
        self.clock = clock

    def compose(self) -> ComposeResult:
        cur = self.current
        shard = self.record[0] if self.record else cur.shard_id
        if shard not in self.shards:
            shard = self.shards[0] if self.shards else None
        seq = self.record[1] if self.record else (cur.sequence or "")
        kind = cur.kind if not self.record else "AT_SEQUENCE_NUMBER"
        with Vertical(classes="dialog kinesis-dialog kinesis-dialog-start"):
            yield Label("Consumer start position (GetShardIterator)", classes="dialog-title")
            with Horizontal(classes="kin-start-row"):
                yield Label("type", classes="kin-dialog-label")
                yield Select([(Text(k), k) for k in ITERATOR_TYPES], value=kind,
                             allow_blank=False, compact=True, id="start-kind")
            with Horizontal(classes="kin-start-row", id="start-time-row"):
                yield Label("time", classes="kin-dialog-label")
                yield Input(placeholder="-5m, -2h or 2026-12-06T14:30:00Z", compact=True,
                            id="start-time")
            with Horizontal(classes="kin-start-row", id="start-seq-row"):
                yield Label("seq no", classes="kin-dialog-label")
                yield Input(seq, placeholder="digits, or pick a record (↑↓ in the consumer)",
                            compact=True, id="start-seq")
            with Horizontal(classes="kin-start-row", id="start-shard-row"):
                yield Label("shard", classes="kin-dialog-label")
                yield Select([(Text(s), s) for s in self.shards], value=shard or Select.BLANK,
                             allow_blank=shard is None, compact=True, id="start-shard")
            yield Static("", id="start-explain", classes="hint")
            yield Checkbox("enhanced fan-out: SubscribeToShard pushes records",
                           cur.fan_out, compact=True, id="start-fan-out")
            yield from self.buttons("Start")

    def on_mount(self) -> None:
        self._show_fields(str(self.query_one("#start-kind", Select).value))
        self.query_one("#start-kind").focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "start-kind":
            self._show_fields(str(event.value))

    def _show_fields(self, kind: str) -> None:
        self.query_one("#start-time-row").display = kind == "AT_TIMESTAMP"
        for row in ("#start-seq-row", "#start-shard-row"):
            self.query_one(row).display = kind in SEQUENCE_TYPES
        hint = EXPLAIN.get(kind, "")
        if kind == "AT_TIMESTAMP":
            hint += "; a time without a zone is UTC"
        self.query_one("#start-explain", Static).update(Text(hint))

    def action_ok(self) -> None:
        kind = str(self.query_one("#start-kind", Select).value)
        if kind == "AT_TIMESTAMP":
            when, issues = parse_timestamp(self.query_one("#start-time", Input).value,
                                           self.clock())
            if when is None:
                self.errors(issues)
                return
            self.dismiss(StartPosition(kind, timestamp=when, fan_out=self._fan_out()))
            return
        if kind in SEQUENCE_TYPES:
            seq, issues = parse_sequence(self.query_one("#start-seq", Input).value)
            shard = self.query_one("#start-shard", Select).value
            if shard is Select.BLANK or shard not in self.shards:
                issues.append(Issue("shard", "pick the shard the record is on"))
            if seq is None or issues:
                self.errors(issues)
                return
            self.dismiss(StartPosition(kind, sequence=seq, shard_id=str(shard),
                                       fan_out=self._fan_out()))
            return
        self.dismiss(StartPosition(kind, fan_out=self._fan_out()))

    def _fan_out(self) -> bool:
        return self.query_one("#start-fan-out", Checkbox).value
