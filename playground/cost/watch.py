"""Keeps the meter's reading fresh for one target, in a thread: lists what the playground has
seldom (real accounts must stay cheap), prices the app's own calls often (that costs no call).

Listing: once at start, then every few minutes, and a little after the app's own create and
delete calls (a burst of them is one listing), never two closer than `min_gap_s`. The listing
goes through a quiet twin of the target, so it is not in the call log and not in the figure.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from playground.aws.inventory import Resource, Unseen
from playground.cost.meter import Clock, Ledger, Reading, read, utc_now
from playground.cost.prices import PriceTable, shipped_prices
from playground.targets.base import Target

Lister = Callable[[Target], tuple[list[Resource], list[Unseen]]]


def quiet_lister() -> Lister:
    """Lists what the playground has in a target's region through a quiet twin of it, made once
    (a twin has its own session and clients: not in the call log, not in the figure)."""
    from playground.aws.inventory import find_managed
    from playground.targets.quiet import QuietTarget

    twins: dict[int, QuietTarget] = {}

    def lister(target: Target) -> tuple[list[Resource], list[Unseen]]:
        twin = twins.get(id(target))
        if twin is None or twin.inner is not target:
            twin = twins[id(target)] = QuietTarget(target)
        return find_managed(twin)

    return lister


class CostWatch:
    list_every_s = 300.0
    """A listing at most this often when nothing was made or deleted."""
    after_change_s = 2.0
    """A listing this long after the app's last create or delete call."""
    min_gap_s = 30.0
    """Never two listings closer than this."""
    tick_s = 15.0
    """The calls' share and idleness are computed again this often (no call to AWS)."""
    slice_s = 0.5
    """How often the thread looks at its stop flag and at the change flag."""

    def __init__(self, target: Target, *, lister: Lister | None = None,
                 prices: PriceTable | None = None, clock: Clock | None = None) -> None:
        self.target = target
        self.lister = lister or quiet_lister()
        self.prices = prices or shipped_prices()
        self.ledger = Ledger(target.recorder, clock or utc_now)
        self.resources: list[Resource] = []
        self.unseen: list[str] = []
        self.listed = False
        """At least one listing has answered (before that the count would be a guess)."""

    def refresh(self) -> None:
        """List what the playground has now (a network call on a real account)."""
        try:
            resources, unseen = self.lister(self.target)
        except Exception as exc:  # the target is down, say: keep what was seen, say why
            self.unseen = [f"everything: {type(exc).__name__}"]
            return
        self.resources = resources
        self.unseen = [u.describe() for u in unseen]
        self.listed = True

    def reading(self) -> Reading:
        return read(self.resources, self.ledger, self.prices, unseen=self.unseen)

    def run(self, stop: threading.Event, publish: Callable[[Reading], object],
            monotonic: Callable[[], float] = time.monotonic) -> None:
        """Until `stop`: list when due, and publish every new reading."""
        try:
            last_list = last_tick = -float("inf")
            first_change: float | None = None
            last_change = 0.0
            shown: Reading | None = None
            while not stop.is_set():
                now = monotonic()
                if self.ledger.changed.is_set():
                    self.ledger.changed.clear()
                    first_change = now if first_change is None else first_change
                    last_change = now
                # After changes: once they have been quiet a moment (a burst is one listing), or
                # once the first has waited long enough (a long run of them still shows).
                after_change = first_change is not None and (
                    now - last_change >= self.after_change_s
                    or now - first_change >= self.min_gap_s)
                due = now - last_list >= self.list_every_s or (
                    after_change and now - last_list >= self.min_gap_s)
                if due:
                    self.refresh()
                    last_list, first_change = monotonic(), None
                if (due or now - last_tick >= self.tick_s) and self.listed:
                    last_tick = now
                    reading = self.reading()
                    if reading != shown:
                        shown = reading
                        publish(reading)
                stop.wait(self.slice_s)
        finally:
            self.ledger.close()


def describe(reading: Reading, *, real: bool) -> str:
    """The header's words: `3 alive · ~$0.06/h` on a real account; on an emulator, what the
    same would cost on AWS, when it is worth saying (less than half a cent an hour is not)."""
    if real:
        return f"{reading.alive} alive · {reading.figure()}"
    if reading.usd_per_hour < 0.005 and not reading.unpriced:
        return ""
    return f"on AWS: {reading.figure()}"


def idle_notice(resource: Resource, reading: Reading) -> str:
    costs = [line for line in reading.lines
             if line.service == resource.service and line.name == resource.name
             and line.usd_per_hour is not None]
    cost = f" and costs about ${sum(ln.usd_per_hour or 0 for ln in costs):.2f} an hour" if costs else ""
    return (f"The {resource.kind} {resource.name} in {resource.region} has had no call from the "
            f"playground for an hour{cost}. If you are done with it, delete it "
            "(playground teardown removes everything the playground made).")
