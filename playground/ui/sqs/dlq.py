"""Dead letters: a source queue, its DLQ, the messages moving between them, and redrive."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Static

from playground.aws.sqs.service import DlqLink, PeekedMessage, arn_name
from playground.aws.sqs.visibility import MessageIndex
from playground.ui.common.text import cell, clean, markup, plain
from playground.ui.sqs.peek import BODY_CHARS, STATE_STYLE, ordered

MAX_EVENTS = 6


class DlqPane(Vertical):
    """Shows the pair the selected queue belongs to; notices each move into the DLQ."""

    BINDINGS = [Binding("m", "redrive", "Redrive to source", id="sqs.dlq.redrive")]

    class Redrive(Message):
        def __init__(self, link: DlqLink) -> None:
            self.link = link
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.link: DlqLink | None = None
        self._key: tuple[str, str] | None = None
        self._source_seen: dict[str, int] = {}
        self._dlq_seen: set[str] = set()
        self._primed = False
        self._events: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="dlq-relation")
        with Horizontal(id="dlq-tables"):
            with Vertical(id="dlq-source-box"):
                yield Static("", id="dlq-source-title", classes="dlq-title")
                yield DataTable(cursor_type="row", id="dlq-source")
            with Vertical(id="dlq-dlq-box"):
                yield Static("", id="dlq-dlq-title", classes="dlq-title")
                yield DataTable(cursor_type="row", id="dlq-dlq")
        yield Static("", id="dlq-events")
        yield Static("[b]m[/] redrive the DLQ back to its source", classes="hint", id="dlq-keys")

    def on_mount(self) -> None:
        source = self.query_one("#dlq-source", DataTable)
        for label, key, width in (("#", "n", 3), ("rc", "rc", 5), ("state", "state", 10),
                                  ("body", "body", 14)):
            source.add_column(label, key=key, width=width)
        dlq = self.query_one("#dlq-dlq", DataTable)
        for label, key, width in (("#", "n", 3), ("rc", "rc", 3), ("from", "from", 10),
                                  ("body", "body", 14)):
            dlq.add_column(label, key=key, width=width)
        self.show_link(None, "")

    def show_link(self, link: DlqLink | None, selected_name: str) -> None:
        """The pair to watch, or why there is none."""
        key = (link.source.url, link.dlq.url) if link else None
        if key != self._key:
            self._key = key
            self._source_seen, self._dlq_seen, self._primed = {}, set(), False
            self._events = []
            self.query_one("#dlq-events", Static).update("")
        self.link = link
        relation = self.query_one("#dlq-relation", Static)
        self.query_one("#dlq-tables").display = link is not None
        self.query_one("#dlq-keys").display = link is not None
        if link is None:
            relation.update(markup(
                "[b]$name[/b] has no dead-letter queue and is "
                "nobody's.\n[dim]Create a queue with n and give it a DLQ and maxReceiveCount: a "
                "message received that many times without a delete moves to the DLQ.[/]",
                name=selected_name or "No queue selected"))
            return
        s, d = link.source, link.dlq
        dead = d.visible + d.in_flight
        relation.update(Text.assemble(
            (clean(s.name), "bold"), ("  ──── ", "dim"),
            (f"after {link.max_receive_count} receives", "yellow"), (" ────▶  ", "dim"),
            (clean(d.name), "bold yellow"),
            f"\n{s.visible} visible · {s.in_flight} in flight in the source · "
            f"{dead} message{'s' if dead != 1 else ''} in the DLQ\n",
            ("A message moves when a receive finds it with receive count ≥ maxReceiveCount: "
             "SQS checks on receive, so someone must be receiving from the source.", "dim")))
        self.query_one("#dlq-source-title", Static).update(markup("[b]$name[/b] (source)",
                                                                  name=s.name))
        self.query_one("#dlq-dlq-title", Static).update(markup("[b yellow]$name[/] (dead letters)",
                                                               name=d.name))

    def show_messages(self, source: list[PeekedMessage], dlq: list[PeekedMessage],
                      index: MessageIndex) -> None:
        link = self.link
        if link is None:
            return
        for m in ordered(source + dlq):
            index.of(m.message_id)
        limit = link.max_receive_count
        table = self.query_one("#dlq-source", DataTable)
        table.clear()
        for m in ordered(source):
            rc = Text(f"{m.receive_count}/{limit}",
                      style="bold red" if m.receive_count >= limit else "")
            state = ("→ DLQ next" if m.receive_count >= limit and m.visible else m.state)
            table.add_row(Text(str(index.of(m.message_id)), style="bold"), rc,
                          Text(state, style="red" if state.startswith("→")
                               else STATE_STYLE.get(state, "")), _body(m.body))
        table = self.query_one("#dlq-dlq", DataTable)
        table.clear()
        for m in ordered(dlq):
            source_name = arn_name(m.dlq_source_arn) if m.dlq_source_arn else "?"
            table.add_row(Text(str(index.of(m.message_id)), style="bold yellow"),
                          str(m.receive_count), cell(source_name), _body(m.body))
        self._notice_moves(source, dlq, index)

    def _notice_moves(self, source: list[PeekedMessage], dlq: list[PeekedMessage],
                      index: MessageIndex) -> None:
        link = self.link
        assert link is not None
        for m in ordered(dlq):
            if m.message_id in self._dlq_seen:
                continue
            self._dlq_seen.add(m.message_id)
            if self._primed:
                count = self._source_seen.get(m.message_id, m.receive_count)
                self.add_event(f"#{index.of(m.message_id)} moved to {link.dlq.name} after "
                               f"{max(count, m.receive_count)} receives (maxReceiveCount "
                               f"{link.max_receive_count})")
        self._source_seen = {m.message_id: m.receive_count for m in source}
        self._primed = True

    def add_event(self, text: str) -> None:
        """A line about a move or a redrive: it quotes queue names and the target's words."""
        self._events = [*self._events, text][-MAX_EVENTS:]
        self.query_one("#dlq-events", Static).update(Content("\n").join(
            Content.assemble(("▸", "yellow"), " ", plain(line)) for line in self._events))

    def show_unavailable(self, text: str) -> None:
        for selector in ("#dlq-source", "#dlq-dlq"):
            self.query_one(selector, DataTable).clear()
        self.query_one("#dlq-source-title", Static).update(plain(text, "yellow"))
        self.query_one("#dlq-dlq-title", Static).update(
            "[dim]Counts are in the queue list; add a consumer on the DLQ (+) to see its "
            "messages.[/]")

    def action_redrive(self) -> None:
        if self.link is None:
            self.notify("Select a queue that has a dead-letter queue", severity="warning")
            return
        self.post_message(self.Redrive(self.link))


def _body(body: str) -> Text:
    return Text(clean(" ".join(body[:BODY_CHARS].split())), overflow="ellipsis", no_wrap=True)
