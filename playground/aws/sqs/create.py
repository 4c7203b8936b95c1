"""Create a queue from a form's worth of settings, with its dead-letter queue if asked."""

from __future__ import annotations

from dataclasses import dataclass, field

from playground.aws.sqs.service import SqsService
from playground.aws.sqs.validate import (
    check_queue_attributes,
    check_queue_name,
    check_redrive,
    redrive_policy_json,
)
from playground.aws.validation import Issue

NEW_DLQ = "__new__"
"""`QueueSpec.dlq` value that asks for a new `<name>-dlq` queue."""


@dataclass(frozen=True)
class QueueSpec:
    name: str
    fifo: bool = False
    content_dedup: bool = False
    attributes: dict[str, str] = field(default_factory=dict)
    """VisibilityTimeout, MessageRetentionPeriod, ... as typed; empty values are left out."""
    dlq: str | None = None
    """Name of an existing queue, NEW_DLQ, or None for no dead-letter queue."""
    max_receive_count: str = "3"

    @property
    def full_name(self) -> str:
        base = self.name.strip().removesuffix(".fifo")
        return base + (".fifo" if self.fifo else "")

    @property
    def dlq_name(self) -> str | None:
        if self.dlq == NEW_DLQ:
            base = self.name.strip().removesuffix(".fifo") + "-dlq"
            return base + (".fifo" if self.fifo else "")
        return self.dlq

    def queue_attributes(self) -> dict[str, str]:
        attrs = {k: v.strip() for k, v in self.attributes.items() if v.strip()}
        if self.fifo and self.content_dedup:
            attrs["ContentBasedDeduplication"] = "true"
        return attrs


def check_spec(spec: QueueSpec, existing: dict[str, bool]) -> list[Issue]:
    """`existing`: queue name -> is FIFO, for the DLQ checks."""
    issues = check_queue_name(spec.name, spec.fifo)
    issues += check_queue_attributes(spec.attributes)
    if spec.content_dedup and not spec.fifo:
        issues.append(Issue("content_dedup", "Content-based deduplication is for FIFO queues."))
    if spec.dlq is not None:
        dlq_name = spec.dlq_name or ""
        dlq_fifo = spec.fifo if spec.dlq == NEW_DLQ else existing.get(dlq_name)
        issues += check_redrive(max_receive_count=spec.max_receive_count, dlq_name=dlq_name,
                                source_name=spec.full_name, source_fifo=spec.fifo,
                                dlq_fifo=dlq_fifo)
    return issues


def create_from_spec(svc: SqsService, spec: QueueSpec) -> tuple[str, str | None]:
    """CreateQueue (twice when a new DLQ is asked for); returns (queue URL, DLQ URL)."""
    attrs = spec.queue_attributes()
    dlq_url = None
    if spec.dlq is not None:
        dlq_name = spec.dlq_name or ""
        if spec.dlq == NEW_DLQ:
            dlq_url = svc.create_queue(dlq_name, fifo=spec.fifo)
        else:
            dlq_url = svc.queue_url(dlq_name)
        attrs["RedrivePolicy"] = redrive_policy_json(svc.queue_arn(dlq_url),
                                                     int(spec.max_receive_count))
    url = svc.create_queue(spec.full_name, fifo=spec.fifo, attributes=attrs)
    return url, dlq_url
