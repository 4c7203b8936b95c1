"""Leaf conditions: one entry of a pattern's value array, e.g. ``{"prefix": "us-"}``.

Each condition knows how to describe itself in words and how to test a value. The
semantics follow Event Ruler (github.com/aws/event-ruler), the open-source engine
behind EventBridge and SNS filtering, as documented in
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
and https://docs.aws.amazon.com/sns/latest/dg/string-value-matching.html.
"""

from __future__ import annotations

import ipaddress
from abc import ABC, abstractmethod
from dataclasses import dataclass
from decimal import Decimal

from playground.patterns.json_input import printable
from playground.patterns.values import Leaf, Scalar, format_number, render


@dataclass(frozen=True)
class MatchContext:
    """Per-message facts that change how ``exists`` behaves.

    SNS: ``"exists": true`` needs "a non-null and non-empty value", and
    ``"exists": false`` "only matches if at least one attribute is present"
    (https://docs.aws.amazon.com/sns/latest/dg/attribute-key-matching.html).
    """

    exists_needs_value: bool = False
    empty_message: bool = False


class Condition(ABC):
    """One way a field can match."""

    @property
    @abstractmethod
    def describe(self) -> str:
        """The condition in words, e.g. ``prefix "prod-"``."""

    @abstractmethod
    def holds(self, leaf: Leaf, ctx: MatchContext) -> bool:
        """Does the event's leaf satisfy this condition?"""


class ValueCondition(Condition):
    """A condition on values: the field matches if any of its values passes."""

    @abstractmethod
    def test(self, value: Scalar) -> bool:
        """Does a single scalar pass?"""

    def holds(self, leaf: Leaf, ctx: MatchContext) -> bool:
        return any(self.test(v) for v in leaf.values)


