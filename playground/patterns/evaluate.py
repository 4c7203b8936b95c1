"""Run a compiled pattern against an event (or flattened rows) and collect reasons.

A pattern matches when some row (one choice of element per array of objects) satisfies
every field and, for each ``$or``, at least one alternative. The reasons explain the row
that matched, or the one that came closest, so they point at the real gap.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from playground.patterns.arrays import ElementSearch
from playground.patterns.compiler import AndGroup, FieldRule, OrGroup
from playground.patterns.conditions import Exists, MatchContext, Numeric
from playground.patterns.model import FieldReason
from playground.patterns.values import MISSING, Leaf, Row, format_number


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


def evaluate_document(group: AndGroup, document: Mapping[str, Any], ctx: MatchContext, size: int) -> Outcome:
    """Match a parsed event or message body (``size``: how many values it holds, for the
    search budget); arrays of objects are searched, not enumerated (see arrays.py)."""
    search = ElementSearch(document, ctx, size)
    found = search.satisfying(group)
    choices = found if found is not None else search.closest(group)
    outcome = _evaluate_group(group, search.row(group.leaf_paths(), choices), ctx, branch="")
    if outcome.matched != (found is not None):
        raise RuntimeError("the element search and the explanation disagree; please report this")
    return outcome


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
    matched = rule.holds(leaf, ctx)
    actual = leaf.render()
    if not matched:
        actual += _numeric_range_note(rule, leaf)
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


def _numeric_range_note(rule: FieldRule, leaf: Leaf) -> str:
    """Say why a number failed a numeric condition it seems to satisfy: it lies outside
    the range the service compares numerically."""
    for cond in rule.conditions:
        if isinstance(cond, Numeric) and any(cond.out_of_range(v) for v in leaf.values):
            bound = format_number(cond.limit)
            return f" (outside -{bound} to {bound}, where numeric matching works)"
    return ""
