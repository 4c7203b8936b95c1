"""Teardown: find everything the playground made, in one region or many, and delete it in an
order the services accept. Headless: the CLI and the palette command both use it.

Deletion order, region by region: subscriptions, then topics; rules (their targets removed
first), then archives, then buses (a bus goes once nothing is on it: its rules and the rule an
archive keeps on it); state machines and activities; Lambda event source mappings, functions,
then their execution roles (roles made for the region: IAM is global); Firehose delivery streams
(they read streams and write buckets), then streams; queues, since topics, rules and state machines deliver
to them; buckets last, each emptied first (S3 deletes only an empty bucket).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from playground.aws.common import error_code, error_message
from playground.aws.inventory import (
    FINDERS,
    Resource,
    Unseen,
    find_managed,
    retry_throttled,
    select,
)

if TYPE_CHECKING:
    from playground.targets.base import Target

KIND_ORDER = ("subscription", "topic", "rule", "archive", "event bus", "state machine",
              "activity", "event source mapping", "function", "execution role",
              "delivery stream", "stream", "queue", "bucket")
"""The order deletes go in within a region (see the module's docstring)."""
GONE_CODES = frozenset({"ResourceNotFoundException", "NotFound", "NotFoundException",
                        "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist",
                        "StateMachineDoesNotExist", "ActivityDoesNotExist", "NoSuchBucket",
                        "NoSuchEntity"})
"""A delete answered with one of these found nothing to delete: gone already (a subscription
with its topic, another teardown), which is what was wanted."""
PLAN_THREADS = 8
"""Regions looked at side by side: on AWS each list call waits ~0.1 s on the network."""


@dataclass
class TeardownPlan:
    resources: list[Resource]
    """What would be deleted, in deletion order (region, kind, name)."""
    unseen: list[Unseen]
    left_out: list[Resource]
    """Tagged, but younger than `older_than` or of unknown age (SNS topics, rules on the
    default bus: the services do not say when they were made)."""
    targets: dict[str, Target]
    """The target each region's deletes go through."""
    older_than: timedelta | None = None
    made: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def regions(self) -> list[str]:
        return sorted(self.targets)

    def allow_writes(self) -> None:
        """The user confirmed: writes to a real account may go ahead, for this teardown."""
        for target in self.targets.values():
            target.writes_confirmed = True


@dataclass
class TeardownReport:
    deleted: list[Resource] = field(default_factory=list)
    failed: list[tuple[Resource, str]] = field(default_factory=list)
    """With the service's own message."""
    remaining: list[Resource] = field(default_factory=list)
    """Still there: what failed, and what was not tried after the run stopped."""
    unseen: list[Unseen] = field(default_factory=list)
    stopped: str = ""
    """Why the run stopped before the end (the target refused writes: read-only, not
    confirmed, an account outside the allow-list), or empty."""

    @property
    def complete(self) -> bool:
        return not self.remaining and not self.unseen and not self.stopped


def order_key(resource: Resource) -> tuple[str, int, str]:
    kind = KIND_ORDER.index(resource.kind) if resource.kind in KIND_ORDER else len(KIND_ORDER)
    return resource.region, kind, resource.name


def plan_teardown(target: Target, regions: Mapping[str, Sequence[str]] | None = None, *,
                  services: Iterable[str] | None = None, older_than: timedelta | None = None,
                  now: datetime | None = None,
                  sleep: Callable[[float], None] = time.sleep) -> TeardownPlan:
    """Look in each region (default: the target's) at the services listed for it (default: all
    five) and plan the deletes. Nothing is changed."""
    from playground.targets.regions import in_region

    wanted = list(FINDERS if services is None else services)
    if regions is None:
        regions = {target.region: wanted}
    targets = {region: in_region(target, region) for region in regions}
    now = now or datetime.now(UTC)

    def look(region: str) -> tuple[list[Resource], list[Unseen]]:
        return find_managed(targets[region], [s for s in wanted if s in regions[region]],
                            sleep=sleep)

    with ThreadPoolExecutor(max_workers=max(1, min(PLAN_THREADS, len(targets)))) as pool:
        answers = list(pool.map(look, sorted(targets)))
    found = [r for resources, _ in answers for r in resources]
    unseen = [u for _, seen in answers for u in seen]
    left: list[Resource] = []
    if older_than is not None:
        found, left = select(found, older_than, now)
    return TeardownPlan(sorted(found, key=order_key), unseen, sorted(left, key=order_key),
                        targets, older_than, now)


def run_teardown(plan: TeardownPlan, *, progress: Callable[[Resource, str | None], None] | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> TeardownReport:
    """Delete what the plan lists, in its order. A failed delete is noted with the service's
    message and the run goes on; the target refusing writes (TargetError) stops it. `progress`
    hears of each resource: None when it went, else the message."""
    from playground.targets.errors import TargetError

    report = TeardownReport(unseen=list(plan.unseen))
    for i, resource in enumerate(plan.resources):
        if resource.delete is None:
            continue
        try:
            retry_throttled(resource.delete, sleep=sleep)
        except TargetError as exc:
            report.stopped = str(exc)
            report.remaining += [r for r in plan.resources[i:] if r.delete is not None]
            break
        except Exception as exc:
            if error_code(exc) not in GONE_CODES:
                message = error_message(exc)
                report.failed.append((resource, message))
                report.remaining.append(resource)
                if progress:
                    progress(resource, message)
                continue
        report.deleted.append(resource)
        if progress:
            progress(resource, None)
    return report


# --- ages ------------------------------------------------------------------------------------
_UNITS = {"w": 604_800, "d": 86_400, "h": 3_600, "m": 60, "s": 1}
_AGE = re.compile(r"(?:[0-9]+\s*[wdhms]\s*)+")
_PART = re.compile(r"([0-9]+)\s*([wdhms])")
_MAX_DIGITS = 12
"""More digits than any age needs (10^12 s is 31,000 years); int() of thousands is slow."""


def parse_age(text: str) -> timedelta:
    """`2h`, `90m`, `1d12h`, `1d 12h`, `45s`, `2w`: a whole number and a unit (w, d, h, m, s),
    repeated; what format_age writes reads back. ValueError with a sentence for anything else."""
    value = text.strip().lower()
    if not _AGE.fullmatch(value):
        raise ValueError(f"not an age: {text!r} (a number and a unit, e.g. 2h, 90m, 1d12h; "
                         "units: w d h m s)")
    parts = _PART.findall(value)
    if any(len(n.lstrip("0")) > _MAX_DIGITS for n, _ in parts):
        raise ValueError(f"not an age: {text!r} is longer than any resource has lived")
    try:
        return timedelta(seconds=sum(int(n) * _UNITS[u] for n, u in parts))
    except OverflowError:
        raise ValueError(f"not an age: {text!r} is longer than any resource has lived") from None


def format_age(age: timedelta | None) -> str:
    """`3d 4h`, `2h 5m`, `12m`, `40s`; `?` when unknown. Two units at most: enough to judge."""
    if age is None:
        return "?"
    seconds = max(0, int(age.total_seconds()))
    parts: list[str] = []
    for unit, size in (("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)):
        if seconds >= size or (unit == "s" and not parts):
            parts.append(f"{seconds // size}{unit}")
            seconds %= size
        if len(parts) == 2:
            break
    return " ".join(parts)


# --- text and JSON -----------------------------------------------------------------------------
def plan_rows(resources: Sequence[Resource], now: datetime, *, region: bool = True) -> list[str]:
    """One aligned line a resource: region (unless `region` is False), kind, name, age, and
    what its cost depends on."""
    cells = [((r.region,) if region else ()) + (r.kind, printable(r.name), format_age(r.age(now)),
                                                 printable(_detail(r)))
             for r in resources]
    if not cells:
        return []
    last = len(cells[0]) - 1
    widths = [max(len(c[i]) for c in cells) for i in range(last)]
    return ["  ".join([*(c[i].ljust(widths[i]) for i in range(last)), c[last]]).rstrip()
            for c in cells]


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    """Names come from the account (a subscription's endpoint is any URL): controls and lone
    surrogates written as escapes, so none reaches the terminal as an escape sequence."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                        else f"\\u{ord(m.group()):04x}", text)


def _detail(resource: Resource) -> str:
    d = resource.details
    if resource.kind == "stream":
        return f"{d.get('mode', '?').lower().replace('_', '-')}, {d.get('shards', '?')} open shards"
    if resource.kind == "state machine":
        return str(d.get("type", "")).lower()
    if resource.kind in ("queue", "topic") and d.get("fifo"):
        return "fifo"
    if resource.kind == "rule" and d.get("bus") not in (None, "default"):
        return f"on bus {d['bus']}"
    if resource.kind == "function" and d.get("runtime"):
        return str(d["runtime"])
    if resource.kind == "delivery stream" and d.get("bucket"):
        return f"{d.get('source', '?')} into s3://{d['bucket']}"
    return ""


def summary(resources: Sequence[Resource]) -> str:
    """`3 queues, 1 topic and 2 subscriptions` (kinds in deletion order)."""
    counts: dict[str, int] = {}
    for r in resources:
        counts[r.kind] = counts.get(r.kind, 0) + 1
    parts = [f"{n} {kind if n == 1 else plural(kind)}"
             for kind, n in sorted(counts.items(), key=lambda kv: _kind_index(kv[0]))]
    if len(parts) <= 1:
        return parts[0] if parts else "nothing"
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def plural(kind: str) -> str:
    if kind.endswith("s"):
        return f"{kind}es"
    return f"{kind[:-1]}ies" if kind.endswith("y") else f"{kind}s"


def _kind_index(kind: str) -> int:
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)


def resource_json(resource: Resource, now: datetime) -> dict[str, Any]:
    age = resource.age(now)
    return {"service": resource.service, "kind": resource.kind, "name": resource.name,
            "region": resource.region, "arn": resource.arn,
            "created": resource.created.isoformat() if resource.created else None,
            "age_seconds": int(age.total_seconds()) if age is not None else None,
            "tags": resource.tags, "details": resource.details, "belongs_to": resource.belongs_to}


def unseen_json(unseen: Unseen) -> dict[str, str]:
    return {"service": unseen.service, "region": unseen.region, "reason": unseen.reason,
            "permission": unseen.permission, "message": unseen.describe()}
