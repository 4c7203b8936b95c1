"""SQS: queues, messages, visibility, dead-letter queues."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from playground.aws.common import is_probe_resource, managed_tags
from playground.patterns.json_input import parse_json
from playground.targets.base import Target
from playground.targets.errors import TargetError

# From the botocore SQS model (CreateQueue docs): 1,024 bytes to 1,048,576 bytes (1 MiB),
# default 1 MiB since 2025.
MAX_MESSAGE_BYTES = 1_048_576
MAX_BATCH = 10
COUNT_ATTRIBUTES = [
    "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesNotVisible",
    "ApproximateNumberOfMessagesDelayed",
]


@dataclass(frozen=True)
class QueueSummary:
    url: str
    name: str
    fifo: bool
    visible: int
    in_flight: int
    delayed: int
    attributes: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def dlq_arn(self) -> str | None:
        policy = self.attributes.get("RedrivePolicy")
        if not policy:
            return None
        try:
            parsed = parse_json(policy)
        except ValueError:  # not JSON, or nested too deep: no DLQ the playground can follow
            return None
        if not isinstance(parsed, dict):
            return None
        return str(parsed.get("deadLetterTargetArn")) or None


@dataclass(frozen=True)
class ReceivedMessage:
    message_id: str
    receipt_handle: str
    body: str
    receive_count: int
    attributes: dict[str, str]
    message_attributes: dict[str, Any]
    group_id: str | None = None

    @property
    def sequence_number(self) -> str | None:
        return self.attributes.get("SequenceNumber")

    @property
    def dedup_id(self) -> str | None:
        return self.attributes.get("MessageDeduplicationId")

    @property
    def dlq_source_arn(self) -> str | None:
        """Set by SQS on messages it moved to a dead-letter queue."""
        return self.attributes.get("DeadLetterQueueSourceArn")


@dataclass(frozen=True)
class PeekedMessage:
    """A queued message seen without receiving it (only targets with peek can do this)."""

    message_id: str
    body: str
    receive_count: int
    visible: bool
    visible_at: float
    group_id: str | None = None
    dedup_id: str | None = None
    sequence_number: str | None = None
    message_attributes: dict[str, Any] = field(default_factory=dict, compare=False)
    dlq_source_arn: str | None = None
    sent_at: float = 0.0
    """SentTimestamp in seconds since the epoch."""

    @property
    def state(self) -> str:
        """visible, in flight (received, not deleted) or delayed (never received yet)."""
        if self.visible:
            return "visible"
        return "in flight" if self.receive_count > 0 else "delayed"

    @classmethod
    def from_peek(cls, raw: dict[str, Any]) -> PeekedMessage:
        attrs = raw.get("Attributes") or {}
        return cls(
            message_id=str(raw.get("MessageId") or raw.get("message_id") or ""),
            body=str(raw.get("Body") or raw.get("body") or ""),
            receive_count=int(raw.get("ReceiveCount") or 0),
            visible=bool(raw.get("IsVisible", True)),
            visible_at=float(raw.get("VisibleAt") or 0),
            group_id=raw.get("MessageGroupId"),
            dedup_id=raw.get("MessageDeduplicationId"),
            sequence_number=raw.get("SequenceNumber"),
            message_attributes=dict(raw.get("MessageAttributes") or {}),
            dlq_source_arn=attrs.get("DeadLetterQueueSourceArn"),
            sent_at=_sent_seconds(attrs.get("SentTimestamp"), raw.get("SentTimestamp")),
        )


def _sent_seconds(millis: Any, seconds: Any) -> float:
    try:
        return int(millis) / 1000.0 if millis else float(seconds or 0)
    except (TypeError, ValueError):
        return 0.0


@dataclass(frozen=True)
class RedrivePolicy:
    dlq_arn: str
    max_receive_count: int

    @classmethod
    def parse(cls, raw: str | None) -> RedrivePolicy | None:
        if not raw:
            return None
        try:
            data = parse_json(raw)
            return cls(str(data["deadLetterTargetArn"]), int(data["maxReceiveCount"]))
        except (ValueError, KeyError, TypeError):
            return None


@dataclass(frozen=True)
class DlqLink:
    """source --(maxReceiveCount)--> dead-letter queue, both as listed on the target."""

    source: QueueSummary
    dlq: QueueSummary
    max_receive_count: int


@dataclass(frozen=True)
class BatchResult:
    sent: list[str]
    """Message ids SQS accepted, in entry order."""
    failed: list[tuple[str, str]]
    """(entry id, the service's error message) for each entry SQS refused."""


def queue_name(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def arn_name(arn: str) -> str:
    return arn.rsplit(":", 1)[-1]


def dlq_links(queues: list[QueueSummary]) -> list[DlqLink]:
    """Source/DLQ pairs found in the queues' redrive policies (no ListDeadLetterSourceQueues:
    the embedded emulator does not have it, and the policies say the same)."""
    by_arn = {q.attributes.get("QueueArn", ""): q for q in queues}
    links = []
    for q in queues:
        policy = RedrivePolicy.parse(q.attributes.get("RedrivePolicy"))
        if policy is not None and policy.dlq_arn in by_arn:
            links.append(DlqLink(q, by_arn[policy.dlq_arn], policy.max_receive_count))
    return links


class SqsService:
    def __init__(self, target: Target) -> None:
        self.target = target

    @property
    def client(self) -> Any:
        return self.target.client("sqs")

    def list_queue_urls(self, prefix: str | None = None) -> list[str]:
        kwargs: dict[str, Any] = {"QueueNamePrefix": prefix} if prefix else {}
        urls: list[str] = []
        paginator = self.client.get_paginator("list_queues")
        for page in paginator.paginate(**kwargs):
            urls.extend(u for u in page.get("QueueUrls", []) if not is_probe_resource(u))
        return sorted(urls)

    def list_queues(self, prefix: str | None = None) -> list[QueueSummary]:
        return [self.summary(url) for url in self.list_queue_urls(prefix)]

    def summary(self, url: str) -> QueueSummary:
        attrs = self.attributes(url)
        return QueueSummary(
            url=url,
            name=queue_name(url),
            fifo=attrs.get("FifoQueue") == "true",
            visible=int(attrs.get("ApproximateNumberOfMessages", 0)),
            in_flight=int(attrs.get("ApproximateNumberOfMessagesNotVisible", 0)),
            delayed=int(attrs.get("ApproximateNumberOfMessagesDelayed", 0)),
            attributes=attrs,
        )

    def attributes(self, url: str) -> dict[str, str]:
        resp = self.client.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])
        return dict(resp.get("Attributes", {}))

    def create_queue(self, name: str, *, fifo: bool = False,
                     attributes: dict[str, str] | None = None,
                     tags: dict[str, str] | None = None) -> str:
        attrs = dict(attributes or {})
        if fifo:
            if not name.endswith(".fifo"):
                name += ".fifo"
            attrs["FifoQueue"] = "true"
        kwargs: dict[str, Any] = {"QueueName": name, "tags": managed_tags(tags)}
        if attrs:
            kwargs["Attributes"] = attrs
        resp = self.client.create_queue(**kwargs)
        return str(resp["QueueUrl"])

    def queue_url(self, name: str) -> str:
        return str(self.client.get_queue_url(QueueName=name)["QueueUrl"])

    def queue_arn(self, url: str) -> str:
        resp = self.client.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])
        return str(resp["Attributes"]["QueueArn"])

    def set_attributes(self, url: str, attributes: dict[str, str]) -> None:
        self.client.set_queue_attributes(QueueUrl=url, Attributes=attributes)

    def set_redrive(self, url: str, dlq_arn: str, max_receive_count: int) -> None:
        policy = {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": max_receive_count}
        self.set_attributes(url, {"RedrivePolicy": json.dumps(policy)})

    def send(self, url: str, body: str, *, attributes: dict[str, Any] | None = None,
             delay_seconds: int | None = None, group_id: str | None = None,
             dedup_id: str | None = None) -> str:
        kwargs: dict[str, Any] = {"QueueUrl": url, "MessageBody": body}
        if attributes:
            kwargs["MessageAttributes"] = attributes
        if delay_seconds is not None:
            kwargs["DelaySeconds"] = delay_seconds
        if group_id:
            kwargs["MessageGroupId"] = group_id
        if dedup_id:
            kwargs["MessageDeduplicationId"] = dedup_id
        return str(self.client.send_message(**kwargs)["MessageId"])

    def send_batch(self, url: str, bodies: list[str], *, group_id: str | None = None) -> int:
        """Send up to 10 bodies in one call; returns how many SQS accepted."""
        entries: list[dict[str, Any]] = []
        for i, body in enumerate(bodies[:MAX_BATCH]):
            entry: dict[str, Any] = {"Id": str(i), "MessageBody": body}
            if group_id:
                entry["MessageGroupId"] = group_id
            entries.append(entry)
        resp = self.client.send_message_batch(QueueUrl=url, Entries=entries)
        return len(resp.get("Successful", []))

    def send_entries(self, url: str, entries: list[dict[str, Any]]) -> BatchResult:
        """One SendMessageBatch call (at most 10 entries, each with an Id)."""
        resp = self.client.send_message_batch(QueueUrl=url, Entries=entries[:MAX_BATCH])
        order = {e["Id"]: i for i, e in enumerate(entries)}
        ok = sorted(resp.get("Successful", []), key=lambda r: order.get(r["Id"], 0))
        failed = [(str(f["Id"]), f"{f.get('Code', '')}: {f.get('Message', '')}".strip(": "))
                  for f in resp.get("Failed", [])]
        return BatchResult([str(r["MessageId"]) for r in ok], failed)

    def receive(self, url: str, *, max_messages: int = 10, wait_seconds: int | None = 0,
                visibility_timeout: int | None = None) -> list[ReceivedMessage]:
        """`wait_seconds=None` leaves WaitTimeSeconds out, so the queue's
        ReceiveMessageWaitTimeSeconds applies."""
        kwargs: dict[str, Any] = {
            "QueueUrl": url,
            "MaxNumberOfMessages": max_messages,
            "MessageSystemAttributeNames": ["All"],
            "MessageAttributeNames": ["All"],
        }
        if wait_seconds is not None:
            kwargs["WaitTimeSeconds"] = wait_seconds
        if visibility_timeout is not None:
            kwargs["VisibilityTimeout"] = visibility_timeout
        resp = self.client.receive_message(**kwargs)
        out = []
        for m in resp.get("Messages", []):
            attrs = dict(m.get("Attributes", {}))
            out.append(ReceivedMessage(
                message_id=m["MessageId"],
                receipt_handle=m["ReceiptHandle"],
                body=m.get("Body", ""),
                receive_count=int(attrs.get("ApproximateReceiveCount", 1)),
                attributes=attrs,
                message_attributes=dict(m.get("MessageAttributes", {})),
                group_id=attrs.get("MessageGroupId"),
            ))
        return out

    def delete_message(self, url: str, receipt_handle: str) -> None:
        self.client.delete_message(QueueUrl=url, ReceiptHandle=receipt_handle)

    def delete_messages(self, url: str, receipt_handles: list[str]) -> int:
        """Delete up to 10 messages in one DeleteMessageBatch call; returns how many went."""
        if not receipt_handles:
            return 0
        entries = [{"Id": str(i), "ReceiptHandle": h} for i, h in enumerate(receipt_handles[:10])]
        resp = self.client.delete_message_batch(QueueUrl=url, Entries=entries)
        return len(resp.get("Successful", []))

    def change_visibility(self, url: str, receipt_handle: str, seconds: int) -> None:
        self.client.change_message_visibility(QueueUrl=url, ReceiptHandle=receipt_handle,
                                              VisibilityTimeout=seconds)

    def purge(self, url: str) -> None:
        self.client.purge_queue(QueueUrl=url)

    def delete_queue(self, url: str) -> None:
        self.client.delete_queue(QueueUrl=url)

    def tags(self, url: str) -> dict[str, str]:
        return dict(self.client.list_queue_tags(QueueUrl=url).get("Tags", {}))

    def peek(self, url: str) -> list[dict[str, Any]]:
        """Queued messages without receiving them; TargetError where the target cannot."""
        return self.target.peek_messages(url)

    def peek_messages(self, url: str) -> list[PeekedMessage]:
        """Typed `peek`, in queue order (FIFO: by sequence number)."""
        return [PeekedMessage.from_peek(raw) for raw in self.peek(url)]



LOOK_NOTE = ("looked by receiving with a zero visibility timeout: the messages stay in the "
             "queue, but each look counts as a receive")


def look(service: SqsService, url: str, rounds: int = 3) -> tuple[list[PeekedMessage], str]:
    """The queue's visible messages without taking them away, and a note on how.

    Peek where the target has it. Elsewhere (LocalStack, AWS) receive with VisibilityTimeout=0,
    which leaves every message visible but raises its receive count, so a queue with a
    redrive policy is only counted (looking could push messages into its DLQ).
    """
    target = service.target
    if target.supports_peek:
        return [m for m in service.peek_messages(url) if m.state == "visible"], ""
    if "RedrivePolicy" in service.attributes(url):
        raise TargetError(f"{target.label} cannot show messages without receiving them, and "
                          "receiving would move them toward the dead-letter queue")
    seen: dict[str, PeekedMessage] = {}
    for _ in range(rounds):
        for m in service.receive(url, max_messages=10, wait_seconds=0, visibility_timeout=0):
            seen.setdefault(m.message_id, PeekedMessage(
                message_id=m.message_id, body=m.body, receive_count=m.receive_count,
                visible=True, visible_at=0.0, group_id=m.group_id,
                message_attributes=m.message_attributes))
    return list(seen.values()), LOOK_NOTE
