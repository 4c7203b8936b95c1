"""The Flows screen: the flow map (playground.flows) as a tree, nodes grouped by service, each
with the wires that leave it and reach it. Enter on a resource opens its service's workbench;
enter on a wire goes to the resource at its other end; space folds.

Everything drawn comes from the target: labels are Text objects, never markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static, Tree

from playground.flows.model import WORKBENCH_SERVICES, FlowMap, Node
from playground.flows.text import edge_line, node_line, service_title, summary
from playground.patterns.json_input import printable
from playground.ui.common.messages import TargetChanged
from playground.ui.common.screen import PlaygroundScreen
from playground.ui.common.text import plain

if TYPE_CHECKING:
    from textual.widgets.tree import TreeNode

MAX_LABEL = 160
"""Characters of one tree line (a pattern can be long: the line under the tree shows it whole)."""


@dataclass(frozen=True)
class Item:
    """What a tree line stands for: a resource, or a wire to (`goto`) another one."""

    text: str
    node: Node | None = None
    goto: str | None = None


def _label(text: str, style: str = "") -> Text:
    short = text if len(text) <= MAX_LABEL else text[:MAX_LABEL - 1] + "…"
    return Text(short, style=style, no_wrap=True, end="")


class FlowTree(Tree[Item]):
    """Space on a wire folds the resource it belongs to (Tree's toggle does nothing on a leaf)."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Open / go to", id="flows.open"),
        Binding("space", "toggle_node", "Fold", id="flows.fold"),
    ]

    def action_toggle_node(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if not node.allow_expand and node.parent is not None and node.parent is not self.root:
            node = node.parent
            self.move_cursor(node)
        node.toggle()


class FlowsScreen(PlaygroundScreen):
    CSS_PATH = "screen.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="flows.back"),
        Binding("r", "reload", "Reload", id="flows.reload"),
    ]

    @dataclass
    class Read(Message):
        flows: FlowMap | None
        problem: str = ""

    def __init__(self) -> None:
        super().__init__(name="flows")
        self.flows: FlowMap | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(plain("reading the wiring…"), id="flows-status")
        tree = FlowTree(Text("flows"), id="flows-tree")
        tree.show_root = False
        tree.auto_expand = False
        yield tree
        yield Static(plain("enter open workbench / go to · space fold · r reload · esc back"),
                     id="flows-detail")

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
        self._fill(flows)

    def _fill(self, flows: FlowMap) -> None:
        tree: Tree[Item] = self.query_one(Tree)
        was = tree.cursor_node.data if tree.cursor_node is not None else None
        tree.clear()
        place: TreeNode[Item] | None = None
        for service, nodes in flows.by_service():
            title = f"{service_title(service)} ({len(nodes)})"
            group = tree.root.add(_label(title, "bold"), Item(title), expand=True)
            for node in nodes:
                text = node_line(node)
                out, into = flows.outgoing(node.arn), flows.incoming(node.arn)
                style = "yellow" if node.note else ""
                leaf = group.add(_label(text, style), Item(text, node), expand=True,
                                 allow_expand=bool(out or into))
                for edge in out:
                    line = edge_line(flows, edge, source=False)
                    leaf.add_leaf(_label(line), Item(line, goto=edge.target))
                for edge in into:
                    line = printable(f"<- {flows.node(edge.source).title}  {edge.label}")
                    leaf.add_leaf(_label(line, "dim"), Item(line + (
                        f"  {printable(edge.detail)}" if edge.detail else ""), goto=edge.source))
                if was is not None and was.node is not None and was.node.arn == node.arn:
                    place = leaf
        if flows.unseen:
            title = f"Not seen ({len(flows.unseen)})"
            group = tree.root.add(_label(title, "bold"), Item(title), expand=True)
            for unseen in flows.unseen:
                line = printable(unseen.describe())
                group.add_leaf(_label(line, "yellow"), Item(line))
        if not flows.nodes:
            tree.root.add_leaf(_label("nothing found in this region"), Item("nothing found"))
        if place is not None:
            tree.move_cursor(place)
        elif tree.cursor_node is None:
            tree.cursor_line = 0

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[Item]) -> None:
        item = event.node.data
        if item is not None:
            self.query_one("#flows-detail", Static).update(plain(item.text, limit=2000))

    def on_tree_node_selected(self, event: Tree.NodeSelected[Item]) -> None:
        item = event.node.data
        if item is None:
            return
        if item.goto is not None:
            self._go_to(item.goto)
        elif item.node is not None:
            self._open(item.node)
        else:
            event.node.toggle()

    def _go_to(self, arn: str) -> None:
        tree: Tree[Item] = self.query_one(Tree)
        for group in tree.root.children:
            for leaf in group.children:
                if leaf.data is not None and leaf.data.node is not None and leaf.data.node.arn == arn:
                    group.expand()
                    tree.move_cursor(leaf)
                    tree.scroll_to_node(leaf)
                    return

    def _open(self, node: Node) -> None:
        if node.service in WORKBENCH_SERVICES:
            self.playground.open_service(node.service)
        else:
            self.app.notify(f"No workbench for {node.label}: the map shows what it knows.",
                            title="flows", markup=False)
