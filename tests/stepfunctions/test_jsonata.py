"""JSONata definitions (QueryLanguage on the machine or one state) checked as AWS reads them:
Arguments, Output and Assign allowed, the JSONPath-only fields named, {% %} strings whole.
Rules from the Step Functions developer guide ("Transforming data with JSONata": JSONata
states have Arguments and Output instead of InputPath, Parameters, ResultSelector, ResultPath
and OutputPath; ItemsPath, SecondsPath and TimestampPath are marked JSONPath only)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from playground.aws.stepfunctions.validate import validate
from tests.stepfunctions.asl_run import run_asl


def _machine(state: dict[str, Any], language: str | None = "JSONata") -> dict[str, Any]:
    machine: dict[str, Any] = {"StartAt": "S", "States": {"S": {**state, "End": True}}}
    if language:
        machine["QueryLanguage"] = language
    return machine


def _said(definition: dict[str, Any]) -> list[str]:
    return [str(issue) for issue in validate(definition)]


def test_a_jsonata_machine_with_arguments_output_and_assign_is_valid() -> None:
    definition = _machine({
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Arguments": {"FunctionName": "f", "Payload": "{% $states.input %}"},
        "Output": "{% $states.result.Payload %}", "Assign": {"n": "{% $count([1]) %}"}})
    assert _said(definition) == []


def test_jsonpath_fields_in_a_jsonata_state_are_errors() -> None:
    issues = validate(_machine({"Type": "Pass", "InputPath": "$.a", "Parameters": {"x.$": "$"},
                                "ResultPath": "$.r", "OutputPath": "$"}))
    said = {issue.field: (issue.message, issue.blocking) for issue in issues}
    assert said["States.S.Parameters"] == (
        "is JSONPath only: in a JSONata state use Arguments", True)
    assert said["States.S.InputPath"][0].startswith("is JSONPath only")
    assert {"States.S.ResultPath", "States.S.OutputPath"} <= set(said)


def test_a_state_can_choose_jsonata_on_its_own() -> None:
    ok = {"StartAt": "S", "States": {"S": {"Type": "Pass", "QueryLanguage": "JSONata",
                                           "Output": "{% 1 %}", "End": True}}}
    assert _said(ok) == []
    # Without it, the machine's JSONPath applies: Output is JSONata only.
    plain = _machine({"Type": "Pass", "Output": "{% 1 %}"}, language=None)
    assert any(s.startswith("States.S.Output: is JSONata only") for s in _said(plain))
    assert any("in a JSONPath state it is plain text" in s for s in _said(plain))


def test_nested_states_take_the_machines_language() -> None:
    branch = {"StartAt": "In", "States": {"In": {"Type": "Pass", "Parameters": {"a": 1},
                                                 "End": True}}}
    definition = _machine({"Type": "Parallel", "Branches": [branch]})
    assert "States.S.Branches[0].States.In.Parameters: is JSONPath only: in a JSONata state " \
           "use Arguments" in _said(definition)


def test_unbalanced_expressions_are_named() -> None:
    said = _said(_machine({"Type": "Pass", "Output": {"a": "{% $states.input",
                                                      "b": "$x %}", "c": "{%  %}",
                                                      "d": " {% 1 %}"}}))
    assert "States.S.Output.a: starts with {% but does not end with %}: it is read as plain " \
           "text, not a JSONata expression" in said
    assert any(s.startswith("States.S.Output.b: ends with %} but does not start") for s in said)
    assert "States.S.Output.c: an empty {% %} expression" in said
    assert any(s.startswith("States.S.Output.d: has spaces around") for s in said)


def test_a_jsonpath_key_in_jsonata_arguments_is_a_warning() -> None:
    issues = validate(_machine({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                "Arguments": {"Payload.$": "$"}}))
    assert [(i.field, i.blocking) for i in issues] == [("States.S.Arguments.Payload.$", False)]
    assert "keys ending in .$ are JSONPath" in issues[0].message


def test_jsonata_choice_rules_are_conditions() -> None:
    choice = {"StartAt": "C", "QueryLanguage": "JSONata", "States": {
        "C": {"Type": "Choice", "Choices": [
            {"Condition": "{% $states.input.n > 1 %}", "Next": "D"},
            {"Variable": "$.n", "NumericEquals": 1, "Next": "D"}], "Default": "D"},
        "D": {"Type": "Succeed"}}}
    said = _said(choice)
    assert said == ["States.C.Choices[1]: a JSONata choice rule needs Condition, a {% … %} "
                    "expression that is true or false",
                    "States.C.Choices[1].Variable: is JSONPath only: a JSONata choice rule has "
                    "Condition instead"]
    choice["QueryLanguage"] = "JSONPath"
    assert any(s.startswith("States.C.Choices[0].Condition: is JSONata only") for s in _said(choice))


def test_asl_validate_says_it_with_exit_1() -> None:
    import json
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "m.json"
        path.write_text(json.dumps(_machine({"Type": "Pass", "ResultPath": "$.x"})))
        code, out, err = run_asl("validate", str(path))
    assert code == 1
    assert "States.S.ResultPath: is JSONPath only: in a JSONata state use Output or Assign" in \
        out + err


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=12)
                    | st.sampled_from(["{% $x %}", "{% ", " %}", "{%%}", "$.a", "JSONata"]),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.sampled_from(
                        ["Type", "QueryLanguage", "Arguments", "Output", "Assign", "Parameters",
                         "ResultPath", "Choices", "Condition", "Variable", "Next", "End",
                         "Branches", "ItemProcessor", "States", "StartAt", "Items", "x.$"])
                        | st.text(max_size=6), inner, max_size=4), max_leaves=20)
STATE = st.fixed_dictionaries({"Type": st.sampled_from(["Pass", "Task", "Choice", "Map",
                                                         "Parallel", "Wait", "Fail"])},
                              optional={"QueryLanguage": st.sampled_from(
                                  ["JSONata", "JSONPath", 3]), "Arguments": JSON,
                                  "Output": JSON, "Parameters": JSON, "Choices": JSON,
                                  "Branches": JSON, "ItemProcessor": JSON, "End": st.booleans()})


@settings(max_examples=300, deadline=None)
@given(top=st.sampled_from([None, "JSONata", "JSONPath", [1]]),
       states=st.dictionaries(st.text(max_size=4), STATE | JSON, max_size=4), start=JSON)
def test_any_definition_is_problems_or_ok_never_a_traceback(top: Any, states: Any,
                                                             start: Any) -> None:
    definition = {"StartAt": start, "States": states}
    if top is not None:
        definition["QueryLanguage"] = top
    for issue in validate(definition):
        assert isinstance(issue.field, str) and issue.message
