"""Turn a pattern/policy JSON object into a tree of field rules and ``$or`` groups.

The tree keeps the author's structure so explanations can follow it: an
:class:`AndGroup` holds field rules (all must match) and :class:`OrGroup` s (one
alternative must match). Structural rules follow event-ruler's JsonRuleCompiler:
a pattern is a non-empty JSON object; every key maps to an object or an array;
arrays are non-empty; ``$or`` holds at least two objects.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from playground.patterns.conditions import Condition, MatchContext, describe_all
from playground.patterns.errors import PatternError
from playground.patterns.json_input import JsonLimitError, check_json, parse_json, printable
from playground.patterns.operators import RESERVED_IN_OR, Dialect, parse_value_array
from playground.patterns.values import Leaf, Path


@dataclass(frozen=True)
class FieldRule:
    """One leaf key of the pattern and its array of conditions (any may match)."""

    path: Path
    conditions: tuple[Condition, ...]

    @property
    def name(self) -> str:
        return printable(".".join(self.path))

    @property
    def expected(self) -> str:
        return describe_all(self.conditions)

    def holds(self, leaf: Leaf, ctx: MatchContext) -> bool:
        """Does the value at this field satisfy any of the field's conditions?"""
        return any(c.holds(leaf, ctx) for c in self.conditions)


@dataclass(frozen=True)
class OrGroup:
    """A ``$or`` array: at least one alternative must match."""

    path: Path
    alternatives: tuple[AndGroup, ...]

    @property
    def name(self) -> str:
        return printable(".".join((*self.path, "$or")))


@dataclass(frozen=True)
class AndGroup:
    """Items that must all match."""

    items: tuple[FieldRule | OrGroup, ...]

    def leaf_paths(self) -> set[Path]:
        """Every field path used anywhere below this group."""
        paths: set[Path] = set()
        for item in self.items:
            if isinstance(item, FieldRule):
                paths.add(item.path)
            else:
                for alt in item.alternatives:
                    paths |= alt.leaf_paths()
        return paths


@dataclass(frozen=True)
class Options:
    """Structural switches that differ between EventBridge and the SNS scopes."""

    dialect: Dialect
    allow_nesting: bool = True
    allow_empty: bool = False
    or_fallback_to_key: bool = False
    nesting_hint: str = ""


def load_json_object(source: str | Mapping[str, Any], what: str) -> dict[str, Any]:
    """Parse a pattern given as text (into plain JSON types, so callers can dump it
    again, e.g. for PutRule) or take a dict as is."""
    try:
        if isinstance(source, str):
            parsed = parse_json(source)
        else:
            check_json(source)
            parsed = source
    except JsonLimitError as exc:
        raise PatternError("", f"{what} {exc}") from None
    except ValueError as exc:
        raise PatternError("", f"{what} is not valid JSON: {exc}") from None
    if not isinstance(parsed, Mapping):
        raise PatternError("", f'{what} must be a JSON object, such as {{"source": ["aws.ec2"]}}')
    return dict(parsed)


def compile_pattern(pattern: Mapping[str, Any], options: Options) -> AndGroup:
    """Validate and compile; raises PatternError naming the offending path."""
    try:
        check_json(pattern)
    except JsonLimitError as exc:
        raise PatternError("", f"the pattern {exc}") from None
    if not pattern:
        if options.allow_empty:
            return AndGroup(())
        raise PatternError("", "the pattern is empty; name at least one field to match")
    return _compile_object(pattern, (), options)


def _compile_object(obj: Mapping[str, Any], prefix: Path, options: Options) -> AndGroup:
    items: list[FieldRule | OrGroup] = []
    for raw_key, value in obj.items():
        key = str(raw_key)
        if key == "$or" and _is_or(value, options):
            items.append(_compile_or(value, prefix, options))
            continue
        path = (*prefix, key)
        name = ".".join(path)
        if isinstance(value, Mapping):
            if not options.allow_nesting:
                raise PatternError(name, options.nesting_hint or "nested objects are not allowed")
            if not value:
                raise PatternError(name, "empty objects are not allowed")
            items.extend(_compile_object(value, path, options).items)
        elif isinstance(value, list):
            items.append(FieldRule(path, parse_value_array(value, name, options.dialect)))
        else:
            raise PatternError(
                name, f'must be an object or an array, e.g. "{key}": [{json.dumps(value, default=str)}]'
            )
    return AndGroup(tuple(items))


def _is_or(value: object, options: Options) -> bool:
    """SNS treats a malformed "$or" as an ordinary attribute name ("OR operator",
    https://docs.aws.amazon.com/sns/latest/dg/and-or-logic.html); EventBridge's
    compiler always reads "$or" as the operator and rejects misuse."""
    if not options.or_fallback_to_key:
        return True
    return (
        isinstance(value, list)
        and len(value) >= 2
        and all(isinstance(v, Mapping) for v in value)
        and not any(k in RESERVED_IN_OR for v in value for k in v)
    )


def _compile_or(value: object, prefix: Path, options: Options) -> OrGroup:
    name = ".".join((*prefix, "$or"))
    if not isinstance(value, list):
        raise PatternError(name, "$or must be an array of at least 2 objects")
    if len(value) < 2:
        raise PatternError(name, "$or needs at least 2 alternatives (objects)")
    alternatives: list[AndGroup] = []
    for alt in value:
        if not isinstance(alt, Mapping):
            raise PatternError(name, "every $or alternative must be an object")
        if not alt:
            raise PatternError(name, "empty objects are not allowed in $or")
        reserved = sorted(k for k in alt if k in RESERVED_IN_OR)
        if reserved:
            raise PatternError(
                name, f'"{reserved[0]}" is a reserved operator name and cannot be a field inside $or'
            )
        alternatives.append(_compile_object(alt, prefix, options))
    return OrGroup(prefix, tuple(alternatives))


def combinations(group: AndGroup) -> int:
    """SNS "total combination" of a policy.

    Per https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html
    each key contributes (number of values x nesting level), multiplied together; per
    https://docs.aws.amazon.com/sns/latest/dg/and-or-logic.html a policy with "$or"
    sums the products of each OR alternative. Products distribute over sums, so an
    AND group is the product of its keys' factors and of each "$or" group's sum.
    """
    total = 1
    for item in group.items:
        if isinstance(item, FieldRule):
            total *= len(item.conditions) * len(item.path)
        else:
            total *= sum(combinations(alt) for alt in item.alternatives)
    return total


def key_count(group: AndGroup) -> int:
    """Leaf keys in the largest single OR alternative (what one message must carry)."""
    keys = sum(1 for item in group.items if isinstance(item, FieldRule))
    for item in group.items:
        if isinstance(item, OrGroup):
            keys += max(key_count(alt) for alt in item.alternatives)
    return keys
