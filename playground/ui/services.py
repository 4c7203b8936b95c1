"""The five services as the home screen and palette present them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ServiceCard:
    key: str
    title: str
    blurb: str


SERVICE_CARDS: tuple[ServiceCard, ...] = (
    ServiceCard("sqs", "SQS", "queues: send, consume, visibility timeouts, DLQs, FIFO"),
    ServiceCard("sns", "SNS", "pub/sub: publish once, watch every subscriber (or why not)"),
    ServiceCard("events", "EventBridge", "buses, rules and patterns, targets, archive/replay"),
    ServiceCard("stepfunctions", "Step Functions", "state machines, executions state by state"),
    ServiceCard("kinesis", "Kinesis", "streams and shards, partition keys, split/merge"),
)
CARDS_BY_KEY = {c.key: c for c in SERVICE_CARDS}
