"""The SQS workbench: queues, a send form, competing consumers, peek, dead letters, FIFO lanes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, Static, TabbedContent, TabPane

from playground.aws.sqs.service import DlqLink, QueueSummary
from playground.aws.sqs.validate import check_queue_attributes
from playground.aws.sqs.visibility import Clock, Delivery, MessageIndex, monotonic_clock
from playground.ui.common.dialogs import ConfirmDialog, PromptDialog
from playground.ui.common.panes import Pane, PaneKeys, pane_bindings
from playground.ui.common.text import plain
from playground.ui.common.workbench import NoteLine
from playground.ui.sqs.attributes import AttributesTable
from playground.ui.sqs.consumer import ConsumerConfig, ConsumerPane
from playground.ui.sqs.consumers import ConsumerHandlers
from playground.ui.sqs.create_queue import CreateQueueDialog
from playground.ui.sqs.dlq import DlqPane
from playground.ui.sqs.lanes import LanesPane
from playground.ui.sqs.messages import (
    PeekLoaded,
    QueueChanged,
    QueuesRefreshed,
    RedriveFinished,
    SendFinished,
)
from playground.ui.sqs.peek import PeekPane
from playground.ui.sqs.queue_list import QueueTable
from playground.ui.sqs.send_form import SendForm
from playground.ui.workbenches import BY_KEY

if TYPE_CHECKING:
    from playground.targets import Target

PANES = (
    Pane("Queues", ("#queues",), box="#queues"),
    Pane("Send", ("#send-body",), box="#send-form"),
    Pane("Consumers", (".consumer-table",), area="#consumers", reveal=("action_tab", "consumers")),
    Pane("Peek", ("#peek-table",), area="#peek", reveal=("action_tab", "peek")),
    Pane("Dead letters", ("#dlq-dlq", "#dlq-source"), area="#dlq", reveal=("action_tab", "dlq")),
    Pane("FIFO lanes", ("#lanes-list",), area="#lanes", reveal=("action_tab", "lanes")),
    Pane("Attributes", ("#attributes-table",), area="#attributes",
         reveal=("action_tab", "attributes")),
)
"""Keys 1-7; 3 again moves to the next consumer."""


class SqsWorkbench(PaneKeys, ConsumerHandlers):
    """All state lives here; widgets show it and ask for actions, workers make the calls."""

    PARITY_KEYS = BY_KEY["sqs"].parity_keys
    PANES = PANES

    CSS_PATH = "screen.tcss"
    # Under 100 columns (a speaker's 80x24) consumers stack instead of standing side by side
    # (two got 15 columns each and no row of their table showed); under 32 rows a consumer's
    # key line goes (the footer and ? list them) and its detail shrinks.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS = [
        Binding("escape", "back", "Back", id="sqs.back"),
        *pane_bindings(PANES, "sqs"),
        Binding("slash", "filter", "Filter", id="sqs.filter"),
        Binding("n", "create_queue", "New queue", id="sqs.create"),
        Binding("s", "compose", "Send form", id="sqs.compose"),
        Binding("b", "batch", "Batch send", show=False, id="sqs.batch"),
        Binding("plus", "add_consumer", "Add consumer", id="sqs.add-consumer"),
    ]

    def __init__(self, clock: Clock | None = None) -> None:
        super().__init__(name="sqs")
        self.clock = clock or monotonic_clock
        self.index = MessageIndex()
        self.queues: dict[str, QueueSummary] = {}
        self.links: list[DlqLink] = []
        self.current_url: str | None = None
        self.consumers: dict[int, ConsumerConfig] = {}
        self.deliveries: dict[str, Delivery] = {}
        self.latest: dict[str, Delivery] = {}
        self.active_tab = "consumers"
        self._next_consumer = 1
        self._select_when_listed: str | None = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="sqs-main"):
            with Vertical(id="sqs-left"):
                yield Input(placeholder="filter queues by name", compact=True, id="queue-filter")
                yield QueueTable(id="queues")
                yield NoteLine("", id="queue-note")
                yield SendForm(id="send-form")
            with TabbedContent(id="sqs-tabs"):
                with TabPane("3 Consumers", id="consumers"), Horizontal(id="consumer-deck"):
                    yield Static("No consumer yet: [b]+[/] adds one on the selected queue. "
                                 "Add two to watch them compete for messages.",
                                 id="consumers-empty", classes="hint")
                with TabPane("4 Peek", id="peek"):
                    yield PeekPane(id="peek-pane")
                with TabPane("5 Dead letters", id="dlq"):
                    yield DlqPane(id="dlq-pane")
                with TabPane("6 FIFO lanes", id="lanes"):
                    yield LanesPane(self.clock, self.index, self.latest.get, id="lanes-pane")
                with TabPane("7 Attributes", id="attributes"):
                    yield AttributesTable(id="attributes-table")

    def on_mount(self) -> None:
        super().on_mount()
        self.number_panes()
        self.query_one(QueueTable).focus()
        self.start_polling()

    def clear_view(self) -> None:
        for config in self.consumers.values():
            config.polling = False
        for pane in self.query(ConsumerPane):
            pane.remove()
        self.consumers.clear()
        self.queues, self.links, self.current_url = {}, [], None
        self.query_one(QueueTable).show([], [])

    def poll(self, target: Target) -> None:
        self.poll_queues(target)
        self.poll_peek(target)

    def link_of(self, url: str | None) -> DlqLink | None:
        """The source/DLQ pair `url` is part of (as source first, else as DLQ)."""
        for link in self.links:
            if link.source.url == url:
                return link
        return next((link for link in self.links if link.dlq.url == url), None)

    def peek_request(self) -> tuple[str, str, str | None] | None:
        """Read by the peek worker: what the open tab wants to see now."""
        url, tab = self.current_url, self.active_tab
        if url is None:
            return None
        if tab == "peek":
            return ("peek", url, None)
        if tab == "lanes" and url.endswith(".fifo"):
            return ("lanes", url, None)
        link = self.link_of(url)
        if tab == "dlq" and link is not None:
            return ("dlq", link.source.url, link.dlq.url)
        return None

    # --- queues ---------------------------------------------------------------------------------
    def on_queues_refreshed(self, message: QueuesRefreshed) -> None:
        self.queues = {q.url: q for q in message.queues}
        self.links = message.links
        table = self.query_one(QueueTable)
        table.show(message.queues, message.links)
        wanted = self._select_when_listed
        if wanted in table.queues:
            self._select_when_listed = None
            table.move_cursor(row=table.get_row_index(wanted))
            self._select(wanted)
        elif self.current_url not in self.queues:
            self._select(table.selected_url)
        else:
            self._show_selection()
        self.look_for_dead_letters()

    def on_queue_table_selected(self, message: QueueTable.Selected) -> None:
        self._select(message.url)

    def _select(self, url: str | None) -> None:
        self.current_url = url
        self._show_selection()

    def _show_selection(self) -> None:
        queue = self.current
        self.query_one(SendForm).set_queue(queue)
        self.query_one(AttributesTable).show(queue)
        name = queue.name if queue else ""
        link = self.link_of(self.current_url)
        self.query_one(DlqPane).show_link(link, name)
        if queue is None:
            self.note(Content.from_markup("[dim]No queue yet: [b]n[/b] creates one.[/]"))
        elif link is not None and link.source.url == queue.url:
            self.note(Content.assemble(
                plain(name), " ", ("──▶", "dim"), " ", plain(link.dlq.name, "yellow"), " ",
                (f"after {link.max_receive_count} receives", "dim")))
        elif link is not None:
            self.note(Content.assemble(plain(name, "yellow"), " ", ("is the DLQ of", "dim"), " ",
                                       plain(link.source.name)))
        else:
            self.note(plain(f"{name}: no dead-letter queue", "dim"))
        lanes = self.query_one(LanesPane)
        if queue is not None and not queue.fifo:
            lanes.show_unavailable(f"{name} is a standard queue: lanes are for FIFO queues "
                                   "(n creates one, tick FIFO).")

    def on_queue_table_action(self, message: QueueTable.Action) -> None:
        queue = self.queues.get(message.url)
        target = self.target
        if queue is None or target is None:
            return
        if message.action == "inspect":
            self.action_tab("attributes")
            return
        verb = {"delete": "Delete", "purge": "Purge"}[message.action]
        body = (f"Deletes {queue.name} and its {queue.visible + queue.in_flight} messages."
                if message.action == "delete" else
                f"Deletes every message in {queue.name} ({queue.visible} visible, "
                f"{queue.in_flight} in flight); the queue stays.")

        def answered(yes: bool | None) -> None:
            if yes:
                self.queue_action(target, message.action, queue.url, queue.name)

        self.app.push_screen(ConfirmDialog(f"{verb} {queue.name}?", body, verb), answered)

    def on_queue_changed(self, message: QueueChanged) -> None:
        self.note(plain(message.text, "red" if message.error else "green"))
        if message.select:
            self._select_when_listed = message.select

    def action_create_queue(self) -> None:
        def created(url: str | None) -> None:
            if url:
                self._select_when_listed = url
                self.on_queue_changed(QueueChanged(f"created {url.rsplit('/', 1)[-1]}"))

        self.app.push_screen(CreateQueueDialog(list(self.queues.values())), created)

    def on_attributes_table_edit(self, message: AttributesTable.Edit) -> None:
        target, queue = self.target, self.queues.get(message.queue_url)
        if target is None or queue is None:
            return

        def chosen(value: str | None) -> None:
            if value is None:
                return
            value = value.strip()  # what the check reads is what is sent
            issues = check_queue_attributes({message.name: value})
            if issues:
                self.notify(issues[0].message, title=message.name, severity="error", markup=False)
                return
            self.queue_action(target, "set", queue.url, queue.name, {message.name: value})

        self.app.push_screen(PromptDialog(f"{message.name} of {queue.name}", "", message.value),
                             chosen)

    # --- sending --------------------------------------------------------------------------------
    def on_send_form_send(self, message: SendForm.Send) -> None:
        if self.target is not None:
            self.send(self.target, message.request)

    def on_send_form_batch(self, message: SendForm.Batch) -> None:
        if self.target is not None:
            self.query_one(SendForm).show_progress(0, message.count)
            self.send_batch(self.target, message.queue_url, message.count, message.group_id)

    def on_send_finished(self, message: SendFinished) -> None:
        form = self.query_one(SendForm)
        name = message.queue_url.rsplit("/", 1)[-1]
        if message.total > 1:
            form.show_progress(message.done, message.total)
            for message_id in message.ids:
                self.index.of(message_id)
            if message.error:
                form.show_result(f"{message.done} of {message.total}: {message.error}", error=True)
            else:
                form.show_result(f"sent {message.done} of {message.total} to {name}")
            return
        if message.error:
            form.show_result(message.error, error=True)
            return
        message_id = message.ids[0]
        known = self.index.known(message_id)
        if known is not None:
            form.show_result(f"duplicate of #{known}: SQS accepted it and queued nothing new")
        else:
            form.show_result(f"sent #{self.index.of(message_id)} to {name}")

    def action_compose(self) -> None:
        self.query_one("#send-body").focus()

    def action_batch(self) -> None:
        self.query_one(SendForm).action_batch()

    # --- peek, dead letters, lanes --------------------------------------------------------------
    def on_peek_loaded(self, message: PeekLoaded) -> None:
        if self.peek_request() != (message.view, message.queue_url, message.dlq_url):
            return
        queue = self.queues.get(message.queue_url)
        name = queue.name if queue else message.queue_url.rsplit("/", 1)[-1]
        if message.view == "peek":
            pane = self.query_one(PeekPane)
            if message.error:
                pane.show_unavailable(message.error)
            else:
                pane.show(name, message.messages, self.index)
        elif message.view == "dlq":
            dlq = self.query_one(DlqPane)
            if message.error:
                dlq.show_unavailable(message.error)
            else:
                dlq.show_messages(message.messages, message.dlq_messages, self.index)
        elif message.view == "lanes":
            lanes = self.query_one(LanesPane)
            if message.error:
                lanes.show_unavailable(f"{message.error} Lanes need to see queued messages.")
            else:
                lanes.show(name, message.messages)

    def on_dlq_pane_redrive(self, message: DlqPane.Redrive) -> None:
        if self.target is not None:
            self.query_one(DlqPane).add_event(f"redrive of {message.link.dlq.name} started")
            self.redrive(self.target, message.link.dlq.url)

    def on_redrive_finished(self, message: RedriveFinished) -> None:
        r = message.result
        moved = "started" if r.moved is None else f"{r.moved} moved back to {r.destination}"
        self.query_one(DlqPane).add_event(f"{r.method}: {moved}. {r.note}")

    # --- navigation -----------------------------------------------------------------------------
    def action_tab(self, name: str) -> None:
        """Show a tab and focus what its single-letter keys act on."""
        self.query_one("#sqs-tabs", TabbedContent).active = name
        self.active_tab = name
        focus = {"peek": "#peek-table", "dlq": "#dlq-dlq", "lanes": "#lanes-list",
                 "attributes": "#attributes-table", "consumers": ".consumer-table"}[name]
        targets = self.query(focus)
        if targets:
            self.call_after_refresh(targets.first().focus)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.tabbed_content.id == "sqs-tabs":
            self.active_tab = event.pane.id or "consumers"

    def action_filter(self) -> None:
        box = self.query_one("#queue-filter", Input)
        box.add_class("-shown")
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "queue-filter":
            self.query_one(QueueTable).set_filter(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "queue-filter":
            self.query_one(QueueTable).focus()

    def action_back(self) -> None:
        focused: Any = self.focused
        box = self.query_one("#queue-filter", Input)
        if focused is box or (focused is not None and self.query_one(SendForm) in
                              focused.ancestors_with_self):
            if focused is box and not box.value:
                box.remove_class("-shown")
            self.query_one(QueueTable).focus()
            return
        self.app.pop_screen()

    def on_unmount(self) -> None:
        for config in self.consumers.values():
            config.polling = False
