"""Definitions made anywhere (another tool, a typo, an attack): the checks and the drawing
answer every one with named problems, never an exception, however deep or large."""

from __future__ import annotations

import json
from typing import Any

import pytest

from playground.aws.stepfunctions.graph import MAX_DRAWN, count_states, draw_definition, layout
from playground.aws.stepfunctions.validate import (
    MAX_DEFINITION_BYTES,
    check_input,
    validate,
    validate_text,
)


def machine(**states: Any) -> dict[str, Any]:
    return {"StartAt": next(iter(states)), "States": states}


PASS_END = {"Type": "Pass", "End": True}
TASK = "arn:aws:states:::lambda:invoke"

# (name, definition, a problem the checks name, a line of the drawing)
BROKEN: list[tuple[str, Any, str, str]] = [
    ("StartAt a number, States a list", {"StartAt": 5, "States": [{}]},
     "definition: States must be an object with at least one state (got a list)",
     "cannot draw: States must be an object with at least one state (got a list)"),
    ("States empty", {"StartAt": "A", "States": {}}, "States must be an object",
     "cannot draw: States must be an object with at least one state (got an empty object)"),
    ("not an object", [1, 2], "must be a JSON object with StartAt and States (got a list)",
     "cannot draw: the definition must be a JSON object (got a list)"),
    ("StartAt a number", {"StartAt": 5, "States": {"A": PASS_END}},
     "StartAt: must be the name of the first state (got 5)", "│ A           Pass │"),
    ("Choices a number", machine(A={"Type": "Choice", "Choices": 3, "Default": "B"}, B=PASS_END),
     "States.A.Choices: a Choice state needs a non-empty Choices list (got a number)",
     "└─ Default → B"),
    ("a state that is a number", machine(A={"Type": "Pass", "Next": "B"}, B=7),
     "States.B: a state must be a JSON object (got a number)", "│ B              ? │"),
    ("Next to nowhere", machine(A={"Type": "Pass", "Next": "Nowhere"}),
     'States.A.Next: "Nowhere" is not a state', "└─ Next → Nowhere"),
    ("Branches a string", machine(P={"Type": "Parallel", "Branches": "x", "End": True}),
     "States.P.Branches: a Parallel state needs at least one branch (got a string)",
     "│ P       Parallel │"),
    ("a branch that is a number", machine(P={"Type": "Parallel", "Branches": [5], "End": True}),
     "States.P.Branches[0]: a branch must be an object with StartAt and States (got a number)",
     "│ P       Parallel │"),
    ("a branch whose States is a list",
     machine(P={"Type": "Parallel", "Branches": [{"StartAt": "X", "States": [1]}], "End": True}),
     "States.P.Branches[0]: States must be an object with at least one state (got a list)",
     "    cannot draw: States must be an object with at least one state (got a list)"),
    ("Iterator a list", machine(M={"Type": "Map", "Iterator": [1], "End": True}),
     "States.M.Iterator: must be an object with StartAt and States (got a list)",
     "│ M            Map │"),
    ("ItemProcessor a string", machine(M={"Type": "Map", "ItemProcessor": "x", "End": True}),
     "States.M.ItemProcessor: must be an object", "│ M            Map │"),
    ("a loop nothing ends", machine(A={"Type": "Pass", "Next": "B"}, B={"Type": "Pass", "Next": "A"}),
     "no state ends the workflow", "│ B           Pass │"),
    ("unknown Type", machine(A={"Type": "Lambda", "End": True}),
     'States.A.Type: must be one of Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map (got "Lambda")',
     "│ A         Lambda │"),
    ("Type an object", machine(A={"Type": {"x": [1]}, "End": True}),
     'States.A.Type: must be one of', '│ A     {"x": [1]} │'),
    ("Catch a number", machine(A={"Type": "Task", "Resource": TASK, "Catch": 5, "End": True}),
     "States.A.Catch: must be a list (got a number)", "└─ End"),
    ("ErrorEquals a number", machine(A={"Type": "Task", "Resource": TASK, "End": True, "Catch": [
        {"ErrorEquals": 5, "Next": "A"}]}),
     "States.A.Catch[0]: each catcher needs ErrorEquals", "├─ Catch ? → A"),
    ("QueryLanguage unknown", {"QueryLanguage": "XPath", **machine(A=PASS_END)},
     "QueryLanguage: must be JSONPath or JSONata (got \"XPath\")", "│ A           Pass │"),
    ("And a string", machine(C={"Type": "Choice", "Choices": [{"And": "x", "Next": "D"}],
                                "Default": "D"}, D={"Type": "Succeed"}),
     "", "├─ And() → D"),
]


