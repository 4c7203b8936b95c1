"""SQS solution actions and `python:` functions: queues, sends, receives, redrive, and what the
declarative actions cannot do (receive without deleting, wait out a visibility timeout, fail a
message into its DLQ, redrive it back, FIFO sends with group ids)."""

from __future__ import annotations

import threading
import time

from playground.aws.sns.fanout import sns_send_policy
from playground.aws.sqs.redrive import redrive
from playground.lab.context import LabContext, LabError
from playground.lab.registry import Scalar, action, as_text, lab_function, plural, text_map


@action("create_queue", service="sqs", creates="name", resource="queue")
def create_queue(ctx: LabContext, name: str, attributes: dict[str, Scalar] | None = None,
                 fifo: bool = False) -> str:
    """Create a queue (tagged for the lab) with optional attributes."""
    ctx.sqs.create_queue(name, fifo=fifo, attributes=text_map(attributes), tags=ctx.lab_tags())
    return f"created queue {name}"


@action("set_queue_attributes", service="sqs")
def set_queue_attributes(ctx: LabContext, queue: str, attributes: dict[str, Scalar]) -> str:
    """Change attributes of an existing queue."""
    ctx.sqs.set_attributes(ctx.queue_url(queue), text_map(attributes))
    return f"set {', '.join(f'{k}={as_text(v)}' for k, v in attributes.items())} on {queue}"


@action("send_message", service="sqs")
def send_message(ctx: LabContext, queue: str, body: str | None = None,
                 bodies: list[str] | None = None) -> str:
    """Send one message (`body`) or several (`bodies`), one SendMessage call each."""
    texts = ([body] if body is not None else []) + list(bodies or [])
    if not texts:
        raise LabError("send_message needs `body` or `bodies`")
    url = ctx.queue_url(queue)
    for text in texts:
        ctx.sqs.send(url, text)
    return f"sent {plural(len(texts), 'message')} to {queue}"


@action("receive_and_delete", service="sqs")
def receive_and_delete(ctx: LabContext, queue: str, count: int = 1, wait_seconds: int = 5) -> str:
    """Receive `count` messages (long polling) and delete each with its receipt handle."""
    url = ctx.queue_url(queue)
    done = 0
    for _ in range(count + 3):  # short reads can return fewer than asked: try a few more times
        if done >= count:
            break
        for message in ctx.sqs.receive(url, max_messages=min(10, count - done),
                                       wait_seconds=wait_seconds):
            ctx.sqs.delete_message(url, message.receipt_handle)
            done += 1
    if done < count:
        raise LabError(f"{queue} gave {plural(done, 'message')}; expected {count}")
    return f"received and deleted {plural(done, 'message')} from {queue}"


@action("set_redrive", service="sqs")
def set_redrive(ctx: LabContext, queue: str, dead_letter_queue: str,
                max_receive_count: int) -> str:
    """Send a queue's failing messages to a dead-letter queue after maxReceiveCount receives."""
    dlq_arn = ctx.sqs.queue_arn(ctx.queue_url(dead_letter_queue))
    ctx.sqs.set_redrive(ctx.queue_url(queue), dlq_arn, max_receive_count)
    return f"{queue} now moves a message to {dead_letter_queue} after {max_receive_count} receives"


@action("allow_topic_to_send", service="sqs")
def allow_topic_to_send(ctx: LabContext, queue: str, topic: str) -> str:
    """Set the queue policy that lets SNS deliver messages from one topic to this queue."""
    url = ctx.queue_url(queue)
    policy = sns_send_policy(ctx.sqs.queue_arn(url), ctx.topic_arn(topic))
    ctx.sqs.set_attributes(url, {"Policy": policy})
    return f"{queue} now lets topic {topic} send to it"


@action("delete_queue", service="sqs")
def delete_queue(ctx: LabContext, queue: str) -> str:
    """Delete a queue and every message in it."""
    ctx.sqs.delete_queue(ctx.queue_url(queue))
    return f"deleted queue {queue}"


# --- `python:` functions ---------------------------------------------------------------------

_held: dict[str, list[tuple[str, str]]] = {}
"""Queue URL -> (receipt handle, body) of messages a solution received and still holds."""
_held_lock = threading.Lock()


def _counts(ctx: LabContext, url: str) -> tuple[int, int]:
    s = ctx.sqs.summary(url)
    return s.visible, s.in_flight


def _total(ctx: LabContext, url: str) -> int:
    return sum(_counts(ctx, url))


def _hold(url: str, handle: str, body: str) -> None:
    with _held_lock:
        _held.setdefault(url, []).append((handle, body))


def _take(url: str, body: str | None) -> list[tuple[str, str]]:
    with _held_lock:
        held = _held.get(url, [])
        taken = [h for h in held if body is None or h[1] == body]
        _held[url] = [h for h in held if h not in taken]
    return taken


