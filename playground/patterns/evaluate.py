"""Run a compiled pattern against flattened rows and collect reasons.

A pattern matches when some row (one combination of array-of-object elements)
satisfies every field and, for each ``$or``, at least one alternative. When nothing
matches we explain the row that came closest, so the reasons point at the real gap.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.patterns.compiler import AndGroup, FieldRule, OrGroup
from playground.patterns.conditions import Exists, MatchContext
from playground.patterns.model import FieldReason
from playground.patterns.values import MISSING, Leaf, Row


@dataclass(frozen=True)
class Outcome:
    """The verdict plus the reasons and the top-level items that failed."""

    matched: bool
    reasons: tuple[FieldReason, ...]
    failed: tuple[str, ...]
    checked: int

    @property
    def score(self) -> int:
        return sum(1 for r in self.reasons if r.matched)


def evaluate(group: AndGroup, rows: list[Row], ctx: MatchContext) -> Outcome:
    """First matching row wins; otherwise the row with the most matching fields."""
    best: Outcome | None = None
    for row in rows or [{}]:
        outcome = _evaluate_group(group, row, ctx, branch="")
        if outcome.matched:
            return outcome
        if best is None or outcome.score > best.score:
            best = outcome
    assert best is not None
    return best


def _evaluate_group(group: AndGroup, row: Row, ctx: MatchContext, branch: str) -> Outcome:
    reasons: list[FieldReason] = []
    failed: list[str] = []
    for item in group.items:
        if isinstance(item, FieldRule):
            reason = _field_reason(item, row.get(item.path, MISSING), ctx, branch)
            reasons.append(reason)
            if not reason.matched:
                failed.append(item.name)
        else:
            ok, group_reasons = _or_reasons(item, row, ctx, branch)
            reasons.extend(group_reasons)
            if not ok:
                failed.append(item.name)
    return Outcome(not failed, tuple(reasons), tuple(failed), len(group.items))


def _field_reason(rule: FieldRule, leaf: Leaf, ctx: MatchContext, branch: str) -> FieldReason:
    matched = any(c.holds(leaf, ctx) for c in rule.conditions)
    actual = leaf.render()
    if (
        ctx.empty_message
        and leaf.shape == "missing"
        and any(isinstance(c, Exists) and not c.flag for c in rule.conditions)
    ):
        actual = "no message attributes at all"
    return FieldReason(rule.name, matched, rule.expected, actual, branch)


def _or_reasons(group: OrGroup, row: Row, ctx: MatchContext, branch: str) -> tuple[bool, list[FieldReason]]:
    total = len(group.alternatives)
    winners: list[int] = []
    nested: list[FieldReason] = []
    for index, alt in enumerate(group.alternatives, start=1):
        label = f"alt {index}/{total}"
        alt_branch = f"{branch} › {label}" if branch else label
        outcome = _evaluate_group(alt, row, ctx, alt_branch)
        if outcome.matched:
            winners.append(index)
        nested.extend(outcome.reasons)
    listed = ", ".join(f"alt {i}" for i in winners)
    actual = f"{listed} matched" if winners else "no alternative matched"
    head = FieldReason(group.name, bool(winners), f"at least one of {total} alternatives", actual, branch)
    return bool(winners), [head, *nested]
