"""Whether the target answers, as the app's watch and the calls themselves saw it, and the one
back-off every polling loop follows while it does not (instead of failing every round)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from playground.aws.common import error_message

if TYPE_CHECKING:
    from playground.targets.base import Target

WATCH_S = 1.0
"""How often the watch asks a target that can be asked cheaply (a child process, a local port)."""
DOWN_RETRY_S = 5.0
"""Where only calls can tell (real AWS, a remote endpoint), a waiting loop tries again this late."""
_SLICE_S = 0.1
"""Waits are cut in slices this long, so a cancelled loop or watch ends at once."""


@dataclass(frozen=True)
class Health:
    up: bool
    reason: str = ""
    """Why it is down, in a few words ("the emulator stopped (killed by SIGKILL)")."""
    version: int = 0
    """Counts changes, so a watcher can tell news from what it saw already."""


class Liveness:
    """Up, or down and why; shared by every thread that uses one target (and its quiet twins)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._health = Health(True)
        self.waiting = 0
        """Loops parked in `wait_up` right now: each makes no call until the target is back."""

    @property
    def down(self) -> bool:
        return not self._health.up

    def health(self) -> Health:
        return self._health

    def mark_down(self, reason: str) -> None:
        with self._lock:
            if self._health.up or self._health.reason != reason:
                self._health = Health(False, reason, self._health.version + 1)

    def mark_up(self) -> None:
        if self._health.up:  # every answered call comes here: no lock on the common path
            return
        with self._lock:
            if not self._health.up:
                self._health = Health(True, "", self._health.version + 1)

    def wait_up(self, stop: threading.Event, at_most: float | None = None) -> None:
        """Block while down, until `stop` is set or `at_most` seconds have passed."""
        deadline = None if at_most is None else time.monotonic() + at_most
        with self._lock:
            self.waiting += 1
        try:
            while self.down and not stop.is_set():
                if deadline is not None and time.monotonic() >= deadline:
                    return
                stop.wait(_SLICE_S)
        finally:
            with self._lock:
                self.waiting -= 1


def unreachable(exc: BaseException) -> bool:
    """A call failed because nothing answered (refused, timed out connecting, or the connection
    dropped mid-call), as opposed to the target answering with an error."""
    from botocore.exceptions import ConnectionClosedError
    from botocore.exceptions import ConnectionError as BotoConnectionError

    return isinstance(exc, BotoConnectionError | ConnectionClosedError)


def down_text(target: Target) -> str:
    """The one line a pane shows instead of a raw connection error."""
    return f"{target.label} is down: waiting until it answers again"


def describe_failure(target: Target, exc: BaseException) -> str:
    """What a failed call means to the learner: the target is down, or the target's own words."""
    return down_text(target) if target.liveness.down else error_message(exc)


class LoopBackoff:
    """What a polling loop does about its target, in the loop's thread: while the target is
    down, say so once and wait (never spin, never repeat); a failure is said once until it
    changes."""

    def __init__(self, target: Target, stop: threading.Event) -> None:
        self.target = target
        self.stop = stop
        self._said = ""

    def pause(self, say: Callable[[str], object]) -> None:
        """Before each round."""
        if self.target.liveness.down:
            self._say(say, down_text(self.target))
            self.target.wait_while_down(self.stop)

    def failed(self, exc: BaseException, say: Callable[[str], object]) -> None:
        self._say(say, describe_failure(self.target, exc))

    def succeeded(self) -> None:
        self._said = ""

    @property
    def failing(self) -> bool:
        """Something was said since the last round that worked (the loop may want to clear it)."""
        return bool(self._said)

    def _say(self, say: Callable[[str], object], text: str) -> None:
        if text != self._said:
            say(text)
        self._said = text


def watch(target: Target, stop: threading.Event, changed: Callable[[Health], object]) -> None:
    """The app's watch, in a thread until `stop`: ask the target every WATCH_S where that is
    cheap (never over the network to real AWS), and report each change, also those calls saw."""
    seen = target.liveness.health()
    asked = 0.0
    while not stop.is_set():
        if target.watches_liveness and time.monotonic() - asked >= WATCH_S:
            try:
                target.check_alive()
            except Exception as exc:
                # A probe that raises must not end the watch: nobody would see the target
                # go down (or come back) any more.
                target.liveness.mark_down(f"the liveness probe failed: {exc}")
            asked = time.monotonic()
        now = target.liveness.health()
        if now.version != seen.version and (now.up, now.reason) != (seen.up, seen.reason):
            changed(now)
        seen = now
        stop.wait(_SLICE_S)