@lab_function("sqs_receive_without_delete", service="sqs")
def receive_without_delete(ctx: LabContext, queue: str, count: int = 1, max_messages: int = 10,
                           wait_seconds: int = 2) -> str:
    """Receive until `count` messages are in hand, deleting none: they stay in flight."""
    url = ctx.queue_url(queue)
    got: list[str] = []
    deadline = time.monotonic() + 15
    while len(got) < count and time.monotonic() < deadline:
        for m in ctx.sqs.receive(url, max_messages=min(max_messages, count - len(got)),
                                 wait_seconds=wait_seconds):
            _hold(url, m.receipt_handle, m.body)
            got.append(m.body)
    if len(got) < count:
        raise LabError(f"{queue} gave {len(got)} of {count} messages")
    return f"received {', '.join(got)} from {queue} and kept them in flight"


@lab_function("sqs_wait_until_visible", service="sqs")
def wait_until_visible(ctx: LabContext, queue: str, count: int, timeout: int = 60) -> str:
    """Wait (without receiving) until `count` messages are visible and none is in flight."""
    url = ctx.queue_url(queue)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        visible, in_flight = _counts(ctx, url)
        if visible >= count and in_flight == 0:
            _take(url, None)  # those receipt handles are stale now
            return f"waited until {visible} messages of {queue} were visible again"
        time.sleep(0.5)
    raise LabError(f"{queue} still has messages in flight after {timeout} s")


@lab_function("sqs_fail_until_dead_lettered", service="sqs")
def fail_until_dead_lettered(ctx: LabContext, queue: str, dead_letter_queue: str,
                             timeout: int = 60) -> str:
    """Receive and never delete until SQS moves the message to the dead-letter queue.

    Each receive lets the visibility timeout run out, so the receive count climbs to
    maxReceiveCount."""
    url, dlq = ctx.queue_url(queue), ctx.queue_url(dead_letter_queue)
    receives = 0
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _total(ctx, dlq) > 0:
            return (f"received the message {receives} times without deleting it; SQS moved it "
                    f"to {dead_letter_queue}")
        receives += len(ctx.sqs.receive(url, max_messages=10, wait_seconds=1))
        time.sleep(0.3)
    raise LabError(f"nothing reached {dead_letter_queue} within {timeout} s")


@lab_function("sqs_redrive", service="sqs")
def redrive_dlq(ctx: LabContext, dead_letter_queue: str, timeout: int = 60) -> str:
    """Move the DLQ's messages back to their source queue.

    StartMessageMoveTask where the target has it (then wait for the task), receive-and-resend
    where it does not."""
    dlq = ctx.queue_url(dead_letter_queue)
    result = redrive(ctx.sqs, dlq)
    deadline = time.monotonic() + timeout
    while result.moved is None and _total(ctx, dlq) and time.monotonic() < deadline:
        time.sleep(1)
    return f"redrive by {result.method} to {result.destination}"


@lab_function("sqs_send_fifo", service="sqs")
def send_fifo(ctx: LabContext, queue: str, messages: list[dict[str, str]]) -> str:
    """Send to a FIFO queue: each message is `{group: ..., body: ...}`, optionally `dedup`."""
    url = ctx.queue_url(queue)
    for m in messages:
        ctx.sqs.send(url, m["body"], group_id=m["group"], dedup_id=m.get("dedup"))
    return f"sent {len(messages)} message(s) to {queue}"


@lab_function("sqs_delete_held", service="sqs")
def delete_held(ctx: LabContext, queue: str, body: str | None = None) -> str:
    """Delete messages a solution received earlier (all, or those with this body)."""
    url = ctx.queue_url(queue)
    taken = _take(url, body)
    if not taken:
        raise LabError(f"no message{' ' + repr(body) if body else ''} of {queue} is held "
                       "here: receive it first, or wait for its visibility timeout")
    for handle, _ in taken:
        ctx.sqs.delete_message(url, handle)
    return f"deleted {', '.join(b for _, b in taken)} from {queue}"


@lab_function("sqs_drain", service="sqs")
def drain(ctx: LabContext, queue: str, timeout: int = 90) -> str:
    """Delete what is held, then receive and delete until the queue is empty.

    Messages received elsewhere come back once their visibility timeout runs out."""
    url = ctx.queue_url(queue)
    for handle, _ in _take(url, None):
        ctx.sqs.delete_message(url, handle)
    deadline = time.monotonic() + timeout
    while _total(ctx, url) and time.monotonic() < deadline:
        for m in ctx.sqs.receive(url, max_messages=10, wait_seconds=1):
            ctx.sqs.delete_message(url, m.receipt_handle)
    return f"emptied {queue}"
