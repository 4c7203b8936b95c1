"""The flow map's shape: nodes (one a resource, by ARN) and labelled edges between them.

Headless: no Textual, no UI (import-linter contract `flows-headless`). The CLI prints it, the
Flows screen draws it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from playground.aws.inventory import Unseen

SERVICE_ORDER = ("events", "sns", "sqs", "stepfunctions", "kinesis", "firehose", "lambda", "s3",
                 "endpoint", "unknown")
"""How the map groups nodes: where events start, then where they go."""
SERVICE_TITLES = {"events": "EventBridge", "sns": "SNS", "sqs": "SQS",
                  "stepfunctions": "Step Functions", "kinesis": "Kinesis", "lambda": "Lambda",
                  "firehose": "Firehose", "s3": "S3",
                  "endpoint": "Other endpoints", "unknown": "Unknown"}
WORKBENCH_SERVICES = {"events": "events", "sns": "sns", "sqs": "sqs",
                      "stepfunctions": "stepfunctions", "kinesis": "kinesis",
                      "lambda": "lambda", "firehose": "datalake", "s3": "datalake"}
"""The workbench a node's service opens (keys of ui/workbenches.py): Firehose and S3 share
the data-lake workbench."""


@dataclass(frozen=True)
class Node:
    service: str
    """sqs, sns, events, stepfunctions, kinesis, lambda; `endpoint` for what is not an ARN (an
    e-mail address, a URL); `unknown` for what the map cannot place."""
    arn: str
    """Its ARN: the node's identity (for what has none, what the wiring names it by)."""
    name: str
    label: str
    """Its kind in the user's words: queue, topic, event bus, rule, archive, state machine,
    activity, stream, function, https endpoint, unknown target…"""
    context: str = ""
    """Where it lives when the name alone does not say (a rule's bus: `bus shop`)."""
    note: str = ""
    """What the map could not read about it (a definition it cannot parse), or empty."""

    @property
    def title(self) -> str:
        """`rule orders-rule (bus shop)`."""
        return f"{self.label} {self.name}" + (f" ({self.context})" if self.context else "")

    def to_json(self) -> dict[str, Any]:
        return {"service": self.service, "arn": self.arn, "name": self.name,
                "label": self.label, "context": self.context, "note": self.note}


@dataclass(frozen=True)
class Edge:
    source: str
    """The ARN of the node it leaves."""
    target: str
    kind: str
    """target (a rule's), archive, subscription, dead-letter, calls (a state machine's task),
    event source (a Lambda event source mapping), delivery source (a stream Firehose reads),
    delivery (a Firehose delivery stream's bucket)."""
    label: str
    """Short: `target`, `subscription sqs, raw`, `sqs:sendMessage.waitForTaskToken`…"""
    detail: str = ""
    """What decides what crosses it: the rule's pattern, the filter policy, the ASL state that
    calls, the maxReceiveCount."""

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "target": self.target, "kind": self.kind,
                "label": self.label, "detail": self.detail}


@dataclass
class FlowMap:
    region: str
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    unseen: list[Unseen] = field(default_factory=list)

    def add(self, node: Node) -> Node:
        """The node with this ARN: the first one added wins, but a listed resource replaces
        a placeholder only known from a reference (note `not listed…`)."""
        have = self.nodes.get(node.arn)
        if have is None or (have.note.startswith(NOT_LISTED) and not node.note.startswith(NOT_LISTED)):
            self.nodes[node.arn] = node
            return node
        return have

    def link(self, edge: Edge) -> None:
        if edge not in self.edges:
            self.edges.append(edge)

    def sorted_nodes(self) -> list[Node]:
        return sorted(self.nodes.values(), key=node_key)

    def sorted_edges(self) -> list[Edge]:
        return sorted(self.edges, key=lambda e: (e.source, e.kind, e.target, e.label, e.detail))

    def outgoing(self, arn: str) -> list[Edge]:
        return [e for e in self.sorted_edges() if e.source == arn]

    def incoming(self, arn: str) -> list[Edge]:
        return [e for e in self.sorted_edges() if e.target == arn]

    def by_service(self) -> list[tuple[str, list[Node]]]:
        groups: dict[str, list[Node]] = {}
        for node in self.sorted_nodes():
            groups.setdefault(node.service, []).append(node)
        return [(s, groups[s]) for s in sorted(groups, key=service_rank)]

    def node(self, arn: str) -> Node:
        """The node with this ARN (every edge's ends are nodes)."""
        return self.nodes[arn]

    def to_json(self) -> dict[str, Any]:
        """Stable: nodes and edges sorted, keys fixed."""
        return {
            "region": self.region,
            "nodes": [n.to_json() for n in self.sorted_nodes()],
            "edges": [e.to_json() for e in self.sorted_edges()],
            "unseen": sorted(({"service": u.service, "region": u.region, "reason": u.reason,
                               "permission": u.permission, "message": u.describe()}
                              for u in self.unseen),
                             key=lambda u: (u["service"], u["permission"], u["reason"])),
        }


NOT_LISTED = "not listed"
"""A node's note when the map only knows it from the wiring (another region or account, gone,
or a kind of resource the map does not list)."""


def service_rank(service: str) -> int:
    return SERVICE_ORDER.index(service) if service in SERVICE_ORDER else len(SERVICE_ORDER)


def node_key(node: Node) -> tuple[int, str, str, str, str]:
    return (service_rank(node.service), node.label, node.context, node.name, node.arn)
