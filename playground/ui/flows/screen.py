"""The Flows screen: the flow map (playground.flows) as a tree, nodes grouped by service, each
with the wires that leave it and reach it. Enter on a resource opens its service's workbench;
enter on a wire goes to the resource at its other end; space folds; t traces one message from
the resource under the cursor (playground.flows.trace in a thread worker): each hop lights its
resource and wire as it is observed, the trace panel lists the hops and ends with the summary.

Everything drawn comes from the target: labels are Text objects, never markup.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.message import Message
from textual.widgets import Static, Tree

from playground.flows.hops import ENTRY_KINDS, Hop
from playground.flows.model import WORKBENCH_SERVICES, FlowMap, Node
from playground.flows.text import summary
from playground.patterns.json_input import printable
from playground.ui.common.messages import TargetChanged
from playground.ui.common.screen import PlaygroundScreen
from playground.ui.common.text import plain
from playground.ui.common.workers import LOOP_GROUPS
from playground.ui.flows.trace_panel import TraceEnded, TraceHop, TracePanel, TraceStarted
from playground.ui.flows.tree import FlowTree, Item, edge_key

TRACE_GROUP = "flows-trace"
LOOP_GROUPS.add(TRACE_GROUP)  # a trace runs until it ends (30 s quiet at most): tests wait not
WIDE = 120
"""From this many columns the trace panel sits beside the map, below it under that."""


class FlowsScreen(PlaygroundScreen):
    CSS_PATH = "screen.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="flows.back"),
        Binding("r", "reload", "Reload", id="flows.reload"),
        Binding("t", "trace", "Trace from here", id="flows.trace"),
        Binding("T", "trace_payload", "Trace with a payload", show=False,
                id="flows.trace_payload"),
        Binding("x", "stop_trace", "Stop trace", id="flows.trace_stop"),
    ]
    trace_factory: ClassVar[Callable[..., Any] | None] = None
    """Builds a trace (playground.flows.trace.Trace's signature); tests put a scripted one."""

    @dataclass
    class Read(Message):
        flows: FlowMap | None
        problem: str = ""

    def __init__(self) -> None:
        super().__init__(name="flows")
        self.flows: FlowMap | None = None
        self.trace: Any = None
        self.lit: list[tuple[Hop, float]] = []
        """Each hop of the current trace and when it was lit (epoch seconds): for bench/trace.py."""
        self.payload_text = ""
        """The payload last typed for `T`, kept when it could not be read (nothing lost)."""

    def compose_body(self) -> ComposeResult:
        yield Static(plain("reading the wiring…"), id="flows-status")
        with Container(id="flows-main"):
            tree = FlowTree(Text("flows"), id="flows-tree")
            tree.show_root = False
            tree.auto_expand = False
            yield tree
            yield TracePanel(id="trace-panel")
        yield Static(plain("enter open workbench / go to · space fold · t trace · r reload · "
                           "esc back"), id="flows-detail")

    @property
    def marks(self) -> dict[str, str]:
        """What the current trace lit: resource ARN or wire key -> reached, stopped, note."""
        return self.query_one(FlowTree).marks

    def on_resize(self) -> None:
        self.query_one("#flows-main").set_class(self.size.width >= WIDE, "-wide")

    def on_unmount(self) -> None:
        if self.trace is not None:
            self.trace.cancel()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(Tree).focus()
        self.action_reload()

    def on_target_changed(self, _: TargetChanged) -> None:
        self.action_reload()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_reload(self) -> None:
        target = self.target
        if target is None:
            self.query_one("#flows-status", Static).update(plain("no target yet"))
            return
        self.query_one("#flows-status", Static).update(plain("reading the wiring…"))
        self._read(target)

    @work(thread=True, exclusive=True, exit_on_error=False, group="flows",
          description="flows: read the wiring")
    def _read(self, target: Any) -> None:
        from playground.flows.reader import read_flows
        from playground.ui.common.workers import describe_error

        try:
            flows = read_flows(target)
        except Exception as exc:  # the target went away, refused: one line where the user looks
            self.post_message(self.Read(None, describe_error(exc)))
            return
        self.post_message(self.Read(flows))

    def on_flows_screen_read(self, message: Read) -> None:
        status = self.query_one("#flows-status", Static)
        if message.flows is None:
            status.update(plain(f"could not read the wiring: {printable(message.problem)}"))
            return
        self.flows = flows = message.flows
        unseen = f" · {len(flows.unseen)} not seen (at the end)" if flows.unseen else ""
        status.update(plain(f"{summary(flows)} in {flows.region}{unseen}"))
        self.query_one(FlowTree).fill(flows)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[Item]) -> None:
        item = event.node.data
        if item is not None:
            self.query_one("#flows-detail", Static).update(plain(item.text, limit=2000))

    def on_tree_node_selected(self, event: Tree.NodeSelected[Item]) -> None:
        item = event.node.data
        if item is None:
            return
        if item.goto is not None:
            self.query_one(FlowTree).go_to(item.goto)
        elif item.node is not None:
            self._open(item.node)
        else:
            event.node.toggle()

    def _open(self, node: Node) -> None:
        if node.service in WORKBENCH_SERVICES:
            self.playground.open_service(WORKBENCH_SERVICES[node.service])
        else:
            self.app.notify(f"No workbench for {node.label}: the map shows what it knows.",
                            title="flows", markup=False)

    # --- trace ----------------------------------------------------------------------------------
    def _entry(self) -> Node | None:
        """The resource under the cursor (a wire: its resource) when a trace can start there."""
        node = self.query_one(FlowTree).cursor_resource()
        if node is None or (node.service, node.label) not in ENTRY_KINDS or self.flows is None:
            self.app.notify("A trace starts at an event bus, rule, topic, queue, state machine "
                            "or stream: put the cursor on one.", title="trace", markup=False)
            return None
        return node

    def action_trace(self) -> None:
        node = self._entry()
        if node is not None:
            self._ask_receive(node, {})

    def action_trace_payload(self) -> None:
        from playground.ui.common.dialogs import PromptDialog

        node = self._entry()
        if node is None:
            return
        title = printable(f"Trace from {node.title}: the payload, a JSON object (traceId is "
                          "added; for a bus or rule, the detail)")
        self.app.push_screen(PromptDialog(title, 'e.g. {"order": 1}', self.payload_text),
                             lambda text: self._payload_typed(node, text))

    def _payload_typed(self, node: Node, text: str | None) -> None:
        from playground.flows.hops import TraceError, parse_payload

        if text is None:
            return
        self.payload_text = text
        try:
            payload = parse_payload(text)
        except TraceError as exc:
            self.app.notify(f"{exc} (T again to fix it)", title="trace", severity="error",
                            markup=False)
            return
        self._ask_receive(node, payload)

    def _ask_receive(self, node: Node, payload: dict[str, Any]) -> None:
        target = self.target
        if target is None:
            return
        if target.supports_peek:
            self._start_trace(node, False, payload)
            return
        from playground.ui.common.dialogs import ConfirmDialog

        body = (f"{target.label} cannot show a queue's messages without receiving them. "
                "Receive with a zero visibility timeout (the messages stay, but each look counts "
                "as a receive; queues with a dead-letter queue are only counted)? "
                "No: the trace counts the queues' messages instead.")
        self.app.push_screen(ConfirmDialog("Trace: receive from queues?", body, "Receive"),
                             lambda allow: self._start_trace(node, bool(allow), payload))

    def _start_trace(self, node: Node, allow_receive: bool,
                     payload: dict[str, Any] | None = None) -> None:
        target = self.target
        if target is None:
            return
        if self.trace is not None:
            self.trace.cancel()
        factory = type(self).trace_factory
        if factory is None:
            from playground.flows.trace import Trace

            factory = Trace
        self.trace = factory(target, node.arn, payload or {}, flows=self.flows,
                             allow_receive=allow_receive)
        self.query_one(FlowTree).clear_lights()
        self.lit = []
        self.query_one(TracePanel).add_class("-on")
        self._run_trace(self.trace)

    def action_stop_trace(self) -> None:
        if self.trace is not None:
            self.trace.cancel()

    @work(thread=True, exclusive=True, exit_on_error=False, group=TRACE_GROUP,
          description="flows: trace one message")
    def _run_trace(self, trace: Any) -> None:
        from playground.ui.common.workers import describe_error

        try:
            entry = trace.entry()
            self.post_message(TraceStarted(trace.trace_id, entry.title, trace.observability()))
            for hop in trace:
                self.post_message(TraceHop(trace.trace_id, hop))
        except Exception as exc:  # a refusal, the target gone: said in the panel
            self.post_message(TraceEnded(trace.trace_id, None, describe_error(exc)))
            return
        self.post_message(TraceEnded(trace.trace_id, trace.summary))

    def _current(self, trace_id: str) -> bool:
        return self.trace is not None and self.trace.trace_id == trace_id

    def on_trace_started(self, message: TraceStarted) -> None:
        if self._current(message.trace_id):
            self.query_one(TracePanel).begin(message.trace_id, message.entry, message.observable)

    def on_trace_hop(self, message: TraceHop) -> None:
        if not self._current(message.trace_id):
            return
        hop, tree = message.hop, self.query_one(FlowTree)
        tree.light(hop.node, hop.status)
        if hop.via is not None:
            tree.light(edge_key(hop.via), hop.status)
        self.query_one(TracePanel).add(hop)
        self.lit.append((hop, time.time()))

    def on_trace_ended(self, message: TraceEnded) -> None:
        if self._current(message.trace_id):
            self.query_one(TracePanel).end(message.summary, message.problem)

