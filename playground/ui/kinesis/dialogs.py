"""Kinesis dialogs: a new stream, and where to split a shard."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from playground.aws.kinesis.hash import midpoint, span_text
from playground.aws.kinesis.lineage import short_id
from playground.aws.kinesis.service import Shard
from playground.aws.kinesis.validate import check_shard_count, check_stream_name, parse_hash_key
from playground.ui.common.dialogs import FormDialog
from playground.ui.common.text import plain


@dataclass(frozen=True)
class NewStream:
    name: str
    shards: int


class KinesisFormDialog(FormDialog):
    CSS_PATH = "dialogs.tcss"


class NewStreamDialog(KinesisFormDialog):
    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog kinesis-dialog"):
            yield Label("New Kinesis data stream (provisioned)", classes="dialog-title")
            with Horizontal(classes="kin-dialog-row"):
                yield Label("name", classes="kin-dialog-label")
                yield Input(placeholder="e.g. clicks", id="stream-name")
            with Horizontal(classes="kin-dialog-row"):
                yield Label("shards", classes="kin-dialog-label")
                yield Input("2", id="stream-shards")
            yield Static("Each shard takes 1,000 records/s or 1 MiB/s of writes and 2 MiB/s of "
                         "reads; the keyspace 0..2^128-1 is cut evenly between them.",
                         classes="hint")
            yield from self.buttons("Create")

    def on_mount(self) -> None:
        self.query_one("#stream-name").focus()

    def action_ok(self) -> None:
        name = self.query_one("#stream-name", Input).value.strip()
        count = self.query_one("#stream-shards", Input).value.strip()
        issues = check_stream_name(name) + check_shard_count(count)
        if issues:
            self.errors(issues)
            return
        self.dismiss(NewStream(name, int(count)))


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
