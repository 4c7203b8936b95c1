"""SNS subscription filter policies: validate them and test them against messages.

Sources (Amazon SNS Developer Guide): "Filter policy constraints"
(subscription-filter-policy-constraints.html), "AND/OR logic" (and-or-logic.html),
"Key matching" (attribute-key-matching.html), "String value matching" and "Numeric
value matching". Each limit below says which page it comes from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any

from playground.patterns.compiler import (
    AndGroup,
    FieldRule,
    Options,
    combinations,
    compile_pattern,
    key_count,
    load_json_object,
)
from playground.patterns.conditions import AnythingBut, MatchContext, Wildcard, compile_wildcard
from playground.patterns.errors import EventError, PatternError
from playground.patterns.evaluate import evaluate, evaluate_document
from playground.patterns.json_input import JsonLimitError, check_json, parse_json
from playground.patterns.model import MatchResult
from playground.patterns.operators import SNS
from playground.patterns.values import (
    Leaf,
    Row,
    Scalar,
    is_number,
    render,
    to_decimal,
    to_scalar,
)

SCOPES = ("MessageAttributes", "MessageBody")

# "Filter policy constraints": "A filter policy can have a maximum of five keys";
# for payload-based (MessageBody) policies "only leaf keys are counted".
MAX_KEYS = 5
# "Filter policy constraints": "The total combination of values in a filter policy
# must not exceed 150."
MAX_COMBINATIONS = 150
# "Filter policy constraints": "The maximum size of a filter policy is 256 KB."
MAX_POLICY_BYTES = 256 * 1024
# "Filter policy constraints", wildcard guidelines: "Total wildcard complexity across
# all fields must not exceed 100 points".
MAX_WILDCARD_COMPLEXITY = 100

_ATTRIBUTE_OPTIONS = Options(
    dialect=SNS,
    allow_nesting=False,
    allow_empty=True,
    or_fallback_to_key=True,
    # "Amazon SNS doesn't accept a nested filter policy for attribute-based filtering."
    nesting_hint="the MessageAttributes scope does not accept nested filter policies; "
    "use the MessageBody scope to filter on nested properties",
)
_BODY_OPTIONS = Options(dialect=SNS, allow_nesting=True, allow_empty=True, or_fallback_to_key=True)


def validate_filter_policy(
    policy: str | Mapping[str, Any], scope: str = "MessageAttributes"
) -> dict[str, Any]:
    """Return the parsed policy, or raise PatternError naming the field and rule."""
    parsed, _ = _compile(policy, scope)
    return parsed


def match_filter_policy(
    policy: str | Mapping[str, Any],
    *,
    message_attributes: Mapping[str, Mapping[str, Any]] | None = None,
    message_body: str | None = None,
    scope: str = "MessageAttributes",
) -> MatchResult:
    """Would a subscription with this policy receive the message?

    ``message_attributes`` use the SNS Publish shape,
    ``{"price": {"DataType": "Number", "StringValue": "42"}}``. With
    ``scope="MessageBody"`` the policy applies to ``message_body`` parsed as JSON.
    """
    _, group = _compile(policy, scope)
    if not group.items:
        return MatchResult(True, (), "Delivered: the filter policy is empty, so every message is accepted.")
    if scope == "MessageAttributes":
        attributes = _load_attributes(message_attributes)
        rows: list[Row] = [_attribute_row(attributes, group)]
        ctx = MatchContext(exists_needs_value=True, empty_message=not attributes)
        outcome = evaluate(group, rows, ctx)
    else:
        loaded = _load_body(message_body)
        if loaded is None:
            return _not_json(group)
        document, size = loaded
        outcome = evaluate_document(group, document, MatchContext(exists_needs_value=True), size)
    plural = "s" if outcome.checked != 1 else ""
    if outcome.matched:
        summary = (
            f"Delivered: the message satisfies all {outcome.checked} condition{plural} of the filter policy."
        )
    else:
        summary = (
            f"Filtered out: {len(outcome.failed)} of {outcome.checked} condition{plural} "
            f"failed ({', '.join(outcome.failed)})."
        )
    return MatchResult(outcome.matched, outcome.reasons, summary)


def _compile(policy: str | Mapping[str, Any], scope: str) -> tuple[dict[str, Any], AndGroup]:
    if scope not in SCOPES:
        raise ValueError(f"scope must be MessageAttributes or MessageBody, not {scope!r}")
    if isinstance(policy, str) and len(policy.encode("utf-8", "surrogatepass")) > MAX_POLICY_BYTES:
        raise PatternError("", "the filter policy is larger than SNS's 256 KB limit")
    parsed = load_json_object(policy, "the filter policy")
    options = _ATTRIBUTE_OPTIONS if scope == "MessageAttributes" else _BODY_OPTIONS
    group = compile_pattern(parsed, options)
    keys = key_count(group)
    if keys > MAX_KEYS:
        counted = "keys" if scope == "MessageAttributes" else "leaf keys"
        raise PatternError("", f"the filter policy uses {keys} {counted}; SNS allows at most {MAX_KEYS}")
    total = combinations(group)
    if total > MAX_COMBINATIONS:
        raise PatternError(
            "",
            f"the filter policy is too complex: {total} combinations, SNS "
            f"allows at most {MAX_COMBINATIONS} (values per key x nesting "
            "level, multiplied across keys; $or alternatives add up)",
        )
    complexity = wildcard_complexity(group)
    if complexity > MAX_WILDCARD_COMPLEXITY:
        raise PatternError(
            "",
            f"the filter policy's wildcard complexity is {complexity}; SNS "
            f"allows at most {MAX_WILDCARD_COMPLEXITY}",
        )
    return parsed, group


def wildcard_complexity(group: AndGroup) -> int:
    """SNS wildcard points ("Filter policy constraints", wildcard guidelines): a
    pattern with one wildcard is 1 point, with several 3 points per wildcard, an
    anything-but 1 point; a field scores (sum of points) x (number of patterns)."""
    total = 0
    for item in group.items:
        if not isinstance(item, FieldRule):
            total += sum(wildcard_complexity(alt) for alt in item.alternatives)
            continue
        points = 0
        has_wildcard = False
        for cond in item.conditions:
            wildcards = [cond] if isinstance(cond, Wildcard) else []
            if isinstance(cond, AnythingBut):
                points += 1
                wildcards = [c for c in cond.inner if isinstance(c, Wildcard)]
            for wc in wildcards:
                has_wildcard = True
                stars = compile_wildcard(wc.source)[1]
                points += 1 if stars <= 1 else 3 * stars
        if has_wildcard:
            total += points * len(item.conditions)
    return total


def _attribute_row(attributes: Mapping[str, Any], group: AndGroup) -> Row:
    row: Row = {}
    for path in group.leaf_paths():
        name = path[0]
        if name in attributes:
            row[path] = attribute_leaf(name, attributes[name])
    return row


def attribute_leaf(name: str, attribute: object) -> Leaf:
    """An SNS message attribute as matchable values.

    "Amazon SNS ignores message attributes with the Binary data type" ("Filter policy
    constraints"), so a Binary attribute behaves as if absent. For String.Array "each
    element in the array is treated as a separate string for matching purposes"
    ("String value matching"); Number values compare numerically ("Numeric value
    matching"). Custom type labels such as ``Number.float`` use their base type.
    """
    if not isinstance(attribute, Mapping):
        raise EventError(
            f"message attribute {name} must be an object such as "
            '{"DataType": "String", "StringValue": "..."}'
        )
    data_type = attribute.get("DataType", attribute.get("Type"))
    if not isinstance(data_type, str):
        raise EventError(f"message attribute {name} needs a DataType")
    raw = attribute.get("StringValue", attribute.get("Value"))
    base = data_type.split(".", 1)[0]
    if base == "Binary":
        return Leaf("missing", note="a Binary attribute (SNS ignores Binary attributes)")
    if data_type == "String.Array":
        return Leaf("array", _array_values(name, raw))
    if base == "String" and isinstance(raw, str):
        return Leaf("scalar", (raw,))
    if base == "Number":
        return Leaf("scalar", (_number(name, raw),))
    raise EventError(
        f"message attribute {name} has unsupported DataType {data_type!r} or a missing StringValue"
    )


def _number(name: str, raw: object) -> Decimal:
    """A Number attribute's value. SNS compares it numerically only within its numeric
    range (see operators.SNS); outside that range numeric conditions do not match."""
    if is_number(raw):
        return to_decimal(raw)
    try:
        number = Decimal(str(raw).strip()) if isinstance(raw, str) else Decimal("NaN")
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise EventError(
            f"message attribute {name} is a Number but {render(raw)} is not a number (or is out of range)"
        )
    return number


def _array_values(name: str, raw: object) -> tuple[Scalar, ...]:
    try:
        items = parse_json(raw, decimals=True) if isinstance(raw, str) else None
    except JsonLimitError as exc:
        raise EventError(f"message attribute {name} {exc}") from None
    except ValueError:
        items = None
    if not isinstance(items, list):
        raise EventError(
            f'message attribute {name} is a String.Array but its value is not a JSON array such as ["a", "b"]'
        )
    return tuple(to_scalar(v) for v in items if not isinstance(v, dict | list))


def _load_attributes(attributes: Mapping[str, Any] | None) -> dict[str, Any]:
    try:
        check_json(attributes)
    except JsonLimitError as exc:
        raise EventError(f"the message attributes {exc}") from None
    return dict(attributes or {})


def _load_body(body: str | None) -> tuple[Mapping[str, Any], int] | None:
    """Payload filtering needs a JSON object body; anything else cannot match. A body
    the matcher cannot read (too deep, see json_input.py) is an EventError."""
    if body is None:
        return None
    try:
        parsed = parse_json(body, decimals=True)
    except JsonLimitError as exc:
        raise EventError(f"the message body {exc}") from None
    except ValueError:
        return None
    return (parsed, check_json(parsed)) if isinstance(parsed, Mapping) else None


def _not_json(group: AndGroup) -> MatchResult:
    outcome = evaluate(group, [{}], MatchContext(exists_needs_value=True))
    reasons = tuple(
        replace(r, matched=False, actual="nothing (the body is not a JSON object)") for r in outcome.reasons
    )
    return MatchResult(
        False,
        reasons,
        "Filtered out: the message body is not a JSON object, "
        "so a MessageBody filter policy cannot match it.",
    )
