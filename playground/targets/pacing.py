"""How often the app's own refresh loops may call a target.

On an emulator, as often as they like: the lists there refresh every 2 s. On a real account
every call is billed, throttled and logged in CloudTrail, so the loops share one budget of
BUDGET_PER_S (0.9) calls a second in total, handed out first come, first served, and each loop
waits longer (2 s, 4 s, ... up to MAX_WAIT_S) while what it reads stays the same, and is back at
2 s as soon as something changes, the learner asks (`r`), or the learner makes a call of their
own.
The learner's own calls are never held back.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

BUDGET_PER_S = 0.9
"""Background calls a second, all loops together, on a real account: under the goal of one a
second, because calls reach the service a little later or sooner than their slot (measured on
the wire: 61 calls in a minute at exactly 1.0)."""
MAX_WAIT_S = 60.0
"""The longest a loop waits between rounds while nothing changes."""
RATE_WINDOW_S = 60.0
"""The header's rate is of the background calls in this window."""

Clock = Callable[[], float]
Sleep = Callable[[float], object]


class PollCancelled(Exception):
    """The loop that was waiting for its slot was stopped: the call is not made."""

    def __init__(self) -> None:
        super().__init__("stopped while waiting for its turn to call")


class PollPacer:
    """One per target. `budget` None: no limit and no back-off (emulators, LocalStack)."""

    def __init__(self, budget: float | None, *, clock: Clock = time.monotonic,
                 sleep: Sleep = time.sleep) -> None:
        self.budget = budget
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()
        self._next_slot = 0.0
        self._calls: deque[float] = deque()
        self._since = clock()
        self.activity = 0
        """Counts the learner's own calls: a loop that sees it move wakes up and starts over."""
        self._local = threading.local()

    @property
    def adaptive(self) -> bool:
        return self.budget is not None

    # --- botocore hooks, called by the target for every call ------------------------------
    def before_call(self, background: bool) -> None:
        """A background call waits for its slot; a learner's call goes at once and wakes the
        loops."""
        if not background:
            self.activity += 1
            return
        if self.budget is None:
            return  # nothing to wait for, and no rate to show
        with self._lock:
            now = self._clock()
            slot = max(now, self._next_slot)
            self._next_slot = slot + 1.0 / self.budget
            self._calls.append(slot)
            while self._calls and self._calls[0] < now - RATE_WINDOW_S:
                self._calls.popleft()  # bounded: at most a minute of slots
        if slot > now:
            stop: threading.Event | None = getattr(self._local, "stop", None)
            if stop is None:
                self._sleep(slot - now)
            elif stop.wait(slot - now):
                raise PollCancelled

    def after_call(self, parsed: Any) -> None:
        """Fold an answer into the fingerprint of the round running in this thread, if any."""
        digest = getattr(self._local, "digest", None)
        if digest is None:
            return
        if isinstance(parsed, dict):
            parsed = {k: v for k, v in parsed.items() if k != "ResponseMetadata"}
        digest.update(repr(parsed).encode("utf-8", "backslashreplace"))

    # --- what the header shows ------------------------------------------------------------
    def rate(self) -> float:
        """Background calls a second over the last minute (or since the pacer began)."""
        with self._lock:
            now = self._clock()
            while self._calls and self._calls[0] < now - RATE_WINDOW_S:
                self._calls.popleft()
            span = min(RATE_WINDOW_S, max(now - self._since, 1.0))
            return sum(1 for t in self._calls if t <= now) / span

    @contextlib.contextmanager
    def cancellable(self, stop: threading.Event) -> Iterator[None]:
        """Background calls made inside give up waiting for their slot when `stop` is set (a
        closed screen's loop must not hold its thread, or the app's exit, for its turn)."""
        previous = getattr(self._local, "stop", None)
        self._local.stop = stop
        try:
            yield
        finally:
            self._local.stop = previous

    def loop(self, base_s: float) -> LoopPace:
        return LoopPace(self, base_s)

    @contextlib.contextmanager
    def _round(self) -> Iterator[Any]:
        digest = hashlib.blake2b(digest_size=16)
        self._local.digest = digest
        try:
            yield digest
        finally:
            self._local.digest = None


class LoopPace:
    """One refresh loop's wait between rounds."""

    def __init__(self, pacer: PollPacer, base_s: float) -> None:
        self.pacer = pacer
        self.base_s = base_s
        self.wait_s = base_s
        self._last: bytes | None = None
        self._changed = True
        self._seen_activity = pacer.activity
        self._asked = False

    @contextlib.contextmanager
    def round(self) -> Iterator[None]:
        """Around one round of reads: on a real account, remembers whether what they answered
        differs from the round before."""
        if not self.pacer.adaptive:
            yield
            return
        with self.pacer._round() as digest:
            yield
        now = digest.digest()
        self._changed = now != self._last
        self._last = now

    def asked(self) -> None:
        """The learner asked for a refresh (`r`, or a change the screen made)."""
        self._asked = True

    def next_wait(self) -> float:
        """Seconds until the next round: the base after a change, a learner's call or a request;
        else twice the last wait, up to MAX_WAIT_S."""
        if not self.pacer.adaptive:
            return self.base_s
        if self._asked or self._changed or self.woken():
            self.wait_s = self.base_s
        else:
            self.wait_s = min(self.wait_s * 2, MAX_WAIT_S)
        self._seen_activity = self.pacer.activity
        self._asked = False
        return self.wait_s

    def woken(self) -> bool:
        """The learner made a call since this loop last looked: stop waiting."""
        return self.pacer.adaptive and self.pacer.activity != self._seen_activity
