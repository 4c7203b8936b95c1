"""Visibility timeouts as a consumer sees them: deadlines, countdowns, short message numbers."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from playground.aws.sqs.service import ReceivedMessage

Clock = Callable[[], float]
"""Seconds from an arbitrary origin; the UI injects a fake one so snapshots hold still."""

monotonic_clock: Clock = time.monotonic


class DeliveryState(StrEnum):
    IN_FLIGHT = "in flight"
    DELETED = "deleted"
    RETURNED = "back in queue"
    """The visibility timeout ran out before a delete: SQS will deliver it again."""
    LEAVING = "to the DLQ on next receive"
    """The timeout ran out and the receive count reached maxReceiveCount: the next receive
    on the queue moves it to the dead-letter queue instead of delivering it."""
    MOVED = "moved to the DLQ"
    """Seen in the dead-letter queue: it left the queue it was received from."""


@dataclass
class Delivery:
    """One receive of one message by one consumer; the same message can have several."""

    index: int
    """Short stable number of the message (#1, #2...), shown instead of its random id."""
    message: ReceivedMessage
    received_at: float
    deadline: float
    visibility_timeout: int
    queue_url: str = ""
    state: DeliveryState = DeliveryState.IN_FLIGHT
    max_receive_count: int | None = None
    """The queue's redrive policy when received; None when it has no dead-letter queue."""

    @classmethod
    def start(cls, index: int, message: ReceivedMessage, now: float, visibility_timeout: int,
              queue_url: str = "", max_receive_count: int | None = None) -> Delivery:
        return cls(index, message, now, now + visibility_timeout, visibility_timeout, queue_url,
                   max_receive_count=max_receive_count)

    def remaining(self, now: float) -> float:
        return max(0.0, self.deadline - now)

    @property
    def dead_letter_next(self) -> bool:
        """SQS moves, rather than redelivers, a message whose receive count reached
        maxReceiveCount (on the next receive after its visibility timeout)."""
        return (self.max_receive_count is not None
                and self.message.receive_count >= self.max_receive_count)

    def _timed_out(self) -> DeliveryState:
        return DeliveryState.LEAVING if self.dead_letter_next else DeliveryState.RETURNED

    def refresh(self, now: float) -> DeliveryState:
        """Advance the state with the clock: in flight turns into back-in-queue (or leaving for
        the DLQ) at the deadline."""
        if self.state is DeliveryState.IN_FLIGHT and now >= self.deadline:
            self.state = self._timed_out()
        return self.state

    def change_visibility(self, now: float, seconds: int) -> None:
        """ChangeMessageVisibility counts from now, not from the receive."""
        self.visibility_timeout = seconds
        self.deadline = now + seconds
        self.state = DeliveryState.IN_FLIGHT if seconds > 0 else self._timed_out()


def format_seconds(seconds: float) -> str:
    whole = int(seconds + 0.999)  # 0.2 s left still reads "1s", so "0s" means it is back
    if whole < 60:
        return f"{whole}s"
    if whole < 3600:
        return f"{whole // 60}m{whole % 60:02d}s"
    return f"{whole // 3600}h{(whole % 3600) // 60:02d}m"


def countdown_bar(remaining: float, total: float, width: int = 10) -> str:
    """A bar that empties as the message's visibility timeout runs out."""
    if total <= 0 or width <= 0:
        return ""
    filled = round(width * min(1.0, max(0.0, remaining / total)))
    return "█" * filled + "░" * (width - filled)


class MessageIndex:
    """Random message ids become #1, #2... in the order the workbench first sees them."""

    def __init__(self) -> None:
        self._by_id: dict[str, int] = {}
        self._next = 1
        self._lock = threading.Lock()

    def of(self, message_id: str) -> int:
        with self._lock:
            if message_id not in self._by_id:
                self._by_id[message_id] = self._next
                self._next += 1
            return self._by_id[message_id]

    def alias(self, new_id: str, old_id: str) -> None:
        """A redriven copy keeps the number of the message it copies."""
        number = self.of(old_id)
        with self._lock:
            self._by_id[new_id] = number

    def known(self, message_id: str) -> int | None:
        with self._lock:
            return self._by_id.get(message_id)
