"""The SQS workbench's thread workers: every AWS call the screen makes starts here."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import work
from textual.worker import Worker, get_current_worker

from playground.aws.common import error_code, error_message
from playground.aws.sqs.redrive import redrive
from playground.aws.sqs.service import QueueSummary, SqsService, dlq_links
from playground.aws.sqs.visibility import Clock, Delivery, MessageIndex
from playground.aws.validation import whole_number
from playground.targets import Target, TargetError
from playground.targets.liveness import LoopBackoff, describe_failure
from playground.ui.common.workers import LOOP_GROUPS
from playground.ui.sqs.consumer import ConsumerConfig
from playground.ui.sqs.messages import (
    ConsumerReceived,
    ConsumerStatus,
    DeliveryUpdated,
    MovedToDlq,
    PeekLoaded,
    QueueChanged,
    QueuesRefreshed,
    RedriveFinished,
    SendFinished,
)
from playground.ui.sqs.send_form import SendRequest

if TYPE_CHECKING:
    from textual.message import Message

PEEK_S = 1.0
SHORT_POLL_PAUSE_S = 1.0
DEFAULT_VISIBILITY = 30
LOOP_GROUPS.update({"sqs-queues", "sqs-peek", "sqs-consumers"})

FIFO_BATCH_GROUPS = ("group-a", "group-b", "group-c")


def summaries(svc: SqsService) -> list[QueueSummary]:
    """Every queue with its counts; a queue deleted between the two calls is skipped."""
    out = []
    for url in svc.list_queue_urls():
        try:
            out.append(svc.summary(url))
        except Exception as exc:
            if "NonExistentQueue" not in error_code(exc) and "QueueDoesNotExist" not in \
                    error_code(exc):
                raise
    return out


class SqsWorkers:
    """Mixed into the Workbench screen, which provides the state these read."""

    clock: Clock
    index: MessageIndex
    queues: dict[str, QueueSummary]

    if TYPE_CHECKING:
        def post_message(self, message: Message) -> bool: ...

        def peek_request(self) -> tuple[str, str, str | None] | None: ...

        def poll_until_cancelled(self, target: Target, read: Callable[[], None],
                                 failed: Callable[[str], Message]) -> None: ...

    def visibility_of(self, url: str) -> int:
        queue = self.queues.get(url)
        try:
            return int(queue.attributes.get("VisibilityTimeout", DEFAULT_VISIBILITY)) if queue \
                else DEFAULT_VISIBILITY
        except ValueError:
            return DEFAULT_VISIBILITY

    # --- live loops ----------------------------------------------------------------------------
    @work(thread=True, exclusive=True, exit_on_error=False, group="sqs-queues",
          description="refresh queue counts")
    def poll_queues(self, target: Target) -> None:
        svc = SqsService(target)

        def read() -> None:
            queues = summaries(svc)
            self.post_message(QueuesRefreshed(queues, dlq_links(queues)))

        self.poll_until_cancelled(target, read,
                                  lambda text: QueueChanged(f"refresh failed: {text}", error=True))

    @work(thread=True, exclusive=True, exit_on_error=False, group="sqs-peek",
          description="peek at messages")
    def poll_peek(self, target: Target) -> None:
        worker = get_current_worker()
        svc = SqsService(target)
        backoff = LoopBackoff(target, worker.cancelled_event)
        while not worker.is_cancelled:
            request = self.peek_request()
            if request is not None:
                view, url, dlq_url = request

                def say(text: str, view: str = view, url: str = url) -> None:
                    self.post_message(PeekLoaded(view, url, [], error=text))

                backoff.pause(say)
                if worker.is_cancelled:
                    break
                if not target.supports_peek:
                    self.post_message(PeekLoaded(view, url, [], error=(
                        f"{target.label} cannot show messages without receiving them.")))
                else:
                    try:
                        messages = svc.peek_messages(url)
                        dlq = svc.peek_messages(dlq_url) if dlq_url else []
                    except Exception as exc:
                        self.post_message(PeekLoaded(view, url, [],
                                                     error=describe_failure(target, exc)))
                    else:
                        backoff.succeeded()
                        self.post_message(PeekLoaded(view, url, messages, dlq_url, dlq))
            worker.cancelled_event.wait(PEEK_S)

    @work(thread=True, exit_on_error=False, group="sqs-consumers", description="consumer")
    def consume(self, target: Target, config: ConsumerConfig, run: int) -> None:
        """Long-polls while `config.polling` (and this is still the latest run); stops after
        the poll in progress."""
        worker = get_current_worker()
        svc = SqsService(target)
        while config.polling and config.run == run and not worker.is_cancelled:
            if not self._receive_once(svc, config, worker):
                break
            if config.wait_seconds == 0 or (config.wait_seconds is None and
                                            self._queue_wait(config.queue_url) == 0):
                worker.cancelled_event.wait(SHORT_POLL_PAUSE_S)
        if config.run == run:
            self.post_message(ConsumerStatus(config.id, "paused", polling=False))

    @work(thread=True, exit_on_error=False, group="sqs-receive", description="receive once")
    def receive_once(self, target: Target, config: ConsumerConfig) -> None:
        self._receive_once(SqsService(target), config, get_current_worker())

    def _receive_once(self, svc: SqsService, config: ConsumerConfig, worker: Worker[Any]) -> bool:
        try:
            messages = svc.receive(config.queue_url, max_messages=config.max_messages,
                                   wait_seconds=config.wait_seconds)
            now = self.clock()
            deleted = False
            if messages and config.auto_delete:
                for m in messages:
                    svc.delete_message(config.queue_url, m.receipt_handle)
                deleted = True
        except Exception as exc:
            if worker.is_cancelled:
                return False
            self.post_message(ConsumerStatus(config.id, describe_failure(svc.target, exc),
                                             error=True, polling=False))
            if isinstance(exc, TargetError):
                raise
            return False
        self.post_message(ConsumerReceived(config.id, messages, now,
                                           self.visibility_of(config.queue_url), deleted))
        return True

    def _queue_wait(self, url: str) -> int:
        queue = self.queues.get(url)
        value = queue.attributes.get("ReceiveMessageWaitTimeSeconds", "0") if queue else "0"
        return whole_number(value) or 0

    @work(thread=True, exclusive=True, exit_on_error=False, group="sqs-dlq-moves",
          description="look for messages in dead-letter queues")
    def find_dead_lettered(self, target: Target, wanted: dict[str, set[str]]) -> None:
        """Which of these message ids (by DLQ URL) the DLQs hold now. Best effort, on a
        queue-list refresh: until seen there a row says "DLQ next", which is true anyway."""
        svc = SqsService(target)
        found: set[str] = set()
        for dlq_url, ids in wanted.items():
            try:
                found |= ids & {m.message_id for m in svc.peek_messages(dlq_url)}
            except Exception:  # the DLQ went away or the target is down: try on the next refresh
                continue
        if found:
            self.post_message(MovedToDlq(found))

    # --- one-shot actions -----------------------------------------------------------------------
    @work(thread=True, exit_on_error=False, group="sqs-message", description="delete message")
    def delete_message(self, target: Target, url: str, delivery: Delivery) -> None:
        SqsService(target).delete_message(url, delivery.message.receipt_handle)
        self.post_message(DeliveryUpdated(delivery.message.receipt_handle, self.clock(), None))

    @work(thread=True, exit_on_error=False, group="sqs-message", description="change visibility")
    def change_visibility(self, target: Target, url: str, delivery: Delivery, seconds: int) -> None:
        SqsService(target).change_visibility(url, delivery.message.receipt_handle, seconds)
        self.post_message(DeliveryUpdated(delivery.message.receipt_handle, self.clock(), seconds))

    @work(thread=True, exit_on_error=False, group="sqs-send", description="send message")
    def send(self, target: Target, request: SendRequest) -> None:
        try:
            message_id = SqsService(target).send(
                request.queue_url, request.body, attributes=request.attributes or None,
                delay_seconds=request.delay, group_id=request.group_id, dedup_id=request.dedup_id)
        except Exception as exc:
            self.post_message(SendFinished(request.queue_url, [], error_message(exc)))
            if isinstance(exc, TargetError):
                raise
            return
        self.post_message(SendFinished(request.queue_url, [message_id]))

    @work(thread=True, exclusive=True, exit_on_error=False, group="sqs-batch",
          description="send a batch")
    def send_batch(self, target: Target, url: str, count: int, group_id: str | None) -> None:
        svc = SqsService(target)
        fifo = url.endswith(".fifo")
        stamp = int(time.time() * 1000)
        sent: list[str] = []
        failed = 0
        for start in range(0, count, 10):
            entries = []
            for n in range(start + 1, min(count, start + 10) + 1):
                entry: dict[str, Any] = {"Id": f"m{n}", "MessageBody": json.dumps({"n": n})}
                if fifo:
                    entry["MessageGroupId"] = group_id or FIFO_BATCH_GROUPS[(n - 1) % 3]
                    entry["MessageDeduplicationId"] = f"batch-{stamp}-{n}"
                entries.append(entry)
            try:
                result = svc.send_entries(url, entries)
            except Exception as exc:
                self.post_message(SendFinished(url, sent, error_message(exc), count, start,
                                               failed))
                if isinstance(exc, TargetError):
                    raise
                return
            sent += result.sent
            failed += len(result.failed)
            error = result.failed[0][1] if result.failed else None
            self.post_message(SendFinished(url, list(result.sent), error, count,
                                           min(count, start + 10), failed))

    @work(thread=True, exit_on_error=False, group="sqs-queue-op", description="queue action")
    def queue_action(self, target: Target, action: str, url: str, name: str,
                     attributes: dict[str, str] | None = None) -> None:
        svc = SqsService(target)
        if action == "delete":
            svc.delete_queue(url)
            self.post_message(QueueChanged(f"deleted {name}"))
        elif action == "purge":
            svc.purge(url)
            self.post_message(QueueChanged(f"purged {name}: every message is gone"))
        elif action == "set" and attributes:
            svc.set_attributes(url, attributes)
            changed = ", ".join(f"{k}={v}" for k, v in attributes.items())
            self.post_message(QueueChanged(f"{name}: {changed}", select=url))

    @work(thread=True, exclusive=True, exit_on_error=False, group="sqs-redrive",
          description="redrive")
    def redrive(self, target: Target, dlq_url: str) -> None:
        result = redrive(SqsService(target), dlq_url)
        for new_id, old_id in ((new, old) for old, new in result.new_ids.items()):
            self.index.alias(new_id, old_id)
        self.post_message(RedriveFinished(result))