@pytest.mark.parametrize(("definition", "problem", "drawn"), [b[1:] for b in BROKEN],
                         ids=[b[0] for b in BROKEN])
def test_broken_definitions_are_named_and_drawn(definition: Any, problem: str, drawn: str) -> None:
    issues = [str(i) for i in validate(definition)]
    if problem:
        assert any(problem in i for i in issues), issues
    lines = [line.text for line in layout(definition)]
    assert any(drawn in line for line in lines), lines
    picture = draw_definition(json.dumps(definition))
    assert [str(i) for i in picture.problems] == issues
    assert [line.text for line in picture.lines] == lines


def test_a_loop_with_a_way_out_elsewhere_is_a_warning() -> None:
    definition = machine(C={"Type": "Choice", "Choices": [
        {"Variable": "$.x", "BooleanEquals": True, "Next": "Spin"}], "Default": "Done"},
        Spin={"Type": "Pass", "Next": "Spin"}, Done={"Type": "Succeed"})
    issues = validate(definition)
    assert [(i.severity, str(i)) for i in issues] == [(
        "warning", "definition: no way out of the loop through Spin: an execution that gets "
                   "there runs until it times out")]
    value, _ = validate_text(json.dumps(definition))
    assert value == definition  # a warning does not stop Create


def test_jsonata_machine_passes_and_draws_its_conditions() -> None:
    definition = {"QueryLanguage": "JSONata", "StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.total > 100 %}",
                                             "Next": "Big"}], "Default": "Small"},
        "Big": {"Type": "Pass", "Output": "{% $states.input %}", "End": True},
        "Small": {"Type": "Succeed"}}}
    assert validate(definition) == []
    assert "  ├─ {% $states.input.total > 100 %} → Big" in [line.text for line in layout(definition)]


def _deep_parallel(levels: int) -> dict[str, Any]:
    scope: dict[str, Any] = machine(A=PASS_END)
    for level in range(levels):
        scope = machine(**{f"P{level}": {"Type": "Parallel", "End": True, "Branches": [scope]}})
    return scope


@pytest.mark.parametrize("levels", [30, 1_250, 5_000])
def test_deep_parallel_nesting_is_named_not_recursed(levels: int) -> None:
    definition = _deep_parallel(levels)
    issues = [str(i) for i in validate(definition)]
    assert issues == ["the definition is nested more than 100 levels deep (objects and arrays "
                      "inside each other); the playground reads at most 100"]
    assert [line.text for line in layout(definition)] == [
        "cannot draw: " + issues[0]]
    # As text from a target json.loads itself runs out of stack before the walk: named too.
    text = json.dumps(definition) if levels < 200 else '{"States": ' * levels + "1" + "}" * levels
    picture = draw_definition(text)
    assert picture.definition is None and picture.reason is not None
    assert "nested more than 100 levels deep" in str(picture.problems[0])


def test_nesting_within_the_limit_is_drawn_level_by_level() -> None:
    definition = _deep_parallel(20)
    assert validate(definition) == []
    boxes = [line for line in layout(definition) if line.kind == "box" and "│ A" in line.text]
    assert boxes and boxes[0].text.startswith(" " * 4 * 20 + "│ A")


@pytest.mark.parametrize("text", ["[" * 5_000, '{"a":' * 5_000, "[" * 100_000 + "]" * 100_000])
def test_deep_json_text_is_a_message(text: str) -> None:
    for what, (value, issues) in (("definition", validate_text(text)), ("input", check_input(text))):
        assert value is None
        assert [str(i) for i in issues] == [
            f"{what}: nested more than 100 levels deep (objects and arrays inside each other); "
            "the playground reads at most 100"]


