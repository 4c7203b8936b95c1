"""The flow map as lines of plain text: what `playground flows` prints and the Flows screen shows.

Names and details come from the target: every line goes through `printable` (lone surrogates,
control characters escaped), and callers draw them as text, never as markup.
"""

from __future__ import annotations

from playground.flows.model import SERVICE_TITLES, Edge, FlowMap, Node
from playground.patterns.json_input import printable


def node_line(node: Node) -> str:
    """`rule orders-rule (bus shop)`, with its note: `… [the definition cannot be read: …]`."""
    return printable(node.title + (f"  [{node.note}]" if node.note else ""))


def edge_line(flows: FlowMap, edge: Edge, *, source: bool = True) -> str:
    """`rule orders-rule (bus shop) -> queue billing  target  pattern {...}`; without the
    source when drawn under its node: `-> queue billing  target  pattern {...}`."""
    to = flows.node(edge.target).title
    head = f"{flows.node(edge.source).title} -> " if source else "-> "
    tail = f"  {edge.label}" + (f"  {edge.detail}" if edge.detail else "")
    return printable(head + to + tail)


def service_title(service: str) -> str:
    return SERVICE_TITLES.get(service, service)


def map_lines(flows: FlowMap) -> list[str]:
    """Grouped by service: each node, then the edges that leave it (indented)."""
    lines: list[str] = []
    groups = flows.by_service()
    for service, nodes in groups:
        lines.append(f"{service_title(service)} ({len(nodes)})")
        for node in nodes:
            lines.append(f"  {node_line(node)}")
            for edge in flows.outgoing(node.arn):
                lines.append(f"      {edge_line(flows, edge)}")
    if not groups:
        lines.append("nothing found in this region")
    lines.append(summary(flows))
    return lines


def summary(flows: FlowMap) -> str:
    """`9 resources, 9 connections`."""
    nodes, edges = len(flows.nodes), len(flows.edges)
    return (f"{nodes} resource{'' if nodes == 1 else 's'}, "
            f"{edges} connection{'' if edges == 1 else 's'}")


def unseen_lines(flows: FlowMap) -> list[str]:
    return [printable(u.describe()) for u in flows.unseen]
