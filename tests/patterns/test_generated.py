"""Generated input for the matchers, the validators and `playground pattern test`: whatever
comes in, the answer is a verdict with reasons or a rejection with a message, fast.

Profiles (tests/conftest.py): the normal suite runs 200 examples per test; each match reports
its time with ``target``, which ``HYPOTHESIS_PROFILE=thorough`` uses to push towards slow input
(2,000 examples, and every match must take under 100 ms).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import time
from collections.abc import Callable, Mapping
from contextlib import redirect_stderr, redirect_stdout
from typing import Any

from hypothesis import assume, given, target
from hypothesis import strategies as st

from playground.cli.main import main
from playground.patterns import (
    EventError,
    MatchResult,
    PatternError,
    compile_event_pattern,
    match_event_pattern,
    match_filter_policy,
    validate_event_pattern,
    validate_filter_policy,
)
from playground.patterns.arrays import split_array
from playground.patterns.conditions import MatchContext, compile_wildcard, glob_match
from playground.patterns.evaluate import evaluate
from playground.patterns.values import Leaf, Path, Row, to_scalar
from tests.patterns.strategies import (
    CHAR,
    EVENT,
    GLOB,
    KEY,
    LONG_TEXT,
    NUMBER,
    PATTERN,
    SCALAR,
    TEXT,
    as_json_text,
    json_values,
    nested,
)

THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") == "thorough"
MATCH_BOUND_S = 0.1
"""Every match must answer within this (asserted in the thorough profile only)."""

DEEP_TEXT = st.builds(lambda d, leaf: '{"a":' * d + leaf + "}" * d,
                      st.integers(95, 5000), st.sampled_from(["[1]", "1", "[" * 50 + "]" * 50]))
ANY_TEXT = st.one_of(st.text(CHAR, max_size=40), DEEP_TEXT,
                     st.text(st.sampled_from('{}[]":,01eE.-ab\\u'), max_size=40))


def timed(call: Callable[[], Any], label: str) -> Any:
    """Run ``call``, report its time to Hypothesis, and bound it in the thorough profile.

    Over the bound, the call runs twice more and the fastest run counts: a slow algorithm is
    slow every time, while a busy machine (several test runs on two cores) stalls one run.
    """
    start = time.perf_counter()
    try:
        return call()
    finally:
        elapsed = time.perf_counter() - start
        target(elapsed * 1000, label=f"{label} ms")
        if THOROUGH and elapsed >= MATCH_BOUND_S:
            elapsed = min(elapsed, _fastest(call, runs=2))
            assert elapsed < MATCH_BOUND_S, f"{label} took {elapsed * 1000:.1f} ms"


def _fastest(call: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        with contextlib.suppress(Exception):
            call()
        times.append(time.perf_counter() - start)
    return min(times)


def one_line(text: str) -> None:
    """Printable on any UTF-8 terminal, on one line."""
    text.encode("utf-8")
    assert "\n" not in text and len(text.splitlines()) <= 1, text


def answered(call: Callable[[], MatchResult], label: str) -> MatchResult | None:
    """A verdict whose explanation prints line by line, or a rejection with a message."""
    try:
        result = timed(call, label)
    except (PatternError, EventError) as exc:
        assert str(exc).strip(), "a rejection without a message"
        one_line(str(exc))
        return None
    assert isinstance(result, MatchResult)
    for reason in result.reasons:
        one_line(reason.text)
    one_line(result.summary)
    explained = result.explain()
    explained.encode("utf-8")
    assert len(explained.splitlines()) == 1 + len(result.reasons)
    if not result.matched:
        assert result.failed, "no match, yet every reason matched"
    return result


def maybe_text(value: Any, as_text: bool) -> Any:
    text = as_json_text(value) if as_text else None
    return text if text is not None else value


# --- EventBridge -------------------------------------------------------------------------


@given(PATTERN, EVENT, st.booleans(), st.booleans())
def test_eventbridge_matcher_answers_anything(pattern: Any, event: Any, pattern_text: bool,
                                              event_text: bool) -> None:
    answered(lambda: match_event_pattern(maybe_text(pattern, pattern_text), maybe_text(event, event_text)),
             "eventbridge match")


@given(ANY_TEXT, ANY_TEXT)
def test_eventbridge_matcher_answers_any_text(pattern: str, event: str) -> None:
    answered(lambda: match_event_pattern(pattern, event), "eventbridge match of text")


@given(st.one_of(PATTERN, ANY_TEXT))
def test_validators_return_the_pattern_or_a_message(pattern: Any) -> None:
    validators = {
        "validate event pattern": validate_event_pattern,
        "validate attribute policy": lambda p: validate_filter_policy(p, "MessageAttributes"),
        "validate body policy": lambda p: validate_filter_policy(p, "MessageBody"),
    }
    for label, validate in validators.items():
        try:
            parsed = timed(lambda v=validate: v(pattern), label)
        except PatternError as exc:
            assert str(exc).strip()
            one_line(str(exc))
        else:
            assert isinstance(parsed, dict)


@given(st.integers(1, 1500), st.booleans(), st.sampled_from(["pattern", "event", "policy", "body"]))
def test_nesting_beyond_the_limit_is_named(depth: int, as_text: bool, where: str) -> None:
    deep_text = '{"a":' * depth + "[1]" + "}" * depth  # depth objects around one array
    as_text = as_text or where == "body"
    value = deep_text if as_text else nested(depth, [1])
    containers = depth + 1 if as_text else _containers(value)
    try:
        if where == "pattern":
            match_event_pattern(value, {"a": 1})
        elif where == "event":
            match_event_pattern({"b": [1]}, value)
        elif where == "policy":
            match_filter_policy(value, message_body="{}", scope="MessageBody")
        else:
            match_filter_policy({"b": [1]}, message_body=deep_text, scope="MessageBody")
    except (PatternError, EventError) as exc:
        too_deep = "nested more than 100 levels deep" in str(exc)
        assert too_deep is (containers > 100), str(exc)
    else:
        assert containers <= 100


def _containers(value: Any) -> int:
    depth = 0
    while isinstance(value, dict | list):
        depth += 1
        value = next(iter(value.values())) if isinstance(value, dict) else value[0]
    return depth


# --- a pattern made of an event's own values matches it ----------------------------------


def pattern_from(event: Mapping[str, Any]) -> dict[str, Any]:
    """Each leaf of the event as an exact-match list; in an array of objects, the fields of
    one element (Event Ruler matches fields of one element together)."""
    pattern: dict[str, Any] = {}
    for key, value in event.items():
        if key == "$or":
            continue
        if isinstance(value, list):
            scalars, objects = split_array(value)
            inner = pattern_from(objects[0]) if objects else {}
            if inner:
                pattern[key] = inner
            elif scalars:
                pattern[key] = [scalars[0]]
        elif isinstance(value, dict):
            inner = pattern_from(value)
            if inner:
                pattern[key] = inner
        else:
            pattern[key] = [value]
    return pattern


def plain(value: Any) -> Any:
    """Decimals from split_array back to JSON numbers the pattern can hold."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if hasattr(value, "as_tuple"):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


