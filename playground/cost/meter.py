"""The running-cost meter: what the playground's resources and the app's own calls cost an hour
on AWS, from the price table (prices.yaml), as an estimate.

Two parts make the figure. Standing costs are paid every hour a resource exists: a provisioned
Kinesis stream's shard-hours, an on-demand stream's stream-hour. Usage costs come from the calls
the app itself makes (the call recorder sees each one): requests, publishes, events, state
transitions, PUT payload units and GB put, at the rate of the last few minutes, as if it went on
for the hour. What other programs do with the same resources is not seen, so not counted.

Headless: no Textual here (an import contract says so).
"""

from __future__ import annotations

import json
import math
import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from playground.aws.inventory import Resource
from playground.aws.recorder import CallRecord, CallRecorder
from playground.cost.prices import PriceTable

Clock = Callable[[], datetime]

HOUR_S = 3600.0
KIB = 1024
GIB = 1024 ** 3
IDLE_AFTER = timedelta(hours=1)
"""A costly resource no call has touched for this long is idle (and worth a warning)."""
WINDOW_S = 300.0
"""The app's calls of the last five minutes make the rate (per minute, times sixty)."""
MIN_SPAN_S = 60.0
"""Right after start the rate is taken over at least a minute, not over the first few seconds."""


def utc_now() -> datetime:
    return datetime.now(UTC)


# --- what a call touches and carries ---------------------------------------------------------
@dataclass(frozen=True)
class Call:
    """What pricing needs of one recorded call; its parameters are not kept."""

    at: datetime
    service: str
    operation: str
    resource: str | None
    """The name of the resource it names (queue, topic, bus, state machine, stream, ...)."""
    sizes: tuple[int, ...] = ()
    """Bytes of each message, event or record it carries (none: it carries no payload)."""


def _size(value: Any) -> int:
    if isinstance(value, bytes | bytearray | memoryview):
        return len(value)
    if isinstance(value, str):
        return len(value.encode("utf-8", "replace"))
    if value is None:
        return 0
    try:
        return len(json.dumps(value, default=str).encode("utf-8", "replace"))
    except (TypeError, ValueError, RecursionError):
        return len(str(value))


def _last(value: Any, *seps: str) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    for sep in seps:
        value = value.rstrip(sep).rsplit(sep, 1)[-1]
    return value or None


def _arn_part(value: Any, index: int) -> str | None:
    if not isinstance(value, str):
        return None
    parts = value.split(":")
    if not value.startswith("arn:"):
        return value or None
    return parts[index] if len(parts) > abs(index) else None