@pytest.mark.parametrize(("text", "expected"), [
    ("StartAt: A\nStates: {}", "the definition is not JSON (line 1, column 1: Expecting value)"),
    ('{"StartAt": NaN}', "NaN is not a JSON value"),
    ('{"a": 1e999}', "holds inf, which is not a JSON number"),
    ('{"a": ' + "9" * 5000 + "}", "holds a 5,000-digit integer; the playground reads at most 4,300 digits"),
    ("  \n ", "empty; JSON expected"),
])
def test_text_that_is_not_json_is_shown_as_it_is(text: str, expected: str) -> None:
    picture = draw_definition(text)
    assert picture.definition is None and not picture.drawn
    assert picture.reason == expected
    assert picture.lines[0].text == f"cannot draw: {expected}"
    if text.strip():
        assert picture.lines[3].text == text.splitlines()[0][:119] + ("…" if len(text) > 120 else "")


def test_a_definition_over_1_mib_is_refused_before_parsing() -> None:
    text = json.dumps({"Comment": "x" * MAX_DEFINITION_BYTES, **machine(A=PASS_END)})
    value, issues = validate_text(text)
    assert value is None
    assert [str(i) for i in issues] == ["definition: more than 1 MiB (the CreateStateMachine limit)"]
    # é is two bytes of UTF-8: the limit is on bytes, as AWS counts it.
    text = json.dumps({"Comment": "é" * (MAX_DEFINITION_BYTES // 2), **machine(A=PASS_END)},
                      ensure_ascii=False)
    assert "more than 1 MiB" in str(validate_text(text)[1][0])


def test_a_1_mib_chain_is_checked_and_drawn_up_to_the_limit() -> None:
    states: dict[str, Any] = {f"S{n}": {"Type": "Pass", "Next": f"S{n + 1}"} for n in range(20_000)}
    states["S20000"] = {"Type": "Succeed"}
    text = json.dumps({"StartAt": "S0", "States": states})
    assert len(text) < MAX_DEFINITION_BYTES
    picture = draw_definition(text)
    assert picture.problems == []
    boxes = {line.state for line in picture.lines if line.kind == "box"}
    assert boxes == {f"S{n}" for n in range(MAX_DRAWN)}
    assert picture.lines[-1].text == f"… {20_001 - MAX_DRAWN:,} more states not drawn"
    assert count_states(picture.definition) == 20_001


def test_names_the_terminal_cannot_print_are_escaped() -> None:
    definition = machine(**{"a\nb\ud800": {"Type": "Pass", "Next": "x" * 500}})
    texts = [line.text for line in layout(definition)] + [str(i) for i in validate(definition)]
    for text in texts:
        text.encode("utf-8")
        assert "\n" not in text
    assert any("a\\nb\\ud800" in t for t in texts)
    assert max(len(t) for t in texts) < 200


def test_input_empty_deep_or_not_json_is_a_message() -> None:
    assert check_input("{}") == ({}, [])
    assert check_input("0") == (0, [])
    value, issues = check_input("")
    assert value is None and [str(i) for i in issues] == [
        "input: empty: type {} to start with an empty object (StartExecution needs JSON)"]
    assert "more than 256 KiB" in str(check_input(json.dumps("x" * 300_000))[1][0])
    assert "Infinity is not a JSON value" in str(check_input("[Infinity]")[1][0])


@pytest.mark.parametrize("definition", [
    {"StartAt": "A", "States": [{"Type": "Task"}]},
    {"States": {"P": {"Type": "Parallel", "Branches": {"StartAt": "A"}}}},
    {"States": {"P": {"Type": "Parallel", "Branches": 5, "Iterator": [1]}}},
    {"States": {"A": {"Type": "Task", "Resource": ["x"], "Parameters": [1]}}},
    _deep_parallel(5),
])
def test_waiting_for_approval_reads_any_definition(definition: Any) -> None:
    """The screen asks after each history read whether the execution waits on a task token."""
    from playground.aws.stepfunctions.approval import waiting_task
    from playground.aws.stepfunctions.history import Step, Timeline

    line = Timeline([Step("A", "Task")], "RUNNING")
    assert waiting_task(definition, line) is None
