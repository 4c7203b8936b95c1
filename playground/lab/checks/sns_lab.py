"""Lab checks and `python:` steps for the SNS labs: typed publishes, and looking into a
subscriber's queue (body and attributes, envelope or raw) without consuming anything.

Loaded by `playground.lab.registry.load_builtins` (one of its extension modules).
"""

from __future__ import annotations

from typing import Any

from playground.aws.common import error_message
from playground.aws.sns.fanout import Delivery, parse_delivery
from playground.aws.sqs.service import ReceivedMessage
from playground.lab.registry import CheckResult, check, failed, lab_function, passed, plural


def _ctx_sns(ctx: Any) -> Any:
    return ctx.sns


def look_into(ctx: Any, queue: str) -> tuple[list[Delivery] | None, int, str]:
    """The queue's deliveries, unwrapped from SNS's envelope (None where the target can only
    count), the visible count, and a note for the learner."""
    messages, count, how = ctx.look_into_queue(queue)
    if messages is None:
        return None, count, how
    deliveries = [parse_delivery(ReceivedMessage(
        m.message_id, "", m.body, m.receive_count, {}, m.message_attributes, m.group_id))
        for m in messages]
    return deliveries, count, how


def _attribute(delivery: Delivery, name: str) -> str | None:
    value = delivery.attributes.get(name)
    return None if value is None else str(value.get("StringValue", value.get("BinaryValue")))


@check("sns_queue_holds", service="sns")
def sns_queue_holds(ctx: Any, queue: str, at_least: int = 1, at_most: int | None = None,
                    attribute: str | None = None, value: str | None = None,
                    body_contains: str | None = None, raw: bool | None = None) -> CheckResult:
    """The subscriber's queue holds between at_least and at_most messages that SNS delivered
    with this attribute value / body text (envelope unwrapped), in raw form or not."""
    try:
        deliveries, count, note = look_into(ctx, queue)
    except LookupError as exc:
        return failed(str(exc))
    wanted = []
    if attribute is not None:
        wanted.append(f"attribute {attribute}" + (f"={value}" if value is not None else ""))
    if body_contains is not None:
        wanted.append(f"a body containing {body_contains!r}")
    if raw is not None:
        wanted.append("raw delivery" if raw else "the SNS envelope")
    what = f"message{'s' if at_least != 1 else ''}" + (f" with {' and '.join(wanted)}" if wanted else "")
    if deliveries is None:
        n, suffix = count, f" ({note})"
    else:
        n = sum(1 for d in deliveries if _fits(d, attribute, value, body_contains, raw))
        suffix = f" ({note})" if note else ""
    if n < at_least:
        return failed(f"{queue} holds {plural(n, 'matching message')}; the step wants at least "
                      f"{at_least} {what}{suffix}")
    if at_most is not None and n > at_most:
        return failed(f"{queue} holds {plural(n, 'matching message')}; the step wants at most "
                      f"{at_most}{suffix}")
    return passed(f"{queue} holds {plural(n, 'message')}" + (f" with {' and '.join(wanted)}"
                                                              if wanted else "") + suffix)


def _fits(d: Delivery, attribute: str | None, value: str | None, body: str | None,
          raw: bool | None) -> bool:
    if raw is not None and d.envelope == raw:
        return False
    if body is not None and body not in d.message:
        return False
    if attribute is not None:
        have = _attribute(d, attribute)
        if have is None or (value is not None and have != value):
            return False
    return True


@lab_function("sns_publish")
def sns_publish(ctx: Any, topic: str, message: str, subject: str | None = None,
                attributes: dict[str, dict[str, str]] | None = None,
                group_id: str | None = None, dedup_id: str | None = None) -> str:
    """Publish with typed attributes (`{price: {DataType: Number, StringValue: "42"}}`) and,
    for FIFO topics, a message group and deduplication id."""
    arn = ctx.topic_arn(topic)
    try:
        _ctx_sns(ctx).publish(arn, message, subject=subject, attributes=attributes or None,
                              group_id=group_id, dedup_id=dedup_id)
    except Exception as exc:
        from playground.lab.context import LabError

        raise LabError(f"SNS refused the publish: {error_message(exc)}") from exc
    return f"published {message!r} to {topic}"
