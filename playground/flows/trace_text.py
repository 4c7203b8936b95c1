"""A trace as plain text: one line a hop, how the payload changed, the summary. What
`playground trace` prints and the Flows screen shows (as Text, never markup); everything from
the target goes through `printable`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from playground.flows.hops import Hop, Outcome, Summary
from playground.patterns.json_input import parse_json, printable

if TYPE_CHECKING:
    from playground.flows.trace import Trace

MARKS = {"reached": "●", "stopped": "✗", "note": "?"}
MAX_VALUE = 60
MAX_DIFF_LINES = 12
SNS_ENVELOPE_KEYS = ("Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp",
                     "SignatureVersion", "Signature", "SigningCertURL", "UnsubscribeURL",
                     "MessageAttributes")


def at_text(at: float | None) -> str:
    """`+0.12 s`; None (times masked, for snapshots): `+…`."""
    return "+…" if at is None else f"+{at:.2f} s"


def hop_line(hop: Hop, *, times: bool = True) -> str:
    """`+0.12 s ● queue audit: received`."""
    return printable(f"{at_text(hop.at if times else None)} {MARKS[hop.status]} "
                     f"{hop.title}: {hop.what}")


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = printable(text)
    return text if len(text) <= MAX_VALUE else text[:MAX_VALUE - 1] + "…"


def _load(text: str | None) -> Any:
    if text is None:
        return None
    try:
        return parse_json(text)  # at most 100 levels deep: comparing it cannot recurse too far
    except ValueError:
        return text


def _flatten(value: Any, prefix: str = "", depth: int = 0) -> dict[str, Any]:
    if isinstance(value, dict) and (value or not prefix) and depth < 4:
        out: dict[str, Any] = {}
        for key, inner in value.items():
            out.update(_flatten(inner, f"{prefix}.{key}" if prefix else str(key), depth + 1))
        return out
    return {prefix or "(the whole message)": value}


def payload_diff(before: str | None, after: str | None) -> list[str]:
    """How the message changed from one hop to the next, a line a change: `+ key: value`,
    `- key`, `~ key: old → new`; an SNS envelope said as such."""
    if after is None:
        return ["the message is not known here"] if before is not None else []
    if before is None:
        return []
    if before == after:
        return ["unchanged"]
    old, new = _load(before), _load(after)
    lines: list[str] = []
    if isinstance(new, dict) and new.get("Type") == "Notification" and "Message" in new:
        lines.append("wrapped in the SNS envelope: Message holds the message as a string"
                     + ("" if new.get("Message") == before else ", changed"))
        new = _load(str(new.get("Message")))
    part = _part_of(old, new)
    if part:
        lines.append(f"the part at {printable(part)} of it (the rest left behind)")
    elif isinstance(old, dict) and isinstance(new, dict):
        was, now = _flatten(old), _flatten(new)
        for key in now:
            if key not in was:
                lines.append(f"+ {printable(key)}: {_short(now[key])}")
            elif was[key] != now[key]:
                lines.append(f"~ {printable(key)}: {_short(was[key])} → {_short(now[key])}")
        lines += [f"- {printable(key)}" for key in was if key not in now]
        if not lines:
            lines.append("the same fields and values (written out again)")
    elif old != new:
        lines += [f"was: {_short(old)}", f"now: {_short(new)}"]
    if len(lines) > MAX_DIFF_LINES:
        lines = [*lines[:MAX_DIFF_LINES - 1], f"… {len(lines) - MAX_DIFF_LINES + 1} more"]
    return lines


def _part_of(old: Any, new: Any, path: str = "", depth: int = 0) -> str:
    """The path inside `old` that holds `new` (a state's MessageBody.$ of `$.detail`)."""
    if not isinstance(old, dict) or not isinstance(new, dict) or not new or depth > 4:
        return ""
    for key, inner in old.items():
        here = f"{path}.{key}" if path else str(key)
        if inner == new:
            return here
        found = _part_of(inner, new, here, depth + 1)
        if found:
            return found
    return ""


def hop_detail(hop: Hop, *, times: bool = True) -> list[str]:
    """Everything about one hop: its line, the wire, why, the payload and how it changed."""
    lines = [hop_line(hop, times=times)]
    if hop.via is not None:
        lines.append(printable(f"  along: {hop.via.label}" + (
            f" ({hop.via.detail})" if hop.via.detail else "")))
    for line in hop.explanation.splitlines():
        lines.append(printable(f"  {line}"))
    diff = payload_diff(hop.before, hop.payload)
    if diff:
        lines.append("  changed on the way:")
        lines += [f"    {line}" for line in diff]
    if hop.payload is not None:
        lines.append(f"  payload: {printable(hop.payload)[:500]}")
    return lines


def summarize(trace: Trace, outcome: Outcome, reason: str) -> Summary:
    entry = trace.hops[0].title if trace.hops else trace.entry_name
    summary = Summary(trace.trace_id, entry, outcome, reason, hops=len(trace.hops))
    for hop in trace.hops:
        first = hop.explanation.splitlines()[0] if hop.explanation else ""
        if hop.status == "reached" and hop.title not in summary.reached:
            summary.reached.append(hop.title)
        elif hop.status == "stopped":
            summary.stopped.append(printable(f"{hop.title}: {hop.what}"
                                             + (f" ({first})" if first else "")))
        elif hop.status == "note":
            summary.notes.append(printable(f"{hop.title}: {hop.what}"
                                           + (f" ({first})" if first else "")))
    summary.waiting = [printable(w.waiting) for w in trace.watches if w.required]
    summary.notes += [printable(f"not seen (it may not happen): {w.waiting}")
                      for w in trace.watches if not w.required]
    for name in ("stopped", "waiting", "notes"):  # the same line twice says nothing more
        setattr(summary, name, list(dict.fromkeys(getattr(summary, name))))
    return summary


def summary_lines(summary: Summary) -> list[str]:
    head = {"complete": "trace complete", "quiet": "trace ended: nothing new",
            "stopped": "trace stopped", "failed": "trace failed"}[summary.outcome]
    lines = [printable(f"{head} ({summary.trace_id}, {summary.hops} hops): {summary.reason}")]
    if summary.reached:
        lines.append(printable("went to: " + " → ".join(summary.reached)))
    lines += [f"stopped at {line}" for line in summary.stopped]
    lines += [printable(f"waiting on {line}") for line in summary.waiting]
    lines += [f"note: {line}" for line in summary.notes]
    return lines
