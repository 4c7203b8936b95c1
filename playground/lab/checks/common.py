"""What checks of several services share: JSON containment, looking into a queue without
consuming it, and reading a queue's access policy."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from playground.aws.sqs.service import PeekedMessage
from playground.lab.context import LabContext
from playground.lab.registry import CheckResult, failed, passed, unmet


def contains(have: Any, want: Any) -> bool:
    """`want` is a subset of `have`: every key it names has an equal (or containing) value."""
    if isinstance(want, dict):
        return isinstance(have, dict) and all(k in have and contains(have[k], v)
                                               for k, v in want.items())
    return bool(have == want)


def missing_queue(queue: str) -> CheckResult:
    return failed(f"queue {queue} does not exist yet")


def count_in_queue(ctx: LabContext, queue: str,
                   fits: Callable[[PeekedMessage], bool]) -> tuple[int, str]:
    """How many of the queue's visible messages fit, read without consuming them, and a note
    (` (how)`) on how they were seen. Where the target can only count, every visible message
    counts and the note says so. Raises LookupError when there is no such queue."""
    messages, count, how = ctx.look_into_queue(queue)
    if messages is None:
        return count, f" ({how})"
    return sum(1 for m in messages if fits(m)), (f" ({how})" if how else "")


def holds(queue: str, n: int, what: str, at_least: int, at_most: int | None,
          note: str) -> CheckResult:
    """The verdict on a queue holding `n` messages (`what` describes them, count included)."""
    wanted = unmet(n, at_least=at_least, at_most=at_most)
    if wanted:
        return failed(f"{queue} holds {what}; {wanted}{note}")
    return passed(f"{queue} holds {what}{note}")


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def allows_sender(statement: dict[str, Any], principal: str, queue_arn: str,
                  source_arn: str) -> bool:
    """A statement that lets `principal` (`sns.amazonaws.com`, `events.amazonaws.com`) send to
    this queue for this source ARN (and only it), as AWS requires before it delivers."""
    who = statement.get("Principal", {})
    services = _as_list(who.get("Service", [])) if isinstance(who, dict) else []
    actions = [str(a).lower() for a in _as_list(statement.get("Action", []))]
    resources = _as_list(statement.get("Resource", queue_arn))
    conditions = statement.get("Condition", {})
    sources = [v for test in ("ArnEquals", "ArnLike", "StringEquals") for v in
               _as_list(conditions.get(test, {}).get("aws:SourceArn", []))]
    return (statement.get("Effect") == "Allow" and principal in services
            and bool({"sqs:sendmessage", "sqs:*"} & set(actions))
            and (queue_arn in resources or "*" in resources) and source_arn in sources)


def queue_allows(ctx: LabContext, queue: str, url: str, principal: str, source_arn: str,
                 source: str) -> CheckResult:
    """The queue's access policy lets `principal` send for `source_arn` (`source` in words)."""
    attrs = ctx.sqs.attributes(url)
    raw = attrs.get("Policy")
    if not raw:
        return failed(f"{queue} has no access policy yet, so on AWS {principal} could not "
                      "send to it")
    statements = json.loads(raw).get("Statement", [])
    if any(allows_sender(s, principal, attrs.get("QueueArn", ""), source_arn)
           for s in _as_list(statements) if isinstance(s, dict)):
        return passed(f"{queue} lets {principal} send messages from {source}")
    return failed(f"{queue}'s policy does not let {principal} SendMessage with "
                  f"aws:SourceArn {source_arn}")
