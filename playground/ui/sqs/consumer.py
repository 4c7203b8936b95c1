"""A live consumer: what it received, each message's visibility countdown, and its actions."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Static

from playground.aws.sqs.visibility import (
    Clock,
    Delivery,
    DeliveryState,
    countdown_bar,
    format_seconds,
)
from playground.patterns.json_input import parse_json
from playground.ui.common.text import clean, markup, plain

WAIT_CHOICES: tuple[int | None, ...] = (None, 0, 5, 20)
"""None: leave WaitTimeSeconds out, so the queue's ReceiveMessageWaitTimeSeconds applies."""
MAX_CHOICES = (1, 5, 10)
MAX_ROWS = 60
BODY_CHARS = 2_000
"""Of a body, what the one-line cell needs at most: the rest is cut off anyway."""
PRETTY_CHARS = 64 * 1024
"""Bodies up to this long are indented as JSON in the detail; longer ones are shown as sent."""

COLUMNS = (("#", "n", 2), ("rc", "rc", 2), ("visible in", "vis", 13), ("body", "body", 40))
"""The body comes last: in a narrow pane it is what gets cut, never the countdown."""


@dataclass
class ConsumerConfig:
    """Shared with the consumer's worker thread, which reads it between polls."""

    id: int
    queue_url: str
    queue_name: str
    polling: bool = False
    auto_delete: bool = False
    wait_seconds: int | None = None
    max_messages: int = 1
    run: int = 0
    """Bumped each time polling starts, so a loop still finishing its last long poll after a
    quick off/on stops instead of running beside the new one."""

    @property
    def wait_label(self) -> str:
        if self.wait_seconds is None:
            return "wait: queue's"
        return "short poll" if self.wait_seconds == 0 else f"long poll {self.wait_seconds}s"