@given(st.dictionaries(KEY, json_values(), min_size=1, max_size=6), st.booleans())
def test_a_pattern_of_the_events_own_values_matches_it(event: dict[str, Any], as_text: bool) -> None:
    text = as_json_text(event)
    assume(text is not None)
    event = json.loads(text)  # as JSON reads it: "\ud800\udc00" is one character there
    pattern = plain(pattern_from(event))
    assume(pattern)
    result = answered(lambda: match_event_pattern(pattern, maybe_text(event, as_text)), "own-values match")
    assert result is not None and result.matched, result and result.explain()


# --- array semantics: the search agrees with listing every row ---------------------------


SMALL_EVENT = st.recursive(
    st.dictionaries(st.sampled_from("abc"), st.one_of(st.sampled_from([0, 1, "x", None]),
                                                      st.lists(st.sampled_from([0, 1, "x"]), max_size=2)),
                    max_size=3),
    lambda inner: st.dictionaries(st.sampled_from("abc"),
                                  st.one_of(inner, st.lists(st.one_of(inner, st.just(1)), max_size=3)),
                                  max_size=3),
    max_leaves=10,
)
SMALL_PATTERN = st.recursive(
    st.dictionaries(st.sampled_from("abc"), st.lists(st.one_of(
        st.sampled_from([0, 1, "x", None]), st.sampled_from([{"exists": True}, {"exists": False},
                                                            {"anything-but": "x"}, {"numeric": [">", 0]}])),
        min_size=1, max_size=2), min_size=1, max_size=2),
    lambda inner: st.one_of(
        st.dictionaries(st.sampled_from("abc"), inner, min_size=1, max_size=2),
        st.builds(lambda alts, rest: {**rest, "$or": alts}, st.lists(inner, min_size=2, max_size=3), inner),
    ),
    max_leaves=6,
)


