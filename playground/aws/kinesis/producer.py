"""A steady producer: N records a second for a while, with random keys, one hot key or a list
of keys in turn; the data padded JSON or a payload template."""

from __future__ import annotations

import contextlib
import json
import random
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

from playground.aws.kinesis.service import KinesisService
from playground.aws.kinesis.template import Template
from playground.aws.validation import Issue
from playground.targets.liveness import describe_failure

SPREADS = {"random": "random keys: records spread over every shard",
           "hot": "one hot key: every record lands on the same shard",
           "list": "list: your keys in turn (round robin), comma-separated"}
MAX_KEYS = 500
HOT_KEY = "hot-key"
TICK_S = 0.1
"""The producer sends what is due every tick, in PutRecords batches."""


@dataclass(frozen=True)
class ProducerPlan:
    rate: int
    """Records per second."""
    seconds: float
    spread: str = "random"
    size: int = 100
    """Bytes of data per record (padded JSON)."""
    batch: int = 500
    """PutRecords entries per call (500 at most)."""
    template: Template | None = None
    """The data of each record; None: `size` bytes of padded JSON."""
    keys: tuple[str, ...] = ()
    """With spread "list": the partition keys, used in turn."""


@dataclass(frozen=True)
class ProducerProgress:
    sent: int = 0
    failed: int = 0
    per_shard: dict[str, int] = field(default_factory=dict)
    elapsed: float = 0.0
    done: bool = False
    error: str | None = None


def parse_keys(text: str) -> tuple[tuple[str, ...], list[Issue]]:
    """A comma-separated list of partition keys (spaces around each are dropped)."""
    keys = tuple(k.strip() for k in text.split(","))
    if not text.strip():
        return (), [Issue("key list", "type keys separated by commas, e.g. eu,us,asia")]
    if len(keys) > MAX_KEYS:
        return (), [Issue("key list", f"at most {MAX_KEYS} keys (got {len(keys):,})")]
    for index, key in enumerate(keys, 1):
        if not 1 <= len(key) <= 256:
            return (), [Issue("key list", f"key {index}: 1 to 256 characters (got {len(key)})")]
        if any("\ud800" <= ch <= "\udfff" for ch in key):
            return (), [Issue("key list", f"key {index} is not valid Unicode")]
    return keys, []


def record_data(n: int, size: int) -> bytes:
    """`{"n": 7, "pad": "..."}` padded to `size` bytes (at least the JSON of n)."""
    body = json.dumps({"n": n}, separators=(",", ":"))
    pad = size - len(body) - len(',"pad":""')
    if pad <= 0:
        return body.encode()
    return json.dumps({"n": n, "pad": "x" * pad}, separators=(",", ":")).encode()


class Producer:
    """Sends `plan.rate` records/s for `plan.seconds`; `quiet()` wraps every call after the
    first, so a learner's call log shows one PutRecords to redo, not ten a second."""

    def __init__(self, svc: KinesisService, stream: str, plan: ProducerPlan, *,
                 clock: Callable[[], float] = time.monotonic,
                 quiet: Callable[[], AbstractContextManager[object]] | None = None) -> None:
        self.svc = svc
        self.stream = stream
        self.plan = plan
        self.clock = clock
        self.quiet = quiet or contextlib.nullcontext
        self.exception: Exception | None = None
        """What stopped the run, if a call failed (the UI re-raises write-guard refusals)."""
        self.rng = random.Random()

    def key(self, n: int) -> str:
        if self.plan.spread == "list" and self.plan.keys:
            return self.plan.keys[n % len(self.plan.keys)]
        return HOT_KEY if self.plan.spread == "hot" else uuid.uuid4().hex

    def data(self, n: int) -> bytes:
        if self.plan.template is not None:
            return self.plan.template.render(n, self.rng).encode()
        return record_data(n, self.plan.size)

    def run(self, stop: threading.Event,
            progress: Callable[[ProducerProgress], None]) -> ProducerProgress:
        plan = self.plan
        total = int(plan.rate * plan.seconds)
        per_shard: Counter[str] = Counter()
        sent = failed = calls = 0
        t0 = self.clock()
        error: str | None = None
        while sent + failed < total and not stop.is_set() and error is None:
            elapsed = self.clock() - t0
            due = min(total, int(plan.rate * elapsed) + 1) - sent - failed
            while due > 0 and not stop.is_set() and error is None:
                count = min(due, plan.batch)
                entries = [(self.key(n), self.data(n))
                           for n in range(sent + failed, sent + failed + count)]
                try:
                    with self.quiet() if calls else contextlib.nullcontext():
                        shards = self.svc.put_records(self.stream, entries)
                except Exception as exc:
                    self.exception, error = exc, describe_failure(self.svc.target, exc)
                    break
                calls += 1
                for shard in shards:
                    if shard is None:
                        failed += 1
                    else:
                        sent += 1
                        per_shard[shard] += 1
                due -= count
            if error is None:
                progress(ProducerProgress(sent, failed, dict(per_shard), self.clock() - t0))
                stop.wait(TICK_S)
        final = ProducerProgress(sent, failed, dict(per_shard), self.clock() - t0, True, error)
        progress(final)
        return final
