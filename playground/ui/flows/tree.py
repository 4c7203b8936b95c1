"""The flow map drawn as a tree: nodes grouped by service, each with the wires that leave it
(`->`) and reach it (`<-`); a trace lights resources and wires as it sees the message there
(● reached, ✗ stopped, ? not followed). Labels are Text built from parts, never markup."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree

from playground.flows.model import Edge, FlowMap, Node
from playground.flows.text import edge_line, node_line, service_title
from playground.patterns.json_input import printable
from playground.ui.flows.trace_panel import STYLES

if TYPE_CHECKING:
    from textual.widgets.tree import TreeNode

MAX_LABEL = 160
"""Characters of one tree line (a pattern can be long: the line under the tree shows it whole)."""
MARKS = {"reached": "● ", "stopped": "✗ ", "note": "? "}


@dataclass(frozen=True)
class Item:
    """What a tree line stands for: a resource, or a wire to (`goto`) another one."""

    text: str
    node: Node | None = None
    goto: str | None = None
    edge: Edge | None = None
    style: str = ""
    shown: str = ""
    """The tree line when it is shorter than `text` (an incoming wire without its detail)."""


def label(text: str, style: str = "", mark: str = "") -> Text:
    short = text if len(text) <= MAX_LABEL else text[:MAX_LABEL - 1] + "…"
    if mark:
        return Text.assemble((MARKS[mark], f"bold {STYLES[mark]}"), (short, STYLES[mark]),
                             no_wrap=True, end="")
    return Text(short, style=style, no_wrap=True, end="")


def edge_key(edge: Edge) -> str:
    return f"{edge.source}|{edge.kind}|{edge.target}|{edge.label}"


class FlowTree(Tree[Item]):
    """Space on a wire folds the resource it belongs to (Tree's toggle does nothing on a leaf)."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Open / go to", id="flows.open"),
        Binding("space", "toggle_node", "Fold", id="flows.fold"),
    ]

    def __init__(self, label_text: Text, *, id: str | None = None) -> None:
        super().__init__(label_text, id=id)
        self.marks: dict[str, str] = {}
        """Lit resources (ARN) and wires (edge key): reached, stopped or note."""
        self.leaves: dict[str, list[TreeNode[Item]]] = {}
        """The lines of each resource (ARN) and wire (edge key)."""

    def action_toggle_node(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if not node.allow_expand and node.parent is not None and node.parent is not self.root:
            node = node.parent
            self.move_cursor(node)
        node.toggle()

    def fill(self, flows: FlowMap) -> None:
        was = self.cursor_node.data if self.cursor_node is not None else None
        self.clear()
        self.leaves = {}
        place: TreeNode[Item] | None = None
        for service, nodes in flows.by_service():
            title = f"{service_title(service)} ({len(nodes)})"
            group = self.root.add(label(title, "bold"), Item(title), expand=True)
            for node in nodes:
                out, into = flows.outgoing(node.arn), flows.incoming(node.arn)
                item = Item(node_line(node), node, style="yellow" if node.note else "")
                leaf = group.add(self.paint(item), item, expand=True,
                                 allow_expand=bool(out or into))
                self.leaves.setdefault(node.arn, []).append(leaf)
                for edge in out:
                    item = Item(edge_line(flows, edge, source=False), goto=edge.target, edge=edge)
                    self.leaves.setdefault(edge_key(edge), []).append(
                        leaf.add_leaf(self.paint(item), item))
                for edge in into:
                    line = printable(f"<- {flows.node(edge.source).title}  {edge.label}")
                    item = Item(line + (f"  {printable(edge.detail)}" if edge.detail else ""),
                                goto=edge.source, edge=edge, style="dim", shown=line)
                    self.leaves.setdefault(edge_key(edge), []).append(
                        leaf.add_leaf(self.paint(item), item))
                if was is not None and was.node is not None and was.node.arn == node.arn:
                    place = leaf
        if flows.unseen:
            title = f"Not seen ({len(flows.unseen)})"
            group = self.root.add(label(title, "bold"), Item(title), expand=True)
            for unseen in flows.unseen:
                line = printable(unseen.describe())
                group.add_leaf(label(line, "yellow"), Item(line))
        if not flows.nodes:
            self.root.add_leaf(label("nothing found in this region"), Item("nothing found"))
        if place is not None:
            self.move_cursor(place)
        elif self.cursor_node is None:
            self.cursor_line = 0

    def go_to(self, arn: str) -> None:
        for group in self.root.children:
            for leaf in group.children:
                if leaf.data is not None and leaf.data.node is not None and leaf.data.node.arn == arn:
                    group.expand()
                    self.move_cursor(leaf)
                    self.scroll_to_node(leaf)
                    return

    def cursor_resource(self) -> Node | None:
        """The resource under the cursor; on a wire, the resource it is drawn under."""
        cursor = self.cursor_node
        item = cursor.data if cursor is not None else None
        if item is not None and item.node is None and cursor is not None and \
                cursor.parent is not None and cursor.parent.data is not None:
            item = cursor.parent.data
        return item.node if item is not None else None

    # --- lights -----------------------------------------------------------------------------
    def paint(self, item: Item) -> Text:
        key = edge_key(item.edge) if item.edge is not None else (
            item.node.arn if item.node is not None else "")
        return label(item.shown or item.text, item.style, self.marks.get(key, ""))

    def light(self, key: str, status: str) -> None:
        if status == "note" and self.marks.get(key):
            return  # what the trace cannot see never hides what it saw
        self.marks[key] = status
        self._repaint(key)

    def clear_lights(self) -> None:
        marked = list(self.marks)
        self.marks = {}
        for key in marked:
            self._repaint(key)

    def _repaint(self, key: str) -> None:
        for leaf in self.leaves.get(key, []):
            if leaf.data is not None:
                leaf.set_label(self.paint(leaf.data))
