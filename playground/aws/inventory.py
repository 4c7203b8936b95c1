"""What the playground made on a target: every resource carrying its tag, across the services it
can create. Teardown deletes from this list; the running-cost meter prices it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Resource:
    """One resource the playground made (or one that belongs to one, like a rule's archive)."""

    service: str
    """The service's folder name: sqs, sns, events, stepfunctions, kinesis."""
    kind: str
    """In the user's words: queue, topic, subscription, event bus, rule, archive, state machine,
    activity, stream."""
    name: str
    region: str
    arn: str
    """ARN, or the queue URL for SQS (what the delete call takes)."""
    created: datetime | None = None
    """When it was made, where the service says (SNS topics and rules do not)."""
    tags: dict[str, str] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
    """What its cost depends on: Kinesis `shards` and `mode` (PROVISIONED / ON_DEMAND), a state
    machine's `type` (STANDARD / EXPRESS), a queue's `fifo`."""
    belongs_to: str | None = None
    """For what cannot be tagged (archives, subscriptions): the tagged resource it belongs to."""
    delete: Callable[[], None] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Unseen:
    """A service and region that could not be listed, and why (AccessDenied: the permission)."""

    service: str
    region: str
    reason: str
    permission: str = ""
