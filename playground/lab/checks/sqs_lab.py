"""`python:` lab steps for the SQS labs: what the built-in lab actions cannot do declaratively.

Receive without deleting, wait out a visibility timeout, fail a message into its DLQ, redrive,
FIFO sends with group ids. Registered with the lab registry when `playground.aws.sqs.service` loads
(see the bridge at the end of that module).
"""

from __future__ import annotations

import threading
import time
from typing import Any

from playground.aws.sqs.redrive import redrive
from playground.aws.sqs.service import SqsService
from playground.lab.registry import lab_function

_held: dict[str, list[tuple[str, str]]] = {}
"""Queue URL -> (receipt handle, body) of messages a solution received and still holds."""
_held_lock = threading.Lock()


def _sqs(ctx: Any) -> SqsService:
    return ctx.sqs  # type: ignore[no-any-return]


def _counts(svc: SqsService, url: str) -> tuple[int, int]:
    s = svc.summary(url)
    return s.visible, s.in_flight


def _total(svc: SqsService, url: str) -> int:
    visible, in_flight = _counts(svc, url)
    return visible + in_flight


def _hold(url: str, handle: str, body: str) -> None:
    with _held_lock:
        _held.setdefault(url, []).append((handle, body))


def _take(url: str, body: str | None) -> list[tuple[str, str]]:
    with _held_lock:
        held = _held.get(url, [])
        taken = [h for h in held if body is None or h[1] == body]
        _held[url] = [h for h in held if h not in taken]
    return taken


@lab_function("sqs_receive_without_delete")
def receive_without_delete(ctx: Any, queue: str, count: int = 1, max_messages: int = 10,
                           wait_seconds: int = 2) -> str:
    """Receive until `count` messages are in hand, deleting none: they stay in flight."""
    svc = _sqs(ctx)
    url = ctx.queue_url(queue)
    got: list[str] = []
    deadline = time.monotonic() + 15
    while len(got) < count and time.monotonic() < deadline:
        for m in svc.receive(url, max_messages=min(max_messages, count - len(got)),
                             wait_seconds=wait_seconds):
            _hold(url, m.receipt_handle, m.body)
            got.append(m.body)
    if len(got) < count:
        raise _lab_error(f"{queue} gave {len(got)} of {count} messages")
    return f"received {', '.join(got)} from {queue} and kept them in flight"


@lab_function("sqs_wait_until_visible")
def wait_until_visible(ctx: Any, queue: str, count: int, timeout: int = 60) -> str:
    """Wait (without receiving) until `count` messages are visible and none is in flight."""
    svc = _sqs(ctx)
    url = ctx.queue_url(queue)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        visible, in_flight = _counts(svc, url)
        if visible >= count and in_flight == 0:
            _take(url, None)  # those receipt handles are stale now
            return f"waited until {visible} messages of {queue} were visible again"
        time.sleep(0.5)
    raise _lab_error(f"{queue} still has messages in flight after {timeout} s")


@lab_function("sqs_fail_until_dead_lettered")
def fail_until_dead_lettered(ctx: Any, queue: str, dead_letter_queue: str,
                             timeout: int = 60) -> str:
    """Receive and never delete, letting each visibility timeout run out, until SQS moves
    the message to the dead-letter queue."""
    svc = _sqs(ctx)
    url, dlq = ctx.queue_url(queue), ctx.queue_url(dead_letter_queue)
    receives = 0
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _total(svc, dlq) > 0:
            return (f"received the message {receives} times without deleting it; SQS moved it "
                    f"to {dead_letter_queue}")
        receives += len(svc.receive(url, max_messages=10, wait_seconds=1))
        time.sleep(0.3)
    raise _lab_error(f"nothing reached {dead_letter_queue} within {timeout} s")


@lab_function("sqs_redrive")
def redrive_dlq(ctx: Any, dead_letter_queue: str, timeout: int = 60) -> str:
    """Move the DLQ's messages back to their source: StartMessageMoveTask where the target has
    it (then wait for the task), receive-and-resend where it does not."""
    svc = _sqs(ctx)
    dlq = ctx.queue_url(dead_letter_queue)
    result = redrive(svc, dlq)
    deadline = time.monotonic() + timeout
    while result.moved is None and _total(svc, dlq) and time.monotonic() < deadline:
        time.sleep(1)
    return f"redrive by {result.method} to {result.destination}"


@lab_function("sqs_send_fifo")
def send_fifo(ctx: Any, queue: str, messages: list[dict[str, str]]) -> str:
    """Send to a FIFO queue: each message is `{group: ..., body: ...}`, optionally `dedup`."""
    svc = _sqs(ctx)
    url = ctx.queue_url(queue)
    for m in messages:
        svc.send(url, m["body"], group_id=m["group"], dedup_id=m.get("dedup"))
    return f"sent {len(messages)} message(s) to {queue}"


@lab_function("sqs_delete_held")
def delete_held(ctx: Any, queue: str, body: str | None = None) -> str:
    """Delete messages a solution received earlier (all, or those with this body)."""
    svc = _sqs(ctx)
    url = ctx.queue_url(queue)
    taken = _take(url, body)
    if not taken:
        raise _lab_error(f"no message{' ' + repr(body) if body else ''} of {queue} is held "
                         "here: receive it first, or wait for its visibility timeout")
    for handle, _ in taken:
        svc.delete_message(url, handle)
    return f"deleted {', '.join(b for _, b in taken)} from {queue}"


@lab_function("sqs_drain")
def drain(ctx: Any, queue: str, timeout: int = 90) -> str:
    """Delete what is held, then receive and delete until the queue is empty (waiting out the
    visibility timeout of messages received elsewhere)."""
    svc = _sqs(ctx)
    url = ctx.queue_url(queue)
    for handle, _ in _take(url, None):
        svc.delete_message(url, handle)
    deleted = 0
    deadline = time.monotonic() + timeout
    while _total(svc, url) and time.monotonic() < deadline:
        for m in svc.receive(url, max_messages=10, wait_seconds=1):
            svc.delete_message(url, m.receipt_handle)
            deleted += 1
    return f"emptied {queue}"


def _lab_error(text: str) -> Exception:
    from playground.lab.context import LabError

    return LabError(text)
