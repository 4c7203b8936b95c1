"""What the playground made on a target: every resource carrying its tag, across the services it
can create. Teardown deletes from this list; the running-cost meter prices it.

A resource is the playground's when it carries `playground:managed=true` or a `playground:lab`
tag (`common.is_managed`); nothing untagged is ever listed. Archives and subscriptions cannot be
tagged: they are listed through the tagged bus or topic they belong to. Each service has its own
finder (`playground/aws/<service>/inventory.py`); `find_managed` asks them all for one region.
"""

from __future__ import annotations

import importlib
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from playground.aws.common import error_code, error_message, is_managed

if TYPE_CHECKING:
    from playground.targets.base import Target

T = TypeVar("T")


@dataclass(frozen=True)
class Resource:
    """One resource the playground made (or one that belongs to one, like a rule's archive)."""

    service: str
    """The service's botocore name: sqs, sns, events, stepfunctions, kinesis, lambda, iam."""
    kind: str
    """In the user's words: queue, topic, subscription, event bus, rule, archive, state machine,
    activity, stream, delivery stream, bucket."""
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
    """For what cannot be tagged (archives, subscriptions): the tagged resource it belongs to.
    A rule on a tagged bus names its bus too (deleting the bus takes its rules first)."""
    delete: Callable[[], None] | None = field(default=None, compare=False, repr=False)

    def age(self, now: datetime | None = None) -> timedelta | None:
        if self.created is None:
            return None
        return (now or datetime.now(UTC)) - self.created


@dataclass(frozen=True)
class Unseen:
    """A service and region that could not be listed, and why (AccessDenied: the permission)."""

    service: str
    region: str
    reason: str
    permission: str = ""

    @property
    def denied(self) -> bool:
        return self.reason.split(":", 1)[0] in ACCESS_DENIED_CODES

    def describe(self) -> str:
        """One line: `sqs in eu-west-1: missing permission sqs:ListQueues (AccessDenied: …)`."""
        if self.denied and self.permission:
            return f"{self.service} in {self.region}: missing permission {self.permission} ({self.reason})"
        call = f" ({self.permission})" if self.permission else ""
        return f"{self.service} in {self.region}: not listed{call}: {self.reason}"


ACCESS_DENIED_CODES = frozenset({"AccessDenied", "AccessDeniedException", "AuthorizationError",
                                 "UnauthorizedOperation"})
THROTTLING_CODES = frozenset({"Throttling", "ThrottlingException", "ThrottledException",
                              "RequestThrottled", "RequestThrottledException",
                              "TooManyRequestsException", "LimitExceededException",
                              "RequestLimitExceeded"})
"""Codes retried here once botocore's own retries (Target.client: standard mode, 2 retries with
exponential backoff) have given up: a teardown of many resources can outlast them."""
RETRIES = 4
BACKOFF_S = 1.0
BACKOFF_CAP_S = 10.0
_IAM_PREFIX = {"stepfunctions": "states"}


def permission(service: str, operation: str) -> str:
    """The IAM action an API call needs: `stepfunctions`, `ListStateMachines` ->
    `states:ListStateMachines`."""
    return f"{_IAM_PREFIX.get(service, service)}:{operation}"


def retry_throttled(call: Callable[[], T], *, sleep: Callable[[float], None] = time.sleep,
                    retries: int = RETRIES) -> T:
    """`call()`, tried again after a growing pause (1, 2, 4, 8 s, with jitter) while the service
    answers that it is throttling; any other error goes straight up."""
    for attempt in range(retries + 1):
        try:
            return call()
        except Exception as exc:
            if attempt == retries or error_code(exc) not in THROTTLING_CODES:
                raise
            pause = min(BACKOFF_CAP_S, BACKOFF_S * 2 ** attempt)
            sleep(pause * random.uniform(0.5, 1.0))  # jitter: parallel regions do not retry in step
    raise AssertionError("unreachable")


