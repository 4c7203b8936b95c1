"""Dead-letter redrive: StartMessageMoveTask where the target has it, else receive-and-resend."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from playground.aws.common import error_code
from playground.aws.sqs.service import ReceivedMessage, SqsService, dlq_links, queue_name

MOVE_TASK_CAPABILITY = "message-move-task"
UNSUPPORTED_CODES = frozenset({
    "InvalidAction", "UnsupportedOperation", "UnknownOperationException", "NotImplemented",
    "InvalidRequest", "AWS.SimpleQueueService.UnsupportedOperation",
})
"""Error codes that mean "this endpoint has no StartMessageMoveTask", not "your input is wrong"."""
RESEND_VISIBILITY = 30
"""Seconds a message being resent stays hidden in the DLQ, so a second pass cannot see it."""


@dataclass(frozen=True)
class RedriveResult:
    method: str
    """`StartMessageMoveTask` or `receive-and-resend`."""
    destination: str
    """Queue name(s) the messages go to."""
    moved: int | None = None
    """Messages moved; None while an asynchronous move task runs."""
    task_handle: str | None = None
    note: str = ""
    new_ids: dict[str, str] = field(default_factory=dict)
    """Old message id (in the DLQ) -> new message id (in the source), for the fallback."""
    skipped: int = 0


def move_task_support(target: Any) -> bool | None:
    """What the target says about StartMessageMoveTask: True, False, or None (unknown: try it)."""
    for capability in target.capabilities():
        if capability.name == MOVE_TASK_CAPABILITY:
            return bool(capability.available)
    return None


def redrive(svc: SqsService, dlq_url: str, destination_url: str | None = None) -> RedriveResult:
    """Move every message of a DLQ back to its source queue (or to `destination_url`)."""
    dlq_arn = svc.queue_arn(dlq_url)
    sources = source_queues(svc, dlq_url)
    dest_label = queue_name(destination_url) if destination_url else (
        ", ".join(sorted(queue_name(u) for u in sources.values())) or "the source queue")
    note = ""
    if move_task_support(svc.target) is not False:
        kwargs: dict[str, Any] = {"SourceArn": dlq_arn}
        if destination_url:
            kwargs["DestinationArn"] = svc.queue_arn(destination_url)
        try:
            resp = svc.client.start_message_move_task(**kwargs)
        except Exception as exc:
            code = error_code(exc)
            if code not in UNSUPPORTED_CODES:
                raise
            note = f"StartMessageMoveTask is not available here ({code}); "
        else:
            return RedriveResult("StartMessageMoveTask", dest_label,
                                 task_handle=resp.get("TaskHandle"),
                                 note="SQS moves the messages in the background; the DLQ "
                                      "count falls as the task runs.")
    else:
        note = f"{svc.target.label} has no StartMessageMoveTask; "
    return resend(svc, dlq_url, destination_url, sources=sources, note=note)


def source_queues(svc: SqsService, dlq_url: str) -> dict[str, str]:
    """QueueArn -> URL of every queue whose redrive policy points at this DLQ."""
    return {link.source.attributes.get("QueueArn", ""): link.source.url
            for link in dlq_links(svc.list_queues()) if link.dlq.url == dlq_url}


def resend(svc: SqsService, dlq_url: str, destination_url: str | None = None, *,
           sources: dict[str, str] | None = None, note: str = "",
           limit: int = 1000) -> RedriveResult:
    """The fallback, done as a client would: receive from the DLQ, send to the source, delete.

    At-least-once like everything in SQS: a message is deleted from the DLQ only after the send
    succeeded. Messages in flight in the DLQ (held by a consumer) are left where they are.
    """
    if sources is None:
        sources = source_queues(svc, dlq_url)
    if destination_url is None and not sources:
        raise ValueError(f"{queue_name(dlq_url)} is nobody's dead-letter queue: pick a "
                         "destination queue")
    new_ids: dict[str, str] = {}
    skipped = 0
    seen: set[str] = set()
    while len(new_ids) + skipped < limit:
        batch = svc.receive(dlq_url, max_messages=10, wait_seconds=0,
                            visibility_timeout=RESEND_VISIBILITY)
        fresh = [m for m in batch if m.message_id not in seen]
        if not fresh:
            break
        for message in fresh:
            seen.add(message.message_id)
            dest = destination_url or _destination(message, sources)
            if dest is None:
                skipped += 1
                continue
            new_ids[message.message_id] = _send_copy(svc, dest, message)
            svc.delete_message(dlq_url, message.receipt_handle)
    dest_label = queue_name(destination_url) if destination_url else ", ".join(
        sorted(queue_name(u) for u in sources.values()))
    text = (note + "moved by receive-and-resend: ReceiveMessage on the DLQ, SendMessage to the "
            "source, DeleteMessage on the DLQ. The moved messages get new message ids.")
    return RedriveResult("receive-and-resend", dest_label, moved=len(new_ids), note=text,
                         new_ids=new_ids, skipped=skipped)


def _destination(message: ReceivedMessage, sources: dict[str, str]) -> str | None:
    if message.dlq_source_arn and message.dlq_source_arn in sources:
        return sources[message.dlq_source_arn]
    if len(sources) == 1:
        return next(iter(sources.values()))
    return None


def _send_copy(svc: SqsService, dest: str, message: ReceivedMessage) -> str:
    attributes = {name: {k: v for k, v in value.items()
                         if k in ("DataType", "StringValue", "BinaryValue")}
                  for name, value in message.message_attributes.items()}
    fifo = dest.endswith(".fifo")
    # The source still remembers the original deduplication id for 5 minutes and would
    # silently drop a resend that reuses it.
    return svc.send(dest, message.body, attributes=attributes or None,
                    group_id=(message.group_id or "redrive") if fifo else None,
                    dedup_id=f"redrive-{message.message_id}"[:128] if fifo else None)
