"""JSON values as the matchers see them: typed scalars, leaves, and flattened rows.

Both EventBridge and SNS (MessageBody scope) run on the same engine, Event Ruler
(github.com/aws/event-ruler). It compares JSON *types*: the string ``"5"`` is not
the number ``5`` and ``true`` is not ``1``. Python would happily say ``True == 1``,
so every value is normalised into a :data:`Scalar` where numbers are ``Decimal``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal, InvalidOperation
from typing import Literal

from playground.patterns.json_input import MAX_DEPTH, printable

Scalar = str | Decimal | bool | None
"""A JSON leaf value: string, number (as Decimal), boolean or null."""

Path = tuple[str, ...]
Shape = Literal["missing", "object", "scalar", "array"]


def is_number(value: object) -> bool:
    """True for JSON numbers; bool is excluded because ``True`` is an ``int``, and NaN
    or infinity are excluded because JSON cannot express them."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return False
    if isinstance(value, Decimal):
        return value.is_finite()  # not math.isfinite: through a float, 1e309 is infinite
    return isinstance(value, int) or math.isfinite(value)


def to_decimal(value: object) -> Decimal:
    """Exact decimal for a JSON number (floats go through ``repr`` to avoid noise)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, int):
        return Decimal(value)
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:  # pragma: no cover - guarded by callers
        raise ValueError(f"{value!r} is not a number") from exc


def to_scalar(value: object) -> Scalar:
    """Normalise a JSON leaf; anything that is not a JSON scalar becomes its text."""
    if value is None or isinstance(value, bool | str):
        return value
    if is_number(value):
        return to_decimal(value)
    return str(value)


def format_number(value: Decimal) -> str:
    """Plain decimal text: ``3.018e2`` shows as ``301.8`` and ``1E+2`` as ``100``.

    Exact whatever the size (no rounding to the decimal context's 28 digits, no Overflow
    for ``1e1000000``); beyond 30 digits either side of the point it switches to
    scientific notation (``1E+1000000``) rather than print a million zeros.
    """
    if not value.is_finite():
        return str(value)
    digits = value.as_tuple().digits
    exact = Context(prec=max(len(digits), 1), Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[])
    normal = value.normalize(exact)
    if not -_PLAIN_DIGITS <= normal.adjusted() <= _PLAIN_DIGITS:
        return str(normal)
    text = format(normal, "f")
    return "0" if text in ("-0", "") else text


_PLAIN_DIGITS = 30


def decimal_places(value: Decimal) -> int:
    """Digits after the point once trailing zeros go (``1.50`` has 1), computed exactly:
    ``Decimal.normalize`` would first round to the context's 28 digits."""
    _, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):
        return 0
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -(exponent + zeros)) if any(digits) else 0


def render(value: object, limit: int = 80) -> str:
    """Render a JSON value the way a learner would type it, shortened if long.

    Numbers keep their exact digits (Decimals are never turned into floats), lone
    surrogates show as ``\\udXXX`` escapes, and a big value is only rendered as far as
    ``limit`` needs.
    """
    parts: list[str] = []
    _render_into(value, parts, limit + 1, 0)
    text = printable("".join(parts))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _render_into(value: object, parts: list[str], budget: int, depth: int) -> int:
    """Append JSON text for ``value`` to ``parts``; returns the budget left (stops at 0)."""
    if budget <= 0:
        return 0
    if isinstance(value, str):
        text = json.dumps(value[:budget], ensure_ascii=False)
    elif value is None or isinstance(value, bool):
        text = json.dumps(value)
    elif isinstance(value, Decimal) or is_number(value):
        text = format_number(to_decimal(value))
    elif isinstance(value, Mapping | list | tuple) and depth < MAX_DEPTH:
        is_map = isinstance(value, Mapping)
        items = value.items() if isinstance(value, Mapping) else value
        parts.append("{" if is_map else "[")
        budget -= 1
        for index, item in enumerate(items):
            if budget <= 0:
                return 0
            if index:
                parts.append(", ")
                budget -= 2
            if is_map:
                key, item = item
                budget = _render_into(str(key), parts, budget, depth + 1)
                parts.append(": ")
                budget -= 2
            budget = _render_into(item, parts, budget, depth + 1)
        text = "}" if is_map else "]"
    else:
        text = "…" if isinstance(value, Mapping | list | tuple) else str(value)
    parts.append(text)
    return budget - len(text)


@dataclass(frozen=True)
class Leaf:
    """What the event holds at one pattern path.

    ``shape`` says how it looked (missing field, an object rather than a value, a
    single value, or an array); ``values`` are the scalars a condition can test.
    ``note`` overrides the rendered text (SNS uses it for Binary attributes).
    """

    shape: Shape
    values: tuple[Scalar, ...] = ()
    note: str = ""

    def render(self) -> str:
        """The ``actual`` text of a FieldReason."""
        if self.note:
            return self.note
        if self.shape == "missing":
            return "missing"
        if self.shape == "object":
            return "an object (not a value)"
        if self.shape == "array":
            return render(list(self.values))
        return render(self.values[0])


MISSING = Leaf("missing")

Row = dict[Path, Leaf]
