"""Generated definitions and texts (hypothesis) through the checks and the drawing: no
exception escapes, every problem is a printable sentence, and the graph draws every state of
any definition the checks accept. Examples per test from the conftest profiles (200; 2,000 with
HYPOTHESIS_PROFILE=thorough)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given

from playground.aws.stepfunctions.graph import MAX_DRAWN, count_states, draw_definition, layout
from playground.aws.stepfunctions.validate import check_input, validate, validate_text
from playground.aws.validation import Issue
from playground.patterns.json_input import printable
from tests.stepfunctions.strategies import (
    DEFINITION,
    TEXTS,
    mutated_samples,
    valid_definitions,
)


def _said(issues: list[Issue]) -> None:
    """Every problem is a sentence a terminal can print on one line."""
    for issue in issues:
        assert issue.message.strip(), issue
        assert printable(str(issue)) == str(issue), issue
        assert len(str(issue)) < 1_000, issue


def _state_names(definition: Any) -> list[str]:
    """Every state of a definition, nested ones included (as the drawing nests them)."""
    from playground.aws.stepfunctions.validate import nested_scopes

    names, todo = [], [definition]
    while todo:
        scope = todo.pop()
        states = scope.get("States") if isinstance(scope, dict) else None
        if isinstance(states, dict):
            names.extend(states)
            for state in states.values():
                todo.extend(sub for _, sub in nested_scopes(state))
    return names


def _checked_and_drawn(definition: Any) -> list[Issue]:
    issues = validate(definition)
    _said(issues)
    lines = layout(definition)
    assert lines
    for line in lines:
        assert "\n" not in line.text and printable(line.text) == line.text
    if not any(i.blocking for i in issues):  # accepted: every state is drawn, once
        names = _state_names(definition)
        boxes = [line.state for line in lines if line.kind == "box"]
        assert len(names) == len(set(names))
        if len(names) <= MAX_DRAWN:
            assert set(boxes) == set(names) and len(boxes) == 3 * len(names)
        else:
            assert len(set(boxes)) == MAX_DRAWN
        assert count_states(definition) == len(names)
    return issues


@given(DEFINITION)
def test_any_value_is_checked_and_drawn(definition: Any) -> None:
    _checked_and_drawn(definition)


@given(mutated_samples())
def test_a_mutated_sample_is_checked_and_drawn(definition: Any) -> None:
    _checked_and_drawn(definition)


@given(TEXTS)
def test_any_text_is_read_or_named(text: str) -> None:
    value, issues = validate_text(text)
    _said(issues)
    assert (value is None) == any(i.blocking for i in issues)
    picture = draw_definition(text)
    _said(picture.problems)
    assert picture.lines and (picture.drawn or picture.reason)
    payload, problems = check_input(text)
    _said(problems)
    if not problems:
        assert json.loads(json.dumps(payload)) == payload
    else:
        assert payload is None


@given(valid_definitions())
def test_the_graph_draws_every_state_of_a_valid_machine(definition: dict[str, Any]) -> None:
    assert _checked_and_drawn(definition) == []
    value, issues = validate_text(json.dumps(definition))
    # (through JSON, a surrogate pair in a name reads back as the one character it encodes)
    assert issues == [] and value == json.loads(json.dumps(definition))
    picture = draw_definition(json.dumps(definition))
    assert {line.state for line in picture.lines if line.kind == "box"} == set(
        _state_names(value))
