"""Waiting on the emulator's own clock: a visibility timeout runs out in real time there."""

from __future__ import annotations

import time

from playground.aws.sqs.service import SqsService


def visible_again(svc: SqsService, url: str, count: int = 1, timeout: float = 10.0) -> None:
    """Until the queue shows `count` visible messages (a receive's visibility timeout ran
    out), rather than sleeping a guessed timeout and hoping the next receive sees it."""
    deadline = time.monotonic() + timeout
    while svc.summary(url).visible != count:
        assert time.monotonic() < deadline, f"{url} never showed {count} visible messages"
        time.sleep(0.05)
