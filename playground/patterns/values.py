"""JSON values as the matchers see them: typed scalars, leaves, and flattened rows.

Both EventBridge and SNS (MessageBody scope) run on the same engine, Event Ruler
(github.com/aws/event-ruler). It compares JSON *types*: the string ``"5"`` is not
the number ``5`` and ``true`` is not ``1``. Python would happily say ``True == 1``,
so every value is normalised into a :data:`Scalar` where numbers are ``Decimal``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

Scalar = str | Decimal | bool | None
"""A JSON leaf value: string, number (as Decimal), boolean or null."""

Path = tuple[str, ...]
Shape = Literal["missing", "object", "scalar", "array"]

# Arrays of objects multiply into one row per element combination; cap the work so a
# huge event cannot hang the UI. Real events rarely need more than a handful.
MAX_ROWS = 1000


def is_number(value: object) -> bool:
    """True for JSON numbers; bool is excluded because ``True`` is an ``int``, and NaN
    or infinity are excluded because JSON cannot express them."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return False
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


def parse_json(text: str, *, decimals: bool = False) -> Any:
    """``json.loads`` that refuses NaN/Infinity (not JSON) and, with ``decimals``,
    keeps fractions exact. Raises ValueError with a short, readable message."""
    try:
        return json.loads(text, parse_float=Decimal if decimals else None, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{exc.msg} at line {exc.lineno} column {exc.colno}") from None


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON value")


def format_number(value: Decimal) -> str:
    """Plain decimal text: ``3.018e2`` shows as ``301.8`` and ``1E+2`` as ``100``."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def render(value: object, limit: int = 80) -> str:
    """Render a JSON value the way a learner would type it, shortened if long."""
    if isinstance(value, Decimal) or is_number(value):
        text = format_number(to_decimal(value))
    elif isinstance(value, Mapping | list | tuple):
        text = json.dumps(_plain(value), ensure_ascii=False)
    else:
        text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plain(value: object) -> Any:
    """Make Decimals JSON-dumpable for rendering."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


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


def expand_rows(document: Mapping[str, Any], leaf_paths: Iterable[Path]) -> list[Row]:
    """Flatten a JSON object into rows of ``path -> Leaf`` for the given paths.

    An array of objects yields one row per element, so fields from *different*
    elements never combine — Event Ruler's "array-consistent" matching for JSON
    events (event-ruler README, "JSON Array Matching"). Arrays of scalars stay a
    single leaf whose values match if any element matches (EventBridge "Arrays in
    event patterns"). Only branches on the way to a pattern path are visited.
    """
    wanted: set[Path] = set()
    leaves = set(leaf_paths)
    for path in leaves:
        wanted.update(path[:i] for i in range(1, len(path) + 1))
    rows = _expand(document, (), wanted, leaves)
    return rows or [{}]


def _expand(node: object, prefix: Path, wanted: set[Path], leaves: set[Path]) -> list[Row]:
    if isinstance(node, Mapping):
        rows: list[Row] = [{prefix: Leaf("object")}] if prefix in leaves else [{}]
        for key, child in node.items():
            path = (*prefix, str(key))
            if path not in wanted:
                continue
            child_rows = _expand(child, path, wanted, leaves)
            rows = [{**a, **b} for a in rows for b in child_rows][:MAX_ROWS]
        return rows
    if isinstance(node, list):
        scalars: list[Scalar] = []
        objects: list[Mapping[str, Any]] = []
        _split_array(node, scalars, objects)
        if not objects:
            return [{prefix: Leaf("array", tuple(scalars))}] if prefix in leaves else [{}]
        out: list[Row] = []
        for element in objects:
            out.extend(_expand(element, prefix, wanted, leaves))
            if len(out) >= MAX_ROWS:
                break
        if scalars and prefix in leaves:
            out = [{**row, prefix: Leaf("array", tuple(scalars))} for row in out]
        return out[:MAX_ROWS] or [{}]
    if prefix in leaves:
        return [{prefix: Leaf("scalar", (to_scalar(node),))}]
    return [{}]


def _split_array(items: Sequence[object], scalars: list[Scalar], objects: list[Mapping[str, Any]]) -> None:
    """Nested arrays are flattened: Event Ruler "crushes" array structure."""
    for item in items:
        if isinstance(item, Mapping):
            objects.append(item)
        elif isinstance(item, list):
            _split_array(item, scalars, objects)
        else:
            scalars.append(to_scalar(item))
