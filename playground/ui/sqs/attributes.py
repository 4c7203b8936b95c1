"""Every attribute of the selected queue, with what it means; `e` edits the settable ones."""

from __future__ import annotations

from datetime import UTC, datetime

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from playground.aws.sqs.service import QueueSummary
from playground.ui.common.text import clean

MEANING = {
    "VisibilityTimeout": "seconds a received message stays hidden before SQS delivers it again",
    "ReceiveMessageWaitTimeSeconds": "long polling: how long a receive waits for a message",
    "DelaySeconds": "seconds every new message stays invisible before its first delivery",
    "MessageRetentionPeriod": "seconds SQS keeps a message that nobody deletes",
    "MaximumMessageSize": "largest body + attributes SQS accepts, in bytes",
    "RedrivePolicy": "where messages go after maxReceiveCount receives without a delete",
    "RedriveAllowPolicy": "which source queues may use this queue as their DLQ",
    "FifoQueue": "strict order per message group, exactly-once within 5 minutes",
    "ContentBasedDeduplication": "dedup id = SHA-256 of the body when none is given",
    "DeduplicationScope": "dedup per queue or per message group",
    "FifoThroughputLimit": "throughput quota per queue or per message group",
    "ApproximateNumberOfMessages": "visible now: a receive can get them",
    "ApproximateNumberOfMessagesNotVisible": "in flight: received, not deleted yet",
    "ApproximateNumberOfMessagesDelayed": "delayed: sent, not yet visible",
    "QueueArn": "the queue's ARN (DLQs and policies name queues by ARN)",
    "CreatedTimestamp": "when the queue was created",
    "LastModifiedTimestamp": "when an attribute last changed",
    "SqsManagedSseEnabled": "server-side encryption with SQS-owned keys",
    "Policy": "resource policy: who may do what with this queue",
}
SETTABLE = ("VisibilityTimeout", "ReceiveMessageWaitTimeSeconds", "DelaySeconds",
            "MessageRetentionPeriod", "MaximumMessageSize", "RedrivePolicy",
            "ContentBasedDeduplication")


class AttributesTable(DataTable[str | Text]):
    BINDINGS = [Binding("e", "edit", "Edit attribute", id="sqs.attributes.edit")]

    class Edit(Message):
        def __init__(self, queue_url: str, name: str, value: str) -> None:
            self.queue_url = queue_url
            self.name = name
            self.value = value
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")
        self.queue: QueueSummary | None = None

    def on_mount(self) -> None:
        self.add_column("attribute", key="name", width=30)
        self.add_column("value", key="value", width=22)
        self.add_column("meaning", key="meaning")

    def show(self, queue: QueueSummary | None) -> None:
        if queue is not None and self.queue is not None and queue.url == self.queue.url \
                and queue.attributes == self.queue.attributes:
            return
        cursor = self.cursor_row
        self.queue = queue
        self.clear()
        if queue is None:
            return
        for name in sorted(queue.attributes):
            value = queue.attributes[name]
            shown = _when(value) if name.endswith("Timestamp") else value
            label = Text(clean(name, 1_000), style="bold" if name in SETTABLE else "")
            self.add_row(label, Text(clean(shown, 1_000), overflow="ellipsis", no_wrap=True),
                         Text(MEANING.get(name, ""), style="dim"), key=name)
        self.move_cursor(row=min(cursor, max(0, self.row_count - 1)))

    def action_edit(self) -> None:
        if self.queue is None or self.row_count == 0:
            return
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        name = str(row_key.value)
        if name not in SETTABLE or (name == "ContentBasedDeduplication" and not self.queue.fifo):
            self.notify(f"{name} cannot be changed here", severity="warning", markup=False)
            return
        self.post_message(self.Edit(self.queue.url, name, self.queue.attributes.get(name, "")))


def _when(value: str) -> str:
    try:
        return datetime.fromtimestamp(int(value), UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    except (ValueError, OverflowError, OSError):
        return value
