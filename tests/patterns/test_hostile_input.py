"""The tester's findings, one test each: deep nesting, exponential wildcards, arrays of objects,
numbers at the edges, lone surrogates. Each answers with a verdict or a message, quickly."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from playground.aws.events.transform import TransformError, apply_transformer, validate_transformer
from playground.patterns import (
    EventError,
    PatternError,
    match_event_pattern,
    match_filter_policy,
    validate_event_pattern,
    validate_filter_policy,
)
from playground.patterns.json_input import MAX_DEPTH, parse_json


def _seconds(call: Callable[[], Any]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def _deep_text(levels: int) -> str:
    return '{"a":' * levels + "[1]" + "}" * levels


def _deep_dict(levels: int) -> dict[str, Any]:
    value: Any = [1]
    for _ in range(levels):
        value = {"a": value}
    return value


# --- nesting ------------------------------------------------------------------------------


@pytest.mark.parametrize("levels", [100, 1000, 20_000])  # objects, around one array
@pytest.mark.parametrize("as_text", [True, False])
def test_patterns_nested_too_deep_are_rejected_with_the_limit(levels: int, as_text: bool) -> None:
    pattern = _deep_text(levels) if as_text else _deep_dict(levels)
    for check in (validate_event_pattern, validate_filter_policy,
                  lambda p: validate_filter_policy(p, "MessageBody"),
                  lambda p: match_event_pattern(p, {"a": 1})):
        with pytest.raises(PatternError, match="nested more than 100 levels deep"):
            check(pattern)


@pytest.mark.parametrize("as_text", [True, False])
def test_events_nested_too_deep_are_invalid_input(as_text: bool) -> None:
    event = _deep_text(1000) if as_text else _deep_dict(1000)
    with pytest.raises(EventError, match="the event is nested more than 100 levels deep"):
        match_event_pattern({"a": [1]}, event)
    with pytest.raises(EventError, match="the message body is nested more than 100 levels deep"):
        match_filter_policy({"a": [1]}, message_body=_deep_text(1000), scope="MessageBody")


def test_nesting_up_to_the_limit_still_matches() -> None:
    levels = MAX_DEPTH - 1  # 99 objects around one array: 100 levels
    assert match_event_pattern(_deep_text(levels), json.dumps(_deep_dict(levels))).matched


def test_json_too_deep_for_the_parser_itself_is_named() -> None:
    with pytest.raises(ValueError, match="nested more than 100 levels deep"):
        parse_json("[" * 100_000 + "]" * 100_000)


def test_transformer_preview_rejects_a_deep_event_map_or_template() -> None:
    with pytest.raises(TransformError, match=r"^event: the event is nested more than 100"):
        apply_transformer({"a": "$.a"}, "<a>", _deep_dict(2000))
    with pytest.raises(TransformError, match=r"^InputPathsMap: it is nested more than 100"):
        validate_transformer('{"a":' * 2000 + '"$.a"' + "}" * 2000, "<a>")
    with pytest.raises(TransformError, match=r"^InputTemplate: filled in, it is nested more than 100"):
        validate_transformer({}, "[" * 4000 + "]" * 4000)


# --- wildcards ------------------------------------------------------------------------------


def test_wildcards_with_many_stars_match_in_linear_time() -> None:
    pattern = {"a": [{"wildcard": "*a*a*a*a*a*a*a*a*b"}]}
    assert _seconds(lambda: match_event_pattern(pattern, {"a": "a" * 52})) < 0.05  # was 21.6 s
    assert _seconds(lambda: match_event_pattern(pattern, {"a": "a" * 100_000})) < 0.5
    assert match_event_pattern(pattern, {"a": "a" * 8 + "b"}).matched
    assert not match_event_pattern(pattern, {"a": "a" * 7 + "b"}).matched


@pytest.mark.parametrize("entry", [{"wildcard": "*a*a*b"}, {"anything-but": {"wildcard": "*a*a*b"}}])
def test_sns_wildcards_on_long_values_answer_at_once(entry: dict[str, Any]) -> None:
    policy = {"a": [entry]}
    attributes = {"a": {"DataType": "String", "StringValue": "a" * 3000}}
    seconds = _seconds(lambda: match_filter_policy(policy, message_attributes=attributes))
    assert seconds < 0.05  # was 6.2 s and 9.7 s


# --- arrays of objects --------------------------------------------------------------------


def test_many_keys_over_big_arrays_of_objects_answer_quickly() -> None:
    pattern = {f"r{j}": {"k": [-1]} for j in range(8)}
    event = {f"r{j}": [{"k": i} for i in range(1000)] for j in range(8)}
    assert _seconds(lambda: match_event_pattern(pattern, event)) < 2  # was 24 s
    one_array = {"r": {f"k{i}": [i] for i in range(8)}}
    event = {"r": [{f"k{i}": (i if n == 999 else -1) for i in range(8)} for n in range(1000)]}
    assert match_event_pattern(one_array, event).matched


def test_a_match_beyond_the_first_thousand_combinations_is_found() -> None:
    # Two arrays of 100 objects: 10,000 combinations; the old matcher listed only 1,000.
    pattern = {"a": {"k": [99]}, "b": {"k": [99]}}
    event = {"a": [{"k": i} for i in range(100)], "b": [{"k": i} for i in range(100)]}
    assert match_event_pattern(pattern, event).matched


def test_fields_from_different_elements_of_one_array_do_not_combine() -> None:
    pattern = {"employees": {"firstName": ["Anna"], "lastName": ["Jones"]}}
    event = {"employees": [{"firstName": "Anna", "lastName": "Smith"},
                           {"firstName": "Peter", "lastName": "Jones"}]}
    result = match_event_pattern(pattern, event)
    assert not result.matched
    assert [r.text for r in result.reasons] == [
        'employees.firstName: one of "Anna" — got "Anna", match',
        'employees.lastName: one of "Jones" — got "Smith", no match',
    ]


def test_or_alternatives_may_use_different_elements() -> None:
    pattern = {"items": {"$or": [{"sku": ["A"]}, {"qty": [5]}]}, "source": ["shop"]}
    event = {"source": "shop", "items": [{"sku": "B", "qty": 1}, {"sku": "C", "qty": 5}]}
    assert match_event_pattern(pattern, event).matched


# --- numbers at the edges -----------------------------------------------------------------


def test_numbers_no_decimal_can_hold_are_invalid_input() -> None:
    with pytest.raises(EventError, match="the event holds the number 1e99999999999999999999"):
        match_event_pattern({"a": [{"numeric": [">", 1]}]}, '{"a": 1e99999999999999999999}')
    with pytest.raises(PatternError, match="too large for a 64-bit float"):
        match_event_pattern('{"a": [{"numeric": [">", 1e999]}]}', {"a": 1})


def test_event_numbers_outside_the_range_never_match_numeric_and_say_why() -> None:
    pattern = {"n": [{"numeric": [">", 0]}]}
    assert match_event_pattern(pattern, {"n": 5e9}).matched
    result = match_event_pattern(pattern, {"n": 6e9})
    assert not result.matched
    assert "outside -5000000000 to 5000000000, where numeric matching works" in result.reasons[0].actual
    assert match_event_pattern({"n": [6e9]}, '{"n": 6000000000}').matched  # exact values still match


def test_sns_number_attributes_far_out_of_range() -> None:
    policy = {"price": [{"numeric": [">", 1]}]}
    result = match_filter_policy(policy, message_attributes={
        "price": {"DataType": "Number", "StringValue": "1e1000000"}})
    assert not result.matched
    assert result.reasons[0].actual.startswith("1E+1000000 (outside -1000000000 to 1000000000")
    with pytest.raises(EventError, match="is not a number"):
        match_filter_policy(policy, message_attributes={
            "price": {"DataType": "Number", "StringValue": "1e99999999999999999999"}})


def test_numbers_render_exactly_without_overflow() -> None:
    body = '{"n": 1.0000000000000000000000000000001, "m": 1e400, "k": ' + "9" * 400 + "}"
    result = match_filter_policy({"n": [1], "m": [1], "k": [1]}, message_body=body, scope="MessageBody")
    actual = {r.path: r.actual for r in result.reasons}
    assert actual["n"] == "1.0000000000000000000000000000001"
    assert actual["m"] == "1E+400"
    assert actual["k"].startswith("9" * 70)


def test_too_many_decimals_are_counted_exactly() -> None:
    # normalize() would round to 28 digits and let this through.
    operand = Decimal("1.0000000000000000000000000000001")
    with pytest.raises(PatternError, match="more than 6 digits after the decimal point"):
        validate_event_pattern({"n": [{"numeric": [">", operand]}]})


# --- text at the edges --------------------------------------------------------------------


def test_lone_surrogates_and_line_breaks_are_escaped_in_reasons_and_errors() -> None:
    result = match_event_pattern('{"a\\ud800": ["x\\ny"]}', '{"a\\ud800": "\\udc00"}')
    text = result.explain()
    text.encode("utf-8")
    assert '✗ a\\ud800: one of "x\\ny" — got "\\udc00", no match' in text
    with pytest.raises(PatternError) as error:
        validate_event_pattern('{"a": [{"op\\ud800\\n": 1}]}')
    str(error.value).encode("utf-8")
    assert "\n" not in str(error.value)


def test_a_policy_with_a_lone_surrogate_is_measured_not_crashed() -> None:
    with pytest.raises(PatternError, match="not valid JSON"):
        validate_filter_policy("\ud800")


# --- $or over arrays: bounded work ---------------------------------------------------------


def _nested_or_pattern(levels: int) -> dict[str, Any]:
    """At each level a $or whose two alternatives both reach the same array at the bottom:
    every combination of alternatives asks for different fields of one element."""
    def down(level: int, field: str) -> dict[str, Any]:
        node: dict[str, Any] = {"arr": {field: [1]}}
        for _ in range(levels - level):
            node = {"n": node}
        return node

    pattern: dict[str, Any] | None = None
    for level in range(levels - 1, -1, -1):
        current: dict[str, Any] = {"$or": [down(level, f"x{level}"), down(level, f"y{level}")]}
        if pattern is not None:
            current["n"] = pattern
        pattern = current
    assert pattern is not None
    return pattern


def _under_n(levels: int, value: Any) -> dict[str, Any]:
    for _ in range(levels):
        value = {"n": value}
    return value


def test_nested_or_without_a_choice_of_elements_is_evaluated_directly() -> None:
    pattern = _nested_or_pattern(20)
    event = _under_n(20, {"arr": [{f"x{i}": 1 for i in range(20)}]})
    assert _seconds(lambda: match_event_pattern(pattern, event)) < 0.5
    assert match_event_pattern(pattern, event).matched


def test_or_combinations_beyond_the_budget_stop_with_a_message() -> None:
    pattern = _nested_or_pattern(20)  # 2^20 combinations over a two-element array
    event = _under_n(20, {"arr": [{"z": 1}, {"z": 2}]})
    start = time.perf_counter()
    with pytest.raises(EventError, match=r"matching needs more than [\d,]+ steps"):
        match_event_pattern(pattern, event)
    assert time.perf_counter() - start < 2
    assert not match_event_pattern(_nested_or_pattern(6), _under_n(6, {"arr": [{"z": 1}, {"z": 2}]})).matched
