"""Reading JSON that a user typed: nesting depth, numbers no matcher can hold, lone surrogates.

Everything here answers with a ``JsonLimitError`` (a ValueError with a sentence) instead of a
RecursionError, a decimal trap or an encoding error deep inside a matcher.

Nesting: neither EventBridge nor SNS documents a depth limit; both limit size (an event
pattern is at most 4,096 characters, a PutEvents entry under 1 MB, a filter policy 256 KB).
The playground sets its own limit, ``MAX_DEPTH`` = 100 nested objects/arrays, for patterns,
policies, events and message bodies alike: deep enough for any real event (AWS events
nest a handful of levels), shallow enough that every walk over the value stays far from
Python's recursion limit. It is checked without recursion before anything recurses.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

MAX_DEPTH = 100
"""Most objects/arrays nested inside each other that a pattern, policy or event may have."""

MAX_INT_DIGITS = 4300
"""Python's default limit on int <-> text conversion (sys.get_int_max_str_digits())."""
_INT_LIMIT = 10**MAX_INT_DIGITS

_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


class JsonLimitError(ValueError):
    """JSON that parses but cannot be matched; the text reads after "the event ...",
    e.g. ``is nested more than 100 levels deep``."""


class TooDeep(JsonLimitError):
    """Nested more than ``MAX_DEPTH`` objects/arrays."""

    def __init__(self, limit: int = MAX_DEPTH) -> None:
        self.limit = limit
        super().__init__(
            f"is nested more than {limit} levels deep (objects and arrays inside each other); "
            f"the playground reads at most {limit}"
        )


def parse_json(text: str, *, decimals: bool = False) -> Any:
    """``json.loads`` for user input, raising ValueError with a short message.

    Refuses NaN/Infinity (not JSON), numbers no float or Decimal can hold, and nesting
    deeper than ``MAX_DEPTH`` (JsonLimitError). With ``decimals`` every number is a Decimal,
    kept exact; otherwise integers are ints and fractions floats.
    """
    try:
        value = json.loads(
            text,
            parse_float=_decimal if decimals else _float,
            parse_int=_decimal if decimals else _int,
            parse_constant=_reject_constant,
        )
    except RecursionError:
        raise TooDeep() from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{exc.msg} at line {exc.lineno} column {exc.colno}") from None
    check_json(value)
    return value


def check_json(value: object, limit: int = MAX_DEPTH) -> int:
    """Raise JsonLimitError if ``value`` nests deeper than ``limit`` or holds a number JSON
    cannot express (NaN, infinity); else return how many values it holds. Iterative, so a
    cycle or a deep value cannot recurse."""
    stack: list[tuple[object, int]] = [(value, 0)]
    count = 0
    while stack:
        node, depth = stack.pop()
        count += 1
        kind = type(node)
        if kind is str or node is None or kind is bool:
            continue
        if kind is int:
            if not -_INT_LIMIT < node < _INT_LIMIT:
                raise JsonLimitError(f"holds an integer of more than {MAX_INT_DIGITS:,} digits")
            continue
        if kind is dict or isinstance(node, Mapping):
            children: Any = node.values()  # type: ignore[attr-defined]
        elif kind is list or isinstance(node, tuple):
            children = node
        else:
            if isinstance(node, int) and not isinstance(node, bool) and abs(node) >= _INT_LIMIT:
                raise JsonLimitError(f"holds an integer of more than {MAX_INT_DIGITS:,} digits")
            if isinstance(node, float) and not math.isfinite(node):
                raise JsonLimitError(f"holds {node}, which is not a JSON number")
            if isinstance(node, Decimal) and not node.is_finite():
                raise JsonLimitError(f"holds {node}, which is not a JSON number")
            continue
        if depth >= limit:
            raise TooDeep(limit)
        stack.extend((child, depth + 1) for child in children)
    return count


def printable(text: str) -> str:
    """``text`` safe to print on one line: lone surrogates (``"\\ud800"`` in JSON), which
    no terminal encoding accepts, and control or line-breaking characters are written as
    their JSON escapes (``\\ud800``, ``\\n``)."""
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _SHORT_ESCAPES.get(char) or f"\\u{ord(char):04x}"


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON value")


def _shorten(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:12]}…{text[-8:]}"


def _decimal(text: str) -> Decimal:
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise JsonLimitError(f"holds the number {_shorten(text)}, whose exponent is out of range")
    return number


def _float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise JsonLimitError(f"holds the number {_shorten(text)}, too large for a 64-bit float")
    return number


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise JsonLimitError(
            f"holds a {len(text):,}-digit integer; the playground reads at most {MAX_INT_DIGITS:,} digits"
        )
    return int(text)
