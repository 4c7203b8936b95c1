"""FIFO message groups as lanes: in order within a group, and blocked while the head is in flight."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from playground.aws.sqs.service import PeekedMessage
from playground.aws.validation import whole_number


class LaneState(StrEnum):
    IN_FLIGHT = "in flight"
    """Received and not deleted yet: nothing behind it in its group can be received."""
    NEXT = "next"
    """First visible message of a free group: the next ReceiveMessage can return it."""
    BLOCKED = "blocked"
    """Queued behind an in-flight message of the same group."""
    WAITING = "waiting"
    """Queued behind a deliverable message of its group (it comes after, in order), or still
    in its delivery delay."""


@dataclass(frozen=True)
class LaneMessage:
    message_id: str
    body: str
    state: LaneState
    receive_count: int
    sequence_number: str | None


@dataclass(frozen=True)
class Lane:
    group_id: str
    messages: tuple[LaneMessage, ...]

    @property
    def blocked(self) -> bool:
        return any(m.state is LaneState.IN_FLIGHT for m in self.messages)


def _order(message: PeekedMessage) -> tuple[int, str]:
    seq = message.sequence_number or ""
    return (whole_number(seq) or 0, seq)


def build_lanes(messages: list[PeekedMessage]) -> list[Lane]:
    """One lane per MessageGroupId, messages in sequence order, each with what SQS will do."""
    groups: dict[str, list[PeekedMessage]] = {}
    for message in sorted(messages, key=_order):
        groups.setdefault(message.group_id or "(no group)", []).append(message)
    lanes = []
    for group_id in sorted(groups):
        queued = groups[group_id]
        blocked = any(m.state == "in flight" for m in queued)
        next_taken = False
        out = []
        for m in queued:
            if m.state == "in flight":
                state = LaneState.IN_FLIGHT
            elif blocked:
                state = LaneState.BLOCKED
            elif m.state == "delayed":
                state = LaneState.WAITING
            elif not next_taken:
                state, next_taken = LaneState.NEXT, True
            else:
                state = LaneState.WAITING
            out.append(LaneMessage(m.message_id, m.body, state, m.receive_count,
                                   m.sequence_number))
        lanes.append(Lane(group_id, tuple(out)))
    return lanes
