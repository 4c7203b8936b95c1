"""Typed messages the SQS workbench's thread workers post back to the UI thread."""

from __future__ import annotations

from textual.message import Message

from playground.aws.sqs.redrive import RedriveResult
from playground.aws.sqs.service import DlqLink, PeekedMessage, QueueSummary, ReceivedMessage


class QueuesRefreshed(Message):
    """The live queue list: counts of visible, in-flight and delayed messages."""

    def __init__(self, queues: list[QueueSummary], links: list[DlqLink]) -> None:
        self.queues = queues
        self.links = links
        super().__init__()

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, QueuesRefreshed)


class MovedToDlq(Message):
    """These message ids were seen in a dead-letter queue: they left the queue they were
    received from."""

    def __init__(self, message_ids: set[str]) -> None:
        self.message_ids = message_ids
        super().__init__()


class QueueChanged(Message):
    """A queue was created, deleted, purged or changed; `select` names one to show."""

    def __init__(self, text: str, select: str | None = None, *, error: bool = False) -> None:
        self.text = text
        self.select = select
        self.error = error
        super().__init__()


class QueueFormFailed(Message):
    """CreateQueue or SetQueueAttributes said no; the form stays open with this text."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__()


class SendFinished(Message):
    """A SendMessage (or batch) answered: ids sent, or the service's own error text."""

    def __init__(self, queue_url: str, ids: list[str], error: str | None = None,
                 total: int = 1, done: int = 1, failed: int = 0) -> None:
        self.queue_url = queue_url
        self.ids = ids
        self.error = error
        self.total = total
        self.done = done
        self.failed = failed
        super().__init__()


class ConsumerReceived(Message):
    """One ReceiveMessage of one consumer returned (maybe nothing); consumer 0 is the lanes view."""

    def __init__(self, consumer_id: int, messages: list[ReceivedMessage], received_at: float,
                 visibility_timeout: int, auto_deleted: bool = False) -> None:
        self.consumer_id = consumer_id
        self.messages = messages
        self.received_at = received_at
        self.visibility_timeout = visibility_timeout
        self.auto_deleted = auto_deleted
        super().__init__()


class ConsumerStatus(Message):
    def __init__(self, consumer_id: int, text: str, *, error: bool = False,
                 polling: bool | None = None) -> None:
        self.consumer_id = consumer_id
        self.text = text
        self.error = error
        self.polling = polling
        super().__init__()


class DeliveryUpdated(Message):
    """A received message was deleted (`seconds is None`) or its visibility changed."""

    def __init__(self, receipt_handle: str, at: float, seconds: int | None) -> None:
        self.receipt_handle = receipt_handle
        self.at = at
        self.seconds = seconds
        super().__init__()


class PeekLoaded(Message):
    """Messages of one or two queues seen without receiving; `error` where peek is impossible."""

    def __init__(self, view: str, queue_url: str, messages: list[PeekedMessage],
                 dlq_url: str | None = None, dlq_messages: list[PeekedMessage] | None = None,
                 error: str | None = None) -> None:
        self.view = view
        self.queue_url = queue_url
        self.messages = messages
        self.dlq_url = dlq_url
        self.dlq_messages = dlq_messages or []
        self.error = error
        super().__init__()

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, PeekLoaded) and message.view == self.view


class RedriveFinished(Message):
    def __init__(self, result: RedriveResult) -> None:
        self.result = result
        super().__init__()
