"""The local definition checks: a table of bad definitions and what the learner reads."""

from __future__ import annotations

import json
from typing import Any

import pytest

from playground.aws.stepfunctions.samples import load_samples
from playground.aws.stepfunctions.validate import check_input, check_name, validate, validate_text


def machine(**states: Any) -> dict[str, Any]:
    return {"StartAt": next(iter(states)), "States": states}


PASS_END = {"Type": "Pass", "End": True}

BAD: list[tuple[str, Any, str]] = [
    ("not an object", [], "must be a JSON object with StartAt and States"),
    ("no states", {"StartAt": "A", "States": {}}, "States must be an object with at least one"),
    ("no StartAt", {"States": {"A": PASS_END}}, "StartAt is required"),
    ("StartAt unknown", {"StartAt": "B", "States": {"A": PASS_END}},
     "StartAt: 'B' is not a state in States"),
    ("Next unknown", machine(A={"Type": "Pass", "Next": "Nope"}),
     "States.A.Next: \"Nope\" is not a state"),
    ("neither Next nor End", machine(A={"Type": "Pass"}), "needs exactly one of Next"),
    ("both Next and End", machine(A={"Type": "Pass", "Next": "A", "End": True}),
     "needs exactly one of Next"),
    ("bad Type", machine(A={"Type": "Lambda", "End": True}),
     "States.A.Type: must be one of Pass, Task"),
    ("Succeed with Next", machine(A={"Type": "Pass", "Next": "B"},
                                  B={"Type": "Succeed", "Next": "A"}),
     "States.B.Next: a Succeed state cannot have Next"),
    ("Choice without choices", machine(A={"Type": "Choice", "Choices": []}),
     "a Choice state needs a non-empty Choices list"),
    ("Choice rule to nowhere", machine(A={"Type": "Choice", "Choices": [
        {"Variable": "$.x", "NumericEquals": 1, "Next": "Z"}], "Default": "B"}, B=PASS_END),
     "States.A.Choices[0].Next: \"Z\" is not a state"),
    ("Default to nowhere", machine(A={"Type": "Choice", "Choices": [
        {"Variable": "$.x", "NumericEquals": 1, "Next": "B"}], "Default": "Q"}, B=PASS_END),
     "States.A.Default: \"Q\" is not a state"),
    ("Catch to nowhere", machine(A={"Type": "Task", "Resource": "arn:aws:states:::x",
                                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Q"}],
                                    "End": True}),
     "States.A.Catch[0].Next: \"Q\" is not a state"),
    ("Retry on a Pass", machine(A={"Type": "Pass", "End": True,
                                   "Retry": [{"ErrorEquals": ["States.ALL"]}]}),
     "States.A.Retry: only Task, Parallel and Map states have Retry"),
    ("Wait without time", machine(A={"Type": "Wait", "End": True}),
     "a Wait state needs exactly one of Seconds"),
    ("Task without Resource", machine(A={"Type": "Task", "End": True}),
     "States.A.Resource: a Task state needs a Resource"),
    ("unreachable", machine(A=PASS_END, B=PASS_END),
     "States.B: not reachable from StartAt 'A'"),
    ("branch leaves its scope", machine(P={"Type": "Parallel", "End": True, "Branches": [
        {"StartAt": "In", "States": {"In": {"Type": "Pass", "Next": "P"}}}]}),
     "States.P.Branches[0].States.In.Next: \"P\" is not a state here"),
    ("name used twice", machine(P={"Type": "Parallel", "Next": "In", "Branches": [
        {"StartAt": "In", "States": {"In": PASS_END}}]}, In=PASS_END),
     "the name is used twice"),
]


@pytest.mark.parametrize(("definition", "expected"), [(d, e) for _, d, e in BAD],
                         ids=[n for n, _, _ in BAD])
def test_bad_definitions_say_what_and_where(definition: Any, expected: str) -> None:
    messages = [str(i) for i in validate(definition)]
    assert any(expected in m for m in messages), messages


def test_json_errors_give_line_and_column() -> None:
    value, issues = validate_text('{\n  "StartAt": "A",\n  "States": {,}\n}')
    assert value is None
    assert [str(i) for i in issues] == [
        "line 3, column 14: definition: Expecting property name enclosed in double quotes"]


def test_samples_pass_and_a_good_definition_comes_back() -> None:
    samples = load_samples()
    assert {s.key for s in samples} >= {"order-flow", "retry-catch"}
    for sample in samples:
        value, issues = validate_text(sample.definition)
        assert issues == [] and value == json.loads(sample.definition), sample.key
        assert sample.about and check_input(sample.input)[1] == []


def test_input_and_names() -> None:
    value, issues = check_input("  ")
    assert value is None and "empty: type {} to start with an empty object" in str(issues[0])
    assert check_input("[1, 2]") == ([1, 2], [])
    assert str(check_input('{"a": }')[1][0]) == "line 1, column 7: input: Expecting value"
    assert check_name("order-flow") == []
    assert "found ' '" in str(check_name("my flow")[0])
    assert "at most 80" in str(check_name("x" * 81)[0])