def _items(params: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = params.get(key)
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def calls_of(record: CallRecord) -> list[Call]:
    """The record as the meter sees it: one Call, or one per event bus for PutEvents."""
    p = record.params if isinstance(record.params, dict) else {}
    service, op = record.service, record.operation

    def call(resource: str | None, sizes: Iterable[int] = ()) -> Call:
        return Call(record.started, service, op, resource, tuple(sizes))

    if service == "sqs":
        name = _last(p.get("QueueUrl"), "/") or _last(p.get("QueueName"), "/")
        if op == "SendMessage":
            return [call(name, [_size(p.get("MessageBody"))])]
        if op == "SendMessageBatch":
            return [call(name, [_size(e.get("MessageBody")) for e in _items(p, "Entries")])]
        return [call(name)]
    if service == "sns":
        arn = p.get("TopicArn") or p.get("TargetArn")
        name = _arn_part(arn, -1) if arn else _arn_part(p.get("SubscriptionArn"), -2)
        if op == "Publish":
            return [call(name, [_size(p.get("Message"))])]
        if op == "PublishBatch":
            return [call(name, [_size(e.get("Message"))
                                for e in _items(p, "PublishBatchRequestEntries")])]
        return [call(name)]
    if service == "events":
        if op == "PutEvents":
            by_bus: dict[str, list[int]] = {}
            for entry in _items(p, "Entries"):
                bus = _last(entry.get("EventBusName") or "default", ":", "/") or "default"
                by_bus.setdefault(bus, []).append(_size(entry))
            return [call(bus, sizes) for bus, sizes in by_bus.items()]
        return [call(_last(p.get("EventBusName") or p.get("Name"), ":", "/"))]
    if service == "stepfunctions":
        if p.get("stateMachineArn"):
            return [call(_arn_part(p["stateMachineArn"], -1))]
        return [call(_arn_part(p.get("executionArn"), -2))]
    if service == "kinesis":
        name = p.get("StreamName") or _last(p.get("StreamARN"), "/")
        name = name if isinstance(name, str) else None
        if op == "PutRecord":
            return [call(name, [_size(p.get("Data"))])]
        if op == "PutRecords":
            return [call(name, [_size(r.get("Data")) for r in _items(p, "Records")])]
        return [call(name)]
    if service == "firehose":
        name = p.get("DeliveryStreamName")
        name = name if isinstance(name, str) else None
        if op == "PutRecord":
            record_ = p.get("Record")
            return [call(name, [_size(record_.get("Data") if isinstance(record_, dict) else None)])]
        if op == "PutRecordBatch":
            return [call(name, [_size(r.get("Data")) for r in _items(p, "Records")])]
        return [call(name)]
    if service == "lambda":
        fn = p.get("FunctionName")
        return [call(_arn_part(fn, 6) if isinstance(fn, str) and fn.startswith("arn:") else
                     fn if isinstance(fn, str) else None)]
    return [call(None)]


_CHANGES = ("Create", "Delete", "Update", "Split", "Merge", "Tag", "Untag", "AddTags",
            "RemoveTags", "Subscribe", "Unsubscribe", "PutRule")
_NOT_CHANGES = frozenset({"DeleteMessage", "DeleteMessageBatch"})


def changes_inventory(operation: str) -> bool:
    """Whether a call may change what the playground has (so the list is worth asking again)."""
    return operation.startswith(_CHANGES) and operation not in _NOT_CHANGES


def touches(call: Call) -> bool:
    """Whether a call counts as use of what it names (describing or listing it does not)."""
    return call.resource is not None and not call.operation.startswith(("Describe", "List"))


class Ledger:
    """The app's calls as the meter needs them: those of the last few minutes (the rate), the last
    call that used each resource (idleness), and whether something may have been made or deleted.

    Fed by the recorder's listener on the calling thread: it never raises into a call."""

    def __init__(self, recorder: CallRecorder, clock: Clock = utc_now,
                 window_s: float = WINDOW_S) -> None:
        self.clock = clock
        self.window = timedelta(seconds=window_s)
        self.started = clock()
        self._lock = threading.Lock()
        self._recent: deque[Call] = deque()
        self._last: dict[tuple[str, str], datetime] = {}
        self.changed = threading.Event()
        """Set by a call that may have made or deleted something; the watch clears it."""
        for record in recorder.records:  # what happened before the meter started
            self.add(record, changes=False)
        self._unsubscribe = recorder.subscribe(self.add)

    def close(self) -> None:
        self._unsubscribe()

    def add(self, record: CallRecord, *, changes: bool = True) -> None:
        try:
            if not record.ok:
                return  # refused or failed: it did not reach the service, or was not billed
            calls = calls_of(record)
        except Exception:  # a meter must never break a call: an odd record is left out
            return
        with self._lock:
            for call in calls:
                self._recent.append(call)
                if touches(call):
                    key = (call.service, call.resource or "")
                    if call.at > self._last.get(key, call.at - timedelta(seconds=1)):
                        self._last[key] = call.at
            self._prune(self.clock())
        if changes and changes_inventory(record.operation):
            self.changed.set()

    def _prune(self, now: datetime) -> None:
        horizon = now - self.window
        while self._recent and self._recent[0].at < horizon:
            self._recent.popleft()

    def recent(self) -> tuple[list[Call], float]:
        """The calls of the window, and the seconds they span (at least a minute)."""
        now = self.clock()
        with self._lock:
            self._prune(now)
            calls = [c for c in self._recent if c.at <= now]
        span = min(self.window, now - self.started).total_seconds()
        return calls, max(span, MIN_SPAN_S)

    def last_touch(self, service: str, name: str) -> datetime | None:
        with self._lock:
            return self._last.get((service, name))


# --- pricing -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Line:
    """One item of the estimate: a resource's standing cost, or the app's calls of one kind."""

    service: str
    name: str
    """The resource's name, or '' for calls that name none (listing queues, say)."""
    what: str
    """What is priced: `4 shards`, `120 requests/min`."""
    usd_per_hour: float | None
    """None: no price on file for it."""
    verified: bool
    price_key: str

    def text(self) -> str:
        where = f"{self.service} {self.name}" if self.name else self.service
        cost = "no price on file" if self.usd_per_hour is None else f"{fine_money(self.usd_per_hour)}/h"
        mark = "" if self.verified else " *"
        return f"{where}: {self.what} · {cost}{mark}"


def _line(prices: PriceTable, key: str, service: str, name: str, what: str,
          units_per_hour: float) -> Line:
    price = prices[key]
    each = price.each
    return Line(service, name, what, None if each is None else units_per_hour * each,
                price.verified, key)


def _plural(n: float, word: str) -> str:
    shown = f"{n:,.0f}" if n >= 10 or n == int(n) else f"{n:.1f}"
    return f"{shown} {word}" + ("" if n == 1 else "s")


def costly(resource: Resource) -> bool:
    """A resource that costs money every hour it exists, used or not."""
    return resource.service == "kinesis" and resource.kind == "stream"


def standing_lines(resources: Iterable[Resource], prices: PriceTable) -> list[Line]:
    lines: list[Line] = []
    for r in resources:
        if not costly(r):
            continue
        if str(r.details.get("mode", "PROVISIONED")).upper() == "ON_DEMAND":
            lines.append(_line(prices, "kinesis.on_demand_stream_hour", r.service, r.name,
                               "on-demand stream", 1.0))
            continue
        shards = _count(r.details.get("shards", 1))
        lines.append(_line(prices, "kinesis.shard_hour", r.service, r.name,
                           _plural(shards, "shard"), float(shards)))
    return lines


def _count(value: Any) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0


def _chunks(size: int, chunk: int) -> int:
    """Billing units of `chunk` bytes in a payload of `size` (an empty one is still one)."""
    return max(1, math.ceil(size / chunk))


@dataclass
class _Usage:
    units: float = 0.0
    word: str = ""


def usage_lines(calls: Sequence[Call], resources: Iterable[Resource], prices: PriceTable,
                span_s: float) -> list[Line]:
    """What the app's calls in the last `span_s` seconds cost an hour at the same rate."""
    by_name: dict[tuple[str, str], Resource] = {}
    subscribers: dict[str, dict[str, int]] = {}
    resources = list(resources)
    arn_names = {r.arn: r.name for r in resources}
    for r in resources:
        if r.belongs_to is None or r.kind != "subscription":
            by_name.setdefault((r.service, r.name), r)
        else:
            topic = arn_names.get(r.belongs_to) or (_arn_part(r.belongs_to, -1) or "")
            protocol = str(r.details.get("protocol", "")).lower()
            counts = subscribers.setdefault(topic, {})
            counts[protocol] = counts.get(protocol, 0) + 1
    transitions = prices.assumptions.standard_transitions_per_execution

    usage: dict[tuple[str, str, str], _Usage] = {}

    def add(key: str, service: str, name: str | None, units: float, word: str) -> None:
        item = usage.setdefault((key, service, name or ""), _Usage(word=word))
        item.units += units

    for c in calls:
        resource = by_name.get((c.service, c.resource or ""))
        details = resource.details if resource is not None else {}
        if c.service == "sqs":
            fifo = bool(details.get("fifo")) or (c.resource or "").endswith(".fifo")
            units = _chunks(sum(c.sizes), 64 * KIB) if c.sizes else 1
            add("sqs.fifo_requests" if fifo else "sqs.standard_requests", c.service, c.resource,
                units, "request")
        elif c.service == "sns" and c.operation in ("Publish", "PublishBatch"):
            add("sns.publish_requests", c.service, c.resource,
                sum(_chunks(s, 64 * KIB) for s in c.sizes) or 1, "publish")
            subs = subscribers.get(c.resource or "", {})
            messages = len(c.sizes) or 1
            http = subs.get("http", 0) + subs.get("https", 0)
            email = subs.get("email", 0) + subs.get("email-json", 0)
            if http:
                add("sns.http_deliveries", c.service, c.resource, messages * http,
                    "HTTP delivery")
            if email:
                add("sns.email_deliveries", c.service, c.resource, messages * email,
                    "email delivery")
        elif c.service == "events" and c.operation == "PutEvents":
            add("events.custom_events", c.service, c.resource,
                sum(_chunks(s, 64 * KIB) for s in c.sizes), "event")
        elif c.service == "stepfunctions" and c.operation == "StartExecution":
            if str(details.get("type", "STANDARD")).upper() == "EXPRESS":
                add("stepfunctions.express_requests", c.service, c.resource, 1, "execution")
            else:
                add("stepfunctions.standard_transitions", c.service, c.resource, transitions,
                    "state transition")
        elif c.service == "stepfunctions" and c.operation == "StartSyncExecution":
            add("stepfunctions.express_requests", c.service, c.resource, 1, "execution")
        elif c.service == "kinesis" and c.operation in ("PutRecord", "PutRecords"):
            if str(details.get("mode", "PROVISIONED")).upper() == "ON_DEMAND":
                add("kinesis.on_demand_gb_in", c.service, c.resource,
                    sum(_chunks(s, KIB) * KIB for s in c.sizes) / GIB, "GB")
            else:
                add("kinesis.put_payload_units", c.service, c.resource,
                    sum(_chunks(s, 25 * KIB) for s in c.sizes), "PUT payload unit")
        elif c.service == "firehose" and c.operation in ("PutRecord", "PutRecordBatch"):
            add("firehose.ingested_gb", c.service, c.resource,
                sum(_chunks(s, 5 * KIB) * 5 * KIB for s in c.sizes) / GIB, "GB")
        elif c.service == "lambda" and c.operation == "Invoke":
            add("lambda.requests", c.service, c.resource, 1, "request")

    per_hour = HOUR_S / span_s
    lines = []
    for (key, service, name), item in sorted(usage.items()):
        rate = item.units * per_hour
        what = (f"{rate * 1024:,.2f} MB/h" if item.word == "GB"
                else f"{_plural(rate / 60.0, item.word)}/min")
        lines.append(_line(prices, key, service, name, what, rate))
    return lines


def idle_resources(resources: Iterable[Resource], ledger: Ledger, now: datetime,
                   after: timedelta = IDLE_AFTER) -> list[Resource]:
    """Costly resources no call of the app has used for `after`: counted from their last use,
    or from when they were made, or from when the meter started (it knows nothing earlier)."""
    idle = []
    for r in resources:
        if not costly(r):
            continue
        created = r.created
        if created is not None and created.tzinfo is None:
            created = created.replace(tzinfo=UTC)
        since = max(t for t in (ledger.last_touch(r.service, r.name), created, ledger.started)
                    if t is not None)
        if now - since >= after:
            idle.append(r)
    return idle


# --- the reading -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Reading:
    """The meter at one moment: what is alive, what it costs an hour, what is idle."""

    alive: int
    lines: tuple[Line, ...]
    idle: tuple[Resource, ...] = ()
    unseen: tuple[str, ...] = ()
    """Services that could not be listed (one line each): the figure leaves them out."""
    read_on: str = ""

    @property
    def usd_per_hour(self) -> float:
        return sum(line.usd_per_hour or 0.0 for line in self.lines)

    @property
    def estimated(self) -> bool:
        """Some of the figure comes from a price not read on an AWS page."""
        return any(not line.verified and (line.usd_per_hour or 0.0) > 0 for line in self.lines)

    @property
    def unpriced(self) -> bool:
        return any(line.usd_per_hour is None for line in self.lines)

    def figure(self) -> str:
        """`~$0.06/h`, `*` when an unverified price is in it, `+?` when something has no price."""
        return (money(self.usd_per_hour) + "/h" + ("*" if self.estimated else "")
                + ("+?" if self.unpriced else ""))

    def details(self) -> list[str]:
        """Plain lines for a tooltip or a report: the items, then what the marks mean."""
        out = [line.text() for line in sorted(self.lines, key=lambda ln: -(ln.usd_per_hour or 0))]
        if not out:
            out.append("nothing that costs by the hour, and no billable calls lately")
        out += [f"not listed: {u}" for u in self.unseen]
        out.append(f"Estimate at us-east-1 prices read {self.read_on}; prices differ by region.")
        if self.estimated:
            out.append("* a price quoted by others, not read on an AWS page (docs/cost.md)")
        return out


def money(usd: float) -> str:
    """Dollars for the header: `~$0.06`, `<$0.01` for less than half a cent, `$0.00` for none."""
    if usd <= 0:
        return "$0.00"
    if usd < 0.005:
        return "<$0.01"
    if usd < 100:
        return f"~${usd:.2f}"
    return f"~${usd:,.0f}"


def fine_money(usd: float) -> str:
    """Dollars for one item, small amounts with their first digits: `$0.0024`."""
    if usd <= 0:
        return "$0"
    if usd >= 0.01:
        return f"${usd:,.2f}"
    return f"${usd:.2g}" if usd >= 1e-6 else "<$0.000001"


def read(resources: Sequence[Resource], ledger: Ledger, prices: PriceTable, *,
         unseen: Sequence[str] = ()) -> Reading:
    """The meter now: standing costs of `resources`, the app's recent calls, idle resources."""
    calls, span = ledger.recent()
    lines = standing_lines(resources, prices) + usage_lines(calls, resources, prices, span)
    return Reading(len(resources), tuple(lines),
                   tuple(idle_resources(resources, ledger, ledger.clock())), tuple(unseen),
                   prices.read_on.isoformat())
