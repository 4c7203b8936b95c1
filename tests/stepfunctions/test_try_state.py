"""Try one state (TestState): headless on the emulator, what is refused before sending,
hostile text in the dialog's fields, and the dialog from the workbench."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from playground.aws.stepfunctions.try_state import StateTry, check_try, try_state
from playground.ui.stepfunctions.try_dialog import try_result
from tests.stepfunctions.strategies import TEXT
from tests.ui.helpers import make_app, wait_for

PASS = {"Type": "Pass", "Parameters": {"b.$": "$.x"}, "ResultPath": "$.r", "Next": "After"}


def test_a_pass_state_shows_output_next_state_and_the_data_flow(target: Any) -> None:
    result = try_state(target, PASS, {"x": 1}, "DEBUG")
    assert (result.status, result.next_state) == ("SUCCEEDED", "After")
    assert json.loads(result.output or "null") == {"x": 1, "r": {"b": 1}}
    inspected = dict(result.inspection)
    assert json.loads(inspected["input"]) == {"x": 1}
    shown = try_result(result).plain
    assert "SUCCEEDED → next state After" in shown and "inspection data" in shown


def test_info_gives_the_output_only(target: Any) -> None:
    result = try_state(target, PASS, {"x": 2}, "INFO")
    assert result.inspection == [] and json.loads(result.output or "null")["r"] == {"b": 2}


def test_a_choice_picks_its_next_state_and_a_fail_state_fails(target: Any) -> None:
    choice = {"Type": "Choice", "Choices": [
        {"Variable": "$.n", "NumericGreaterThan": 10, "Next": "Big"}], "Default": "Small"}
    assert try_state(target, choice, {"n": 11}).next_state == "Big"
    assert try_state(target, choice, {"n": 1}).next_state == "Small"
    failed = try_state(target, {"Type": "Fail", "Error": "Nope", "Cause": "why"}, {})
    assert (failed.status, failed.error, failed.cause) == ("FAILED", "Nope", "why")


def test_what_is_refused_before_sending() -> None:
    _, _, issues = check_try("[1, 2]", "{}", "DEBUG")
    assert "one state is a JSON object with a Type" in str(issues[0])
    _, _, issues = check_try('{"Type": "Pass"}', "", "DEBUG")
    assert "empty" in str(issues[0])
    _, _, issues = check_try('{"Type": "Pass"', "{}", "LOUD")
    assert len(issues) == 2 and "one of INFO, DEBUG, TRACE" in str(issues[-1])
    state, payload, issues = check_try('{"Type": "Pass", "End": true}', "[0]", "TRACE")
    assert (state, payload, issues) == ({"Type": "Pass", "End": True}, [0], [])


@settings(max_examples=200, deadline=None)
@given(state=st.one_of(TEXT, st.text()), given_input=st.one_of(TEXT, st.text()),
       level=st.sampled_from(["INFO", "DEBUG", "x"]))
def test_any_text_in_the_fields_is_named_not_raised(state: str, given_input: str,
                                                    level: str) -> None:
    parsed, _, issues = check_try(state, given_input, level)
    assert parsed is None or isinstance(parsed, dict)
    if level == "x":
        assert issues


def test_any_answer_text_is_shown_as_text() -> None:
    odd = "[/x] [bold]b[/] \x1b[31m \ud800"
    shown = try_result(StateTry("FAILED", odd, odd, odd, odd, [(odd, odd)])).plain
    assert "[/x]" in shown and "\x1b" not in shown


# --- the workbench ----------------------------------------------------------------------------
async def test_try_the_picked_state_with_the_input_it_got(target: Any) -> None:
    from textual.widgets import Select, TextArea

    from playground.ui.stepfunctions.steps import StepList
    from playground.ui.stepfunctions.try_dialog import TryStateDialog
    from tests.stepfunctions.test_workbench import _open_execution, _start_sample, _text

    _start_sample(target, "order-flow", {"id": "o-1", "total": 150}, "big")
    app = make_app(target)
    async with app.run_test(size=(140, 44)) as pilot:
        screen = await _open_execution(pilot)
        steps = screen.query_one(StepList)
        await wait_for(pilot, lambda: steps.option_count >= 2, what="history")
        steps.focus()
        steps.highlighted = 1  # CheckTotal, a Choice
        await pilot.pause()
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TryStateDialog))
        dialog = app.screen
        state = json.loads(dialog.query_one("#sfn-try-state", TextArea).text)
        assert state["Type"] == "Choice"
        assert json.loads(dialog.query_one("#sfn-try-input", TextArea).text) == {
            "id": "o-1", "total": 150}
        dialog.query_one("#sfn-try-level", Select).value = "INFO"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "next state" in _text(dialog.query_one("#sfn-try-result")),
                       timeout=20, what="the answer")
        said = _text(dialog.query_one("#sfn-try-result"))
        assert "SUCCEEDED" in said
        picked = said.split("next state ")[1].split()[0]
        assert picked in state["Default"] + "".join(c["Next"] for c in state["Choices"])
        # A wrong input: named in the dialog, nothing sent, the last answer kept.
        dialog.query_one("#sfn-try-input", TextArea).text = '{"total": '
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "nothing was sent" in _text(dialog.query_one(".dialog-errors"))
        assert [r.operation for r in target.recorder.records].count("TestState") == 1
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)


async def test_hostile_text_in_the_try_dialog(target: Any) -> None:
    from playground.ui.stepfunctions.screen import StepFunctionsWorkbench
    from playground.ui.stepfunctions.try_dialog import TryStateDialog
    from tests.ui.hostile import hostile_session, submit_each, until

    async with hostile_session(target) as (pilot, notices):
        app = pilot.app
        await until(pilot, lambda: app.target is not None, what="the target")
        app.open_service("stepfunctions")
        await until(pilot, lambda: isinstance(app.screen, StepFunctionsWorkbench))
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TryStateDialog))
        await submit_each(pilot, notices)
