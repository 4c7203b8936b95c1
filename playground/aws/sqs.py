"""SQS: queues, messages, visibility, dead-letter queues."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from playground.aws.common import managed_tags
from playground.targets.base import Target

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
        return str(json.loads(policy).get("deadLetterTargetArn")) or None


@dataclass(frozen=True)
class ReceivedMessage:
    message_id: str
    receipt_handle: str
    body: str
    receive_count: int
    attributes: dict[str, str]
    message_attributes: dict[str, Any]
    group_id: str | None = None


def queue_name(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


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
            urls.extend(page.get("QueueUrls", []))
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
        resp = self.client.create_queue(QueueName=name, Attributes=attrs,
                                        tags=managed_tags(tags))
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

    def receive(self, url: str, *, max_messages: int = 10, wait_seconds: int = 0,
                visibility_timeout: int | None = None) -> list[ReceivedMessage]:
        kwargs: dict[str, Any] = {
            "QueueUrl": url,
            "MaxNumberOfMessages": max_messages,
            "WaitTimeSeconds": wait_seconds,
            "MessageSystemAttributeNames": ["All"],
            "MessageAttributeNames": ["All"],
        }
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
