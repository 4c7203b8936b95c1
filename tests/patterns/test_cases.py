"""Replay the case tables in tests/patterns/cases.py through the matchers."""

from __future__ import annotations

import json
from typing import Any

import pytest

from playground.patterns import (
    match_event_pattern,
    match_filter_policy,
    validate_event_pattern,
    validate_filter_policy,
)
from tests.patterns.cases import EVENTBRIDGE_CASES, SNS_CASES

ENVELOPE = {"version", "id", "detail-type", "source", "account", "time", "region", "resources"}

EB_OPERATORS = {
    "exact",
    "prefix",
    "suffix",
    "equals-ignore-case",
    "anything-but",
    "numeric",
    "exists",
    "wildcard",
    "cidr",
    "$or",
}
SNS_OPERATORS = EB_OPERATORS


def operators_in(node: Any) -> set[str]:
    """Every operator a pattern uses, including nested forms such as anything-but prefix."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$or":
                found.add("$or")
            found |= operators_in(value)
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, dict) and len(item) == 1 and not isinstance(node, dict):
                ((op, arg),) = item.items()
                if op in EB_OPERATORS:
                    found.add(op)
                    found |= {f"{op}:{k}" for k in arg} if isinstance(arg, dict) else set()
                    continue
            if isinstance(item, dict):
                found |= operators_in(item)
            else:
                found.add("exact")
    return found


def leaf_count(node: Any) -> int:
    if isinstance(node, dict):
        return sum(
            sum(leaf_count(alt) for alt in v) if k == "$or" else leaf_count(v) for k, v in node.items()
        )
    return 1


@pytest.mark.parametrize(
    ("pattern", "event", "expected"),
    [case[1:] for case in EVENTBRIDGE_CASES],
    ids=[case[0] for case in EVENTBRIDGE_CASES],
)
def test_eventbridge_case(pattern: dict[str, Any], event: dict[str, Any], expected: bool) -> None:
    result = match_event_pattern(pattern, event)
    assert result.matched is expected, result.explain()
    assert match_event_pattern(json.dumps(pattern), json.dumps(event)).matched is expected
    leaf_reasons = [r for r in result.reasons if not r.path.endswith("$or")]
    assert len(leaf_reasons) >= leaf_count(pattern)


@pytest.mark.parametrize(
    ("policy", "message", "expected"),
    [case[1:] for case in SNS_CASES],
    ids=[case[0] for case in SNS_CASES],
)
def test_sns_case(policy: dict[str, Any], message: dict[str, Any], expected: bool) -> None:
    result = match_filter_policy(policy, **message)
    assert result.matched is expected, result.explain()
    assert match_filter_policy(json.dumps(policy), **message).matched is expected


def test_eventbridge_table_is_replayable() -> None:
    ids = [case[0] for case in EVENTBRIDGE_CASES]
    assert len(ids) == len(set(ids)) and len(ids) >= 60
    for case_id, pattern, event, _ in EVENTBRIDGE_CASES:
        assert set(event) >= ENVELOPE, case_id
        assert json.loads(json.dumps(pattern)) == pattern, case_id
        assert json.loads(json.dumps(event)) == event, case_id
        assert validate_event_pattern(pattern) == pattern


def test_sns_table_is_valid() -> None:
    ids = [case[0] for case in SNS_CASES]
    assert len(ids) == len(set(ids)) and len(ids) >= 40
    for _, policy, message, _ in SNS_CASES:
        assert json.loads(json.dumps([policy, message])) == [policy, message]
        assert validate_filter_policy(policy, message["scope"]) == policy


@pytest.mark.parametrize(
    ("table", "wanted"),
    [
        (
            EVENTBRIDGE_CASES,
            EB_OPERATORS
            | {
                "prefix:equals-ignore-case",
                "suffix:equals-ignore-case",
                "anything-but:prefix",
                "anything-but:suffix",
                "anything-but:equals-ignore-case",
                "anything-but:wildcard",
            },
        ),
        (
            SNS_CASES,
            SNS_OPERATORS
            | {
                "anything-but:prefix",
                "anything-but:suffix",
                "anything-but:wildcard",
            },
        ),
    ],
    ids=["eventbridge", "sns"],
)
def test_every_operator_has_matching_and_failing_cases(
    table: list[tuple[str, dict[str, Any], dict[str, Any], bool]], wanted: set[str]
) -> None:
    seen: dict[bool, set[str]] = {True: set(), False: set()}
    for _, pattern, _, expected in table:
        seen[expected] |= operators_in(pattern)
    assert wanted <= seen[True], wanted - seen[True]
    assert wanted <= seen[False], wanted - seen[False]