def same_value(a: Scalar, b: Scalar) -> bool:
    """JSON-typed equality: ``"5"`` is not ``5`` and ``true`` is not ``1``."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a == b
    return type(a) is type(b) and a == b


@dataclass(frozen=True)
class Exact(ValueCondition):
    """A bare value in the array: ``"running"``, ``42``, ``true``, ``null``."""

    value: Scalar

    @property
    def describe(self) -> str:
        return render(self.value)

    def test(self, value: Scalar) -> bool:
        return same_value(self.value, value)


def _case_note(ignore_case: bool) -> str:
    return " (ignoring case)" if ignore_case else ""


@dataclass(frozen=True)
class Prefix(ValueCondition):
    """``{"prefix": "us-"}`` or ``{"prefix": {"equals-ignore-case": "us-"}}``."""

    text: str
    ignore_case: bool = False

    @property
    def describe(self) -> str:
        return f"prefix {render(self.text)}{_case_note(self.ignore_case)}"

    def test(self, value: Scalar) -> bool:
        if not isinstance(value, str):
            return False
        if self.ignore_case:
            return value.lower().startswith(self.text.lower())
        return value.startswith(self.text)


@dataclass(frozen=True)
class Suffix(ValueCondition):
    """``{"suffix": ".png"}`` or ``{"suffix": {"equals-ignore-case": ".png"}}``."""

    text: str
    ignore_case: bool = False

    @property
    def describe(self) -> str:
        return f"suffix {render(self.text)}{_case_note(self.ignore_case)}"

    def test(self, value: Scalar) -> bool:
        if not isinstance(value, str):
            return False
        if self.ignore_case:
            return value.lower().endswith(self.text.lower())
        return value.endswith(self.text)


@dataclass(frozen=True)
class EqualsIgnoreCase(ValueCondition):
    """``{"equals-ignore-case": "alice"}`` — strings only."""

    text: str

    @property
    def describe(self) -> str:
        return f"equals {render(self.text)} (ignoring case)"

    def test(self, value: Scalar) -> bool:
        return isinstance(value, str) and value.lower() == self.text.lower()


@dataclass(frozen=True)
class Wildcard(ValueCondition):
    """``{"wildcard": "*/lib/*"}``: ``*`` matches zero or more characters.

    ``parts`` are the literal pieces between the stars (escapes resolved), so
    ``"a*b*c"`` is ``("a", "b", "c")``. Matching is greedy and left to right, as for
    any star-only glob: the first piece is a prefix, the last a suffix, and each piece
    between is found at its leftmost place after the one before. That costs at most
    len(value) x len(pattern) (a regex with several ``.*`` backtracks exponentially on
    values like ``"aaaa...a"``); Event Ruler, too, matches wildcards with a
    finite-state machine, not by backtracking.
    """

    source: str
    parts: tuple[str, ...]

    @property
    def describe(self) -> str:
        return f"wildcard {render(self.source)}"

    def test(self, value: Scalar) -> bool:
        return isinstance(value, str) and glob_match(self.parts, value)


def glob_match(parts: tuple[str, ...], value: str) -> bool:
    """Does ``value`` match the literal ``parts`` with a star between each two?"""
    if len(parts) == 1:
        return value == parts[0]
    first, *middle, last = parts
    if len(value) < len(first) + len(last) or not value.startswith(first) or not value.endswith(last):
        return False
    position, end = len(first), len(value) - len(last)
    for piece in middle:
        found = value.find(piece, position, end)
        if found < 0:
            return False
        position = found + len(piece)
    return True


def compile_wildcard(source: str) -> tuple[tuple[str, ...], int]:
    """Split a wildcard into its literal parts, enforcing Event Ruler's escape rules.

    From the event-ruler README ("Wildcard matching") and its WildcardParser:
    consecutive ``*`` are not allowed; ``\\*`` is a literal asterisk, ``\\\\`` a
    literal backslash, and a backslash before anything else is an error.
    Returns the parts and the number of wildcard characters.
    """
    parts: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(source):
        ch = source[i]
        if ch == "*":
            if i + 1 < len(source) and source[i + 1] == "*":
                raise ValueError(f"has consecutive wildcard characters at character {i + 1}")
            parts.append("".join(current))
            current = []
        elif ch == "\\":
            nxt = source[i + 1] if i + 1 < len(source) else ""
            if nxt not in ("*", "\\"):
                raise ValueError(
                    f"has an invalid escape at character {i + 1}: only \\* and \\\\ may be escaped"
                )
            current.append(nxt)
            i += 1
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return tuple(parts), len(parts) - 1


@dataclass(frozen=True)
class Numeric(ValueCondition):
    """``{"numeric": [">", 0, "<=", 5]}`` — JSON numbers only, never numeric strings.

    ``limit`` is the service's numeric range (EventBridge ±5e9, SNS ±1e9, see
    operators.py). A value outside it never matches a numeric condition: Event Ruler
    turns a number into its comparable form only inside that range and otherwise
    skips the numeric comparison ("couldn't treat this as a sensible number",
    event-ruler ByteMachine.transitionOn, ComparableNumber.generate).
    """

    terms: tuple[tuple[str, Decimal], ...]
    limit: Decimal = Decimal("5e9")

    @property
    def describe(self) -> str:
        words = [f"{op} {format_number(num)}" for op, num in self.terms]
        return "numeric " + " and ".join(words)

    def test(self, value: Scalar) -> bool:
        if not isinstance(value, Decimal) or self.out_of_range(value):
            return False
        return all(_compare(value, op, num) for op, num in self.terms)

    def out_of_range(self, value: Scalar) -> bool:
        """A number this service does not compare numerically."""
        return isinstance(value, Decimal) and (not value.is_finite() or value.copy_abs() > self.limit)


def _compare(value: Decimal, op: str, num: Decimal) -> bool:
    if op == "=":
        return value == num
    if op == "<":
        return value < num
    if op == "<=":
        return value <= num
    if op == ">":
        return value > num
    return value >= num


@dataclass(frozen=True)
class Cidr(ValueCondition):
    """``{"cidr": "10.0.0.0/24"}`` — the value must be an IP string inside the block."""

    source: str
    network: ipaddress.IPv4Network | ipaddress.IPv6Network

    @property
    def describe(self) -> str:
        return f"IP address in {printable(self.source)}"

    def test(self, value: Scalar) -> bool:
        if not isinstance(value, str):
            return False
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            return False
        return address.version == self.network.version and address in self.network


@dataclass(frozen=True)
class Exists(Condition):
    """``{"exists": true}`` / ``{"exists": false}`` — only leaves count as existing."""

    flag: bool

    @property
    def describe(self) -> str:
        return "exists" if self.flag else "does not exist"

    def holds(self, leaf: Leaf, ctx: MatchContext) -> bool:
        if ctx.exists_needs_value:
            present = any(v is not None and v != "" for v in leaf.values)
        else:
            present = bool(leaf.values)
        if self.flag:
            return present
        return not present and not ctx.empty_message


@dataclass(frozen=True)
class AnythingBut(ValueCondition):
    """``{"anything-but": ...}``: the field exists and some value fails every inner test.

    A missing field never matches anything-but; a ``null`` or a number does match a
    string anything-but (EventBridge TestEventPattern behaviour). Pair it with
    ``{"exists": false}`` to also accept a missing field.
    """

    inner: tuple[ValueCondition, ...]
    label: str

    @property
    def describe(self) -> str:
        return f"anything but {self.label}"

    def test(self, value: Scalar) -> bool:
        return not any(c.test(value) for c in self.inner)


def describe_all(conditions: tuple[Condition, ...]) -> str:
    """Describe a field's array: exact values read ``one of "a", "b"``."""
    if all(isinstance(c, Exact) for c in conditions):
        return "one of " + ", ".join(c.describe for c in conditions)
    return " or ".join(c.describe for c in conditions)