class ConsumerPane(Vertical):
    """Holds its deliveries; the screen's workers do the calls and report back."""

    BINDINGS = [
        Binding("p", "toggle_poll", "Poll on/off", id="sqs.consumer.poll"),
        Binding("r", "receive", "Receive once", id="sqs.consumer.receive"),
        Binding("d", "delete", "Delete (ack)", id="sqs.msg.delete"),
        Binding("v", "visibility", "Visibility…", id="sqs.msg.visibility"),
        Binding("0", "release", "Release now", id="sqs.msg.release"),
        Binding("a", "auto_delete", "Auto-delete", id="sqs.consumer.auto-delete"),
        Binding("w", "wait", "Wait time", id="sqs.consumer.wait"),
        Binding("m", "max", "Max messages", id="sqs.consumer.max"),
        Binding("minus", "remove", "Remove consumer", id="sqs.consumer.remove"),
    ]

    class Command(Message):
        """poll / receive / delete / visibility / release / remove for one consumer."""

        def __init__(self, pane: ConsumerPane, action: str, delivery: Delivery | None = None) -> None:
            self.pane = pane
            self.action = action
            self.delivery = delivery
            super().__init__()

    def __init__(self, config: ConsumerConfig, clock: Clock) -> None:
        super().__init__(id=f"consumer-{config.id}", classes="consumer")
        self.config = config
        self.clock = clock
        self.deliveries: list[Delivery] = []
        self._status = "stopped: p polls, r receives once"
        self._status_error = False
        # Its parts are held, not queried: a pane mounted as its workbench closes (the demo
        # player does that) runs on_mount after its children were already removed.
        self.status_line = Static("", classes="consumer-status")
        self.table: DataTable[str | Text] = DataTable(cursor_type="row", classes="consumer-table")
        self.detail = Static("", classes="consumer-detail")

    def compose(self) -> ComposeResult:
        yield self.status_line
        yield Static(Content.from_markup(
            "[dim][b]p[/b] poll  [b]r[/b] receive  [b]d[/b] delete  [b]0[/b] release  "
            "[b]v[/b] visibility  [b]a[/b] auto-delete  [b]w[/b] wait  [b]-[/b] remove[/]"),
            classes="consumer-keys")
        yield self.table
        yield self.detail

    def on_mount(self) -> None:
        self.border_title = plain(f"consumer {self.config.id} · {self.config.queue_name}")
        table = self.table
        for label, key, width in COLUMNS:
            table.add_column(label, key=key, width=width)
        self._render_status()
        self.set_interval(0.25, self.tick)

    # --- state from the workers ---------------------------------------------------------------
    def add_deliveries(self, deliveries: list[Delivery]) -> None:
        table = self.table
        for delivery in deliveries:
            self.deliveries.append(delivery)
            table.add_row(*self._cells(delivery), key=delivery.message.receipt_handle)
        while len(self.deliveries) > MAX_ROWS:
            oldest = self.deliveries.pop(0)
            table.remove_row(oldest.message.receipt_handle)
        if deliveries:
            table.move_cursor(row=table.row_count - 1)
            self._show_detail()

    def find(self, receipt_handle: str) -> Delivery | None:
        return next((d for d in self.deliveries if d.message.receipt_handle == receipt_handle), None)

    def update_delivery(self, delivery: Delivery) -> None:
        self.table.update_cell(delivery.message.receipt_handle, "vis",
                                              self._visibility(delivery))
        self._show_detail()

    def set_status(self, text: str, *, error: bool = False, polling: bool | None = None) -> None:
        if polling is not None:
            self.config.polling = polling
        self._status, self._status_error = text, error
        self._render_status()

    def tick(self) -> None:
        now = self.clock()
        table = self.table
        for delivery in self.deliveries:
            before = delivery.state
            delivery.refresh(now)
            if delivery.state is DeliveryState.IN_FLIGHT or before is not delivery.state:
                table.update_cell(delivery.message.receipt_handle, "vis", self._visibility(delivery))

    # --- rendering ----------------------------------------------------------------------------
    def _render_status(self) -> None:
        c = self.config
        dot = "[green]●[/] polling" if c.polling else "[dim]○[/] paused"
        auto = " · [b]auto-delete[/]" if c.auto_delete else ""
        status = "[red]$status[/]" if self._status_error else "$status"
        self.status_line.update(markup(
            f"{dot} · {c.wait_label} · max {c.max_messages}{auto}\n[dim]{status}[/]",
            status=self._status))

    def _cells(self, d: Delivery) -> list[str | Text]:
        body = Text(clean(" ".join(d.message.body[:BODY_CHARS].split())), overflow="ellipsis",
                    no_wrap=True)
        return [Text(str(d.index), style="bold"),
                Text(str(d.message.receive_count), style="yellow" if d.message.receive_count > 1
                     else ""),
                self._visibility(d), body]

    def _visibility(self, d: Delivery) -> Text:
        if d.state is DeliveryState.DELETED:
            return Text("deleted ✓", style="green")
        if d.state is DeliveryState.RETURNED:
            return Text("back in queue", style="yellow")
        if d.state is DeliveryState.LEAVING:
            return Text("DLQ next", style="red")
        if d.state is DeliveryState.MOVED:
            return Text("moved to DLQ", style="red")
        left = d.remaining(self.clock())
        return Text.assemble((countdown_bar(left, d.visibility_timeout, 7), "cyan"),
                             f" {format_seconds(left)}")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail()

    @property
    def selected(self) -> Delivery | None:
        table = self.table
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return self.find(str(row_key.value))

    def _show_detail(self) -> None:
        d = self.selected
        detail = self.detail
        if d is None:
            detail.update("[dim]Received messages appear here with the time left before SQS "
                          "makes them visible again.[/]")
            return
        m = d.message
        text = Text.assemble((f"#{d.index}", "bold"), f" received {m.receive_count}× · "
                             f"{d.state.value}")
        if m.group_id:
            text.append(f" · group {clean(m.group_id)}")
        text.append("\n" + clean(_pretty(m.body)))
        for name, value in m.message_attributes.items():
            shown = value.get("StringValue", value.get("BinaryValue", ""))
            text.append(clean(f"\n{name} ({value.get('DataType', '?')})", 1_000), style="dim")
            text.append(f" = {clean(shown, 1_000)}")
        detail.update(text)

    # --- actions ------------------------------------------------------------------------------
    def _command(self, action: str, needs_message: bool = False) -> None:
        delivery = self.selected
        if needs_message:
            if delivery is None:
                self.notify("No message selected", severity="warning")
                return
            if delivery.state is DeliveryState.DELETED:
                self.notify(f"#{delivery.index} is already deleted", severity="warning",
                            markup=False)
                return
        self.post_message(self.Command(self, action, delivery))

    def action_toggle_poll(self) -> None:
        self.config.polling = not self.config.polling
        self._status = "polling…" if self.config.polling else "stops after the current poll"
        self._render_status()
        if self.config.polling:
            self.config.run += 1
            self._command("poll")

    def action_receive(self) -> None:
        self._command("receive")

    def action_delete(self) -> None:
        self._command("delete", needs_message=True)

    def action_visibility(self) -> None:
        self._command("visibility", needs_message=True)

    def action_release(self) -> None:
        self._command("release", needs_message=True)

    def action_remove(self) -> None:
        self.config.polling = False
        self._command("remove")

    def action_auto_delete(self) -> None:
        self.config.auto_delete = not self.config.auto_delete
        self._render_status()

    def action_wait(self) -> None:
        i = WAIT_CHOICES.index(self.config.wait_seconds)
        self.config.wait_seconds = WAIT_CHOICES[(i + 1) % len(WAIT_CHOICES)]
        self._render_status()

    def action_max(self) -> None:
        i = MAX_CHOICES.index(self.config.max_messages)
        self.config.max_messages = MAX_CHOICES[(i + 1) % len(MAX_CHOICES)]
        self._render_status()


def _pretty(body: str, max_lines: int = 4) -> str:
    """The start of a body, JSON indented; JSON too big or deep to read quickly and safely is
    shown as it came."""
    text = body
    if body.strip()[:1] in "{[" and len(body) <= PRETTY_CHARS:
        with contextlib.suppress(ValueError):
            text = json.dumps(parse_json(body), indent=1)
    lines = text.splitlines() or [""]
    clipped = lines[:max_lines] + (["…"] if len(lines) > max_lines else [])
    return "\n".join(line[:200] for line in clipped)