@given(SMALL_PATTERN, SMALL_EVENT)
def test_the_element_search_agrees_with_listing_every_row(pattern: dict[str, Any],
                                                          event: dict[str, Any]) -> None:
    try:
        group = compile_event_pattern(pattern)
    except PatternError:
        assume(False)
        return
    rows = every_row(event, group.leaf_paths())
    assume(len(rows) <= 2000)
    expected = evaluate(group, rows, MatchContext()).matched
    assert match_event_pattern(group, event).matched is expected


def every_row(document: Mapping[str, Any], leaf_paths: set[Path]) -> list[Row]:
    """Reference: one row per combination of array-of-object elements, none left out."""
    wanted = {path[:i] for path in leaf_paths for i in range(1, len(path) + 1)}
    return _rows(document, (), wanted, leaf_paths) or [{}]


def _rows(node: Any, prefix: Path, wanted: set[Path], leaves: set[Path]) -> list[Row]:
    if isinstance(node, dict):
        rows: list[Row] = [{prefix: Leaf("object")}] if prefix in leaves else [{}]
        for key, child in node.items():
            path = (*prefix, key)
            if path in wanted:
                rows = [{**a, **b} for a in rows for b in _rows(child, path, wanted, leaves)]
        return rows
    if isinstance(node, list):
        scalars, objects = split_array(node)
        if not objects:
            return [{prefix: Leaf("array", scalars)}] if prefix in leaves else [{}]
        out = [row for element in objects for row in _rows(element, prefix, wanted, leaves)]
        if scalars and prefix in leaves:
            out = [{**row, prefix: Leaf("array", scalars)} for row in out]
        return out or [{}]
    return [{prefix: Leaf("scalar", (to_scalar(node),))}] if prefix in leaves else [{}]


# --- wildcards -----------------------------------------------------------------------------


@given(GLOB, st.text(st.sampled_from("ab*\\"), max_size=14))
def test_wildcards_agree_with_a_regex(source: str, value: str) -> None:
    try:
        parts, _ = compile_wildcard(source)
    except ValueError:
        return
    regex = ".*".join(re.escape(part) for part in parts)
    assert glob_match(parts, value) is (re.fullmatch(regex, value, re.DOTALL) is not None)


# --- SNS -------------------------------------------------------------------------------------


ODD_NUMBERS = ["1e1000000", "-1e-1000000", "1e99999999999999999999", "NaN", "Infinity", " 42 ", "0x10"]
ATTRIBUTE = st.one_of(
    st.builds(lambda v: {"DataType": "String", "StringValue": v}, LONG_TEXT),
    st.builds(lambda v: {"DataType": "Number", "StringValue": v},
              st.one_of(NUMBER.map(str), TEXT, st.sampled_from(ODD_NUMBERS))),
    st.builds(lambda v: {"DataType": "String.Array", "StringValue": v},
              st.one_of(st.lists(SCALAR, max_size=4).map(as_json_text), DEEP_TEXT, TEXT)),
    st.builds(lambda v: {"DataType": "Binary", "BinaryValue": v}, TEXT),
    st.builds(lambda t, v: {"DataType": t, "StringValue": v}, TEXT, json_values()),
    json_values(),
)
ATTRIBUTES = st.dictionaries(KEY, ATTRIBUTE, max_size=5)


