"""Hypothesis strategies for what a learner types into a form field, and worse: markup, escape
sequences, lone surrogates, numbers in every spelling, JSON nested thousands of levels deep."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from playground.aws.validation import Issue
from tests.patterns.strategies import CHAR, LONG_TEXT, TEXT, as_json_text, json_values, nested

HOSTILE = ["[/x]", "[bold]", "[b]x[/b]", "[@click=app.quit]q[/]", "\x1b[31mred\x1b[0m", "\ud800",
           "$name", "[red]", "]", "[", "a\x00b", "\r\n", "\u2028", "é", "✓", " ", ""]
"""Strings that once broke a screen, or might: Rich markup, terminal escapes, bad Unicode."""

FIELD = st.one_of(TEXT, LONG_TEXT, st.sampled_from(HOSTILE),
                  st.lists(st.sampled_from(HOSTILE) | TEXT, max_size=4).map("".join))
"""Anything typed or pasted into a one-line field."""

NUMBERISH = st.one_of(
    st.integers(-10, 100_000).map(str),
    st.integers().map(str),
    st.sampled_from(["", " ", " 1", "1 ", "+1", "-0", "٣", "²", "1e3", "0x10", "1_000", "1,000",
                     "1.5", "NaN", "inf", "9" * 5000, "-" + "9" * 40]),
    FIELD,
)
"""What ends up in a field that wants a number."""


def deep_json_text(depth: int, kind: str) -> str:
    """`depth` arrays or objects inside each other, as text (json.dumps recurses; this does not)."""
    if kind == "array":
        return "[" * depth + "]" * depth
    return '{"a":' * depth + "1" + "}" * depth


JSON_TEXT = st.one_of(
    json_values().map(as_json_text).filter(lambda t: t is not None),
    st.builds(deep_json_text, st.integers(90, 5000), st.sampled_from(["array", "object"])),
    st.builds(lambda d: as_json_text(nested(d, 1)), st.integers(90, 400)).filter(
        lambda t: t is not None),
    st.sampled_from(['{"a": ', "{", "[", '{"a": NaN}', '{"a": 1e999}', '{"a": ' + "9" * 5000 + "}",
                     '"\\ud800"', "{}", "[]", "null"]),
    FIELD,
    st.text(CHAR, max_size=40).map(lambda t: "{" + t),
)
"""What lands in a JSON editor: valid JSON, deep JSON, almost-JSON and noise."""


def any_json() -> st.SearchStrategy[Any]:
    return json_values()


def rejected_with_words(issues: list[Issue]) -> None:
    """Every issue names what it is about and says why, on lines a terminal can print."""
    for issue in issues:
        assert isinstance(issue, Issue)
        assert issue.message.strip(), f"an issue without a message: {issue!r}"
        assert issue.severity in ("error", "warning")
        str(issue).encode("utf-8", "surrogatepass")
