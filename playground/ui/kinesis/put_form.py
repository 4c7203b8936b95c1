"""The put-record form: partition key and data, the shard it will land on shown as you type."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Label, Static

from playground.aws.kinesis.hash import hash_key, shard_for, span_text
from playground.aws.kinesis.lineage import short_id
from playground.aws.kinesis.service import Shard
from playground.aws.kinesis.validate import check_put, record_data
from playground.ui.common.issues import issue_lines
from playground.ui.common.paste import limited
from playground.ui.common.text import plain

DEFAULT_KEY = "user-42"
DEFAULT_DATA = '{"click": "buy", "item": "book"}'


@dataclass(frozen=True)
class PutRequest:
    stream: str
    partition_key: str
    data: bytes
    predicted: str | None
    """The open shard the MD5 of the key falls in, as computed here before the call."""


class PutForm(Vertical):
    """Checks locally first (the model's limits), then asks the screen to put; content is kept."""

    BINDINGS = [Binding("ctrl+s", "put", "Put record", id="kinesis.put")]

    class Put(Message):
        def __init__(self, request: PutRequest) -> None:
            self.request = request
            super().__init__()

    class KeyChanged(Message):
        """The partition key's hash key changed (None: no key), for the shard map's marker."""

        def __init__(self, key: int | None) -> None:
            self.key = key
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.stream: str | None = None
        self.shards: list[Shard] = []

    def compose(self) -> ComposeResult:
        with Horizontal(classes="put-row"):
            yield Label("key", classes="put-label")
            yield Input(DEFAULT_KEY, placeholder="partition key", compact=True, id="put-key")
        with Horizontal(classes="put-row"):
            yield Label("data", classes="put-label")
            yield limited(Input(DEFAULT_DATA, placeholder="data", compact=True, id="put-data"),
                          1024 * 1024, "Kinesis's limit for a record")
        yield Static("", id="put-hash")
        with Horizontal(classes="put-row", id="put-buttons"):
            yield Button("Put ^s", compact=True, variant="primary", id="put-send")
        yield Static("", id="put-result")

    def on_mount(self) -> None:
        self._predict()

    def set_stream(self, stream: str | None, shards: list[Shard]) -> None:
        if stream != self.stream:
            self.show_result("")
        self.stream, self.shards = stream, shards
        self._predict()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "put-key":
            self._predict()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_put()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_put()

    @property
    def partition_key(self) -> str:
        return self.query_one("#put-key", Input).value

    def prediction(self) -> tuple[int | None, Shard | None]:
        key = self.partition_key
        if not key:
            return None, None
        value = hash_key(key)
        return value, shard_for(value, self.shards)

    def _predict(self) -> None:
        value, shard = self.prediction()
        line = Text()
        if value is None:
            line.append("Type a partition key: its MD5 picks the shard.", style="dim")
        else:
            line.append("MD5 of the key, as a 128-bit hash key:\n", style="dim")
            line.append(str(value), style="bold")
            line.append("\n→ lands on ", style="dim")
            if shard is not None:
                line.append(short_id(shard.shard_id), style="bold yellow")
                line.append(f" (range {span_text(shard.start_hash, shard.end_hash)})", style="dim")
            elif self.stream is None:
                line.append("pick a stream to see its shard", style="dim")
            else:
                line.append("no open shard listed yet", style="dim")
        self.query_one("#put-hash", Static).update(line)
        self.post_message(self.KeyChanged(value))

    def show_result(self, text: str | Text | Content, error: bool = False) -> None:
        result = self.query_one("#put-result", Static)
        result.update(plain(text, "red" if error else "") if isinstance(text, str) else text)

    def action_put(self) -> None:
        if self.stream is None:
            self.show_result("Pick or create a stream first (n).", error=True)
            return
        key = self.partition_key
        data, issues = record_data(self.query_one("#put-data", Input).value)
        issues += check_put(key, data)
        if issues:
            self.show_result(issue_lines(issues))
            return
        _, shard = self.prediction()
        self.show_result(plain(f"putting on {self.stream}…", "dim"))
        self.post_message(self.Put(PutRequest(self.stream, key, data,
                                              shard.shard_id if shard else None)))