@given(PATTERN, ATTRIBUTES, st.booleans())
def test_sns_attribute_matcher_answers_anything(policy: Any, attributes: dict[str, Any],
                                                policy_text: bool) -> None:
    answered(lambda: match_filter_policy(maybe_text(policy, policy_text), message_attributes=attributes),
             "sns attribute match")


@given(PATTERN, st.one_of(EVENT.map(as_json_text), ANY_TEXT, st.none()), st.booleans())
def test_sns_body_matcher_answers_anything(policy: Any, body: str | None, policy_text: bool) -> None:
    answered(lambda: match_filter_policy(maybe_text(policy, policy_text), message_body=body,
                                         scope="MessageBody"), "sns body match")


ATTRIBUTE_VALUE = st.one_of(
    st.tuples(st.just("String"), LONG_TEXT),
    st.tuples(st.just("Number"), st.one_of(st.integers(-(10**12), 10**12),
                                           st.floats(allow_nan=False, allow_infinity=False))),
    st.tuples(st.just("String.Array"), st.lists(st.one_of(TEXT, st.integers()), min_size=1, max_size=3)),
)


@given(st.dictionaries(KEY.filter(lambda k: k != "$or"), ATTRIBUTE_VALUE, min_size=1, max_size=5))
def test_a_policy_of_the_messages_own_attributes_matches_it(values: dict[str, tuple[str, Any]]) -> None:
    attributes: dict[str, Any] = {}
    policy: dict[str, Any] = {}
    for name, (data_type, value) in values.items():
        value = json.loads(json.dumps(value))  # as JSON reads it, surrogate pairs joined
        if data_type == "String.Array":
            attributes[name] = {"DataType": data_type, "StringValue": as_json_text(value)}
            policy[name] = [value[0]]
        else:
            attributes[name] = {"DataType": data_type, "StringValue": str(value)}
            policy[name] = [value]
    result = answered(lambda: match_filter_policy(policy, message_attributes=attributes),
                      "own-attributes match")
    assert result is not None and result.matched, result and result.explain()


# --- `playground pattern test`, through its entry point ---------------------------------------


def _stream() -> io.TextIOWrapper:
    """A strict UTF-8 stream, like a terminal's: writing a lone surrogate fails."""
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", newline="\n")


MESSAGE = st.builds(lambda a: as_json_text({"MessageAttributes": a}), ATTRIBUTES)
KINDS = [[], ["--kind", "sns"], ["--kind", "sns", "--scope", "MessageBody"]]


@given(st.one_of(PATTERN.map(as_json_text), ANY_TEXT).filter(lambda t: t is not None),
       st.one_of(EVENT.map(as_json_text), MESSAGE, ANY_TEXT).filter(lambda t: t is not None),
       st.sampled_from(KINDS), st.booleans())
def test_pattern_test_exits_0_1_or_2_never_3(pattern: str, event: str, kind: list[str],
                                             as_json: bool) -> None:
    argv = ["pattern", "test", f"--pattern={pattern}", f"--event={event}", *kind]
    argv += ["--json"] if as_json else []
    code, printed, complaint = timed(lambda: _run_main(argv), "pattern test")
    assert code in (0, 1, 2), complaint
    if code == 2:
        assert complaint.count("\n") == 1 and complaint.startswith("playground: invalid input: ")
        assert printed == ""
    else:
        assert printed.strip() and complaint == ""


def _run_main(argv: list[str]) -> tuple[int, str, str]:
    """main(argv) with stdout and stderr as strict UTF-8 streams: exit code, out, err."""
    out, err = _stream(), _stream()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(argv)
    out.flush()
    err.flush()
    return (code, out.buffer.getvalue().decode("utf-8"),  # type: ignore[attr-defined]
            err.buffer.getvalue().decode("utf-8"))  # type: ignore[attr-defined]
