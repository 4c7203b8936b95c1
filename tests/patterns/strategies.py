"""Hypothesis strategies for what a user might type into a pattern, policy, event or
transformer, and worse: deep nesting, huge and tiny numbers, lone surrogates."""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import strategies as st

# Characters: anything Hypothesis picks, plus what it never picks by itself (lone surrogates)
# and what the matchers treat specially (wildcard stars and escapes, dots in keys).
CHAR = st.one_of(
    st.characters(),
    st.integers(0xD800, 0xDFFF).map(chr),
    st.sampled_from(["*", "\\", ".", "a", "b", "\n", "\x00", "\u2028", "é", "✓", "$"]),
)
TEXT = st.text(CHAR, max_size=12)
LONG_TEXT = st.one_of(TEXT, st.integers(0, 3000).map(lambda n: "a" * n), st.text(CHAR, max_size=80))

# Keys shared by patterns and events so that generated pairs often meet.
KEY = st.one_of(
    st.sampled_from(["a", "b", "c", "detail", "source", "price", "items", "$or", "", "x.y"]),
    TEXT,
)

INT = st.one_of(st.integers(-10, 10), st.integers(), st.integers(-(10**400), 10**400))
FINITE = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([5e9, -5e9, 5000000000.000001, 1e9, 1e-9, 1e308, 5e-324, -0.0, 0.1]),
)
NUMBER = st.one_of(INT, FINITE)
SCALAR = st.one_of(st.none(), st.booleans(), NUMBER, LONG_TEXT)


_JSON_VALUE = st.recursive(
    SCALAR,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEY, inner, max_size=4),
    max_leaves=16,
)


def json_values() -> st.SearchStrategy[Any]:
    """Any JSON value (as Python objects), a few levels deep."""
    return _JSON_VALUE


def nested(depth: int, leaf: Any, key: str = "a") -> Any:
    """``depth`` objects/arrays inside each other around ``leaf``, alternating."""
    value = leaf
    for level in range(depth):
        value = {key: value} if level % 2 == 0 else [value]
    return value if isinstance(value, dict) else {key: value}


DEEP = st.builds(nested, st.integers(90, 1200), st.one_of(st.just([1]), SCALAR))
JSON_OBJECT = st.one_of(st.dictionaries(KEY, json_values(), max_size=6), DEEP)

# Match expressions, valid and not: every operator with good and bad arguments.
GLOB = st.text(st.sampled_from("ab*\\"), max_size=12)
NUMERIC_OP = st.sampled_from(["=", "<", "<=", ">", ">=", "!", "between"])
OPERATOR = st.one_of(
    st.builds(lambda t: {"prefix": t}, st.one_of(TEXT, json_values())),
    st.builds(lambda t: {"suffix": t}, TEXT),
    st.builds(lambda t: {"prefix": {"equals-ignore-case": t}}, TEXT),
    st.builds(lambda t: {"equals-ignore-case": t}, TEXT),
    st.builds(lambda t: {"wildcard": t}, GLOB),
    st.builds(lambda t: {"anything-but": t}, st.one_of(TEXT, NUMBER, st.lists(TEXT | NUMBER, max_size=3))),
    st.builds(lambda f, t: {"anything-but": {f: t}},
              st.sampled_from(["prefix", "suffix", "wildcard", "equals-ignore-case", "x"]),
              st.one_of(GLOB, st.lists(GLOB, max_size=2))),
    st.builds(lambda terms: {"numeric": terms},
              st.lists(st.one_of(NUMERIC_OP, NUMBER), max_size=5)),
    st.builds(lambda a, b, c, d: {"numeric": [a, b, c, d]},
              st.sampled_from([">", ">="]), NUMBER, st.sampled_from(["<", "<="]), NUMBER),
    st.builds(lambda b: {"exists": b}, st.one_of(st.booleans(), SCALAR)),
    st.builds(lambda t: {"cidr": t},
              st.one_of(TEXT, st.sampled_from(["10.0.0.0/24", "::1/64", "1.2.3.4/33", "fe80::1%x/64"]))),
    st.dictionaries(TEXT, json_values(), max_size=2),
)
MATCH_VALUE = st.one_of(SCALAR, OPERATOR, json_values())
VALUE_ARRAY = st.lists(MATCH_VALUE, max_size=4)


def patterns() -> st.SearchStrategy[Any]:
    """Pattern-shaped objects: keys to value arrays, nested objects and $or lists (valid
    often enough to reach the matcher, invalid often enough to reach every check)."""
    return st.recursive(
        st.dictionaries(KEY, VALUE_ARRAY, min_size=1, max_size=4),
        lambda inner: st.one_of(
            st.dictionaries(KEY, inner, min_size=1, max_size=3),
            st.builds(lambda alts, rest: {**rest, "$or": alts}, st.lists(inner, max_size=3), inner),
        ),
        max_leaves=8,
    )


PATTERN = st.one_of(patterns(), JSON_OBJECT, json_values())


def events_for_patterns() -> st.SearchStrategy[Any]:
    """Event-shaped objects on the same keys, with arrays of objects."""
    return st.recursive(
        st.dictionaries(KEY, SCALAR, max_size=4),
        lambda inner: st.dictionaries(
            KEY, st.one_of(inner, st.lists(st.one_of(inner, SCALAR), max_size=4), SCALAR), max_size=4
        ),
        max_leaves=20,
    )


EVENT = st.one_of(events_for_patterns(), JSON_OBJECT)


def as_json_text(value: Any) -> str | None:
    """The JSON text a user would type for ``value`` (None if JSON cannot write it)."""
    try:
        return json.dumps(value, allow_nan=False)
    except (ValueError, RecursionError, TypeError):
        return None


def finite(value: object) -> bool:
    return not isinstance(value, float) or math.isfinite(value)