class Survey:
    """One region of one target being looked at: the finders' list calls go through `ask`, which
    retries throttling and turns any other failure into an Unseen (one per service, region and
    permission, however many calls failed the same way)."""

    def __init__(self, target: Target, sleep: Callable[[float], None] = time.sleep) -> None:
        self.target = target
        self.region = target.region
        self.sleep = sleep
        self._unseen: dict[tuple[str, str], Unseen] = {}
        self._misses: dict[tuple[str, str], int] = {}

    def ask(self, service: str, operation: str, call: Callable[[], T]) -> T | None:
        """`call()`'s answer, or None when it failed (then noted as unseen)."""
        from playground.targets.errors import TargetError

        try:
            return retry_throttled(call, sleep=self.sleep)
        except TargetError:
            raise  # the target itself refused (read-only has no say on reads): the caller says
        except Exception as exc:
            self.missed(service, operation, exc)
            return None

    def tagged(self, service: str, list_operation: str, items: Callable[[], Iterable[T]],
               tags_operation: str, tags_of: Callable[[T], dict[str, str]],
               ) -> Iterator[tuple[T, dict[str, str]]]:
        """The listed items that carry the playground's tag, with their tags. One whose tags
        cannot be read is not taken (nothing unknown is ever deleted): it is noted unseen."""
        for item in self.ask(service, list_operation, items) or []:
            tags = self.ask(service, tags_operation, partial(tags_of, item))
            if tags is not None and is_managed(tags):
                yield item, tags

    def missed(self, service: str, operation: str, exc: BaseException) -> None:
        key = (service, permission(service, operation))
        self._misses[key] = self._misses.get(key, 0) + 1
        self._unseen.setdefault(key, Unseen(service, self.region, error_message(exc), key[1]))

    @property
    def unseen(self) -> list[Unseen]:
        out = []
        for key, unseen in self._unseen.items():
            misses = self._misses[key]
            out.append(unseen if misses == 1 else
                       replace(unseen, reason=f"{unseen.reason} ({misses} calls)"))
        return out


Finder = Callable[[Survey], list[Resource]]

FINDERS = {service: f"playground.aws.{service.replace('lambda', 'lambda_')}.inventory"
           for service in ("sns", "events", "stepfunctions", "lambda", "firehose", "kinesis", "sqs",
                           "s3")}
"""Each service's finder module (a function `find(survey)`), in the order teardown deletes.
Lambda's folder is `lambda_` (`lambda` is a Python keyword)."""


def finder(service: str) -> Finder:
    # Imported when asked: the service modules import this one for Resource and Survey.
    find: Finder = importlib.import_module(FINDERS[service]).find
    return find


def find_managed(target: Target, services: Iterable[str] | None = None,
                 older_than: timedelta | None = None, *,
                 now: datetime | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> tuple[list[Resource], list[Unseen]]:
    """Everything tagged as the playground's on `target` (its region), and what could not be
    listed. `older_than`: only what is at least that old (see `select`)."""
    survey = Survey(target, sleep)
    found: list[Resource] = []
    for service in FINDERS if services is None else services:
        found += finder(service)(survey)
    if older_than is not None:
        found, _ = select(found, older_than, now)
    return found, survey.unseen


def select(resources: Sequence[Resource], older_than: timedelta,
           now: datetime | None = None) -> tuple[list[Resource], list[Resource]]:
    """(at least `older_than` old, left out). What has no date of its own (a subscription, a rule
    on a tagged bus) takes the age of what it belongs to; what has none at all (an SNS topic, a
    rule on the default bus: the services do not say) is left out, since it may be in use."""
    now = now or datetime.now(UTC)
    by_arn = {r.arn: r for r in resources}

    def created(resource: Resource) -> datetime | None:
        if resource.created is None and resource.belongs_to in by_arn:
            return by_arn[resource.belongs_to].created
        return resource.created

    chosen: list[Resource] = []
    left: list[Resource] = []
    for resource in resources:
        when = created(resource)
        (chosen if when is not None and now - when >= older_than else left).append(resource)
    return chosen, left


def as_utc(value: Any) -> datetime | None:
    """A service's timestamp as an aware datetime: botocore's datetime, or epoch seconds as
    text (SQS's CreatedTimestamp); None for anything else."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        return datetime.fromtimestamp(int(str(value)), UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None
