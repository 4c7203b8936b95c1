"""The Step Functions lab checks on the emulator: what they pass and what they say otherwise."""

from __future__ import annotations

from typing import Any

from playground.lab.checks.stepfunctions import (
    entered_states,
    execution_failed,
    execution_passed_through,
    state_machine_exists,
)
from playground.lab.context import LabContext
from tests.lab.helpers import lab_contexts, run_to_end

MACHINE = "pg-st-orders"
FLOW = {
    "StartAt": "Check",
    "States": {
        "Check": {"Type": "Choice", "Default": "Ok",
                  "Choices": [{"Variable": "$.n", "NumericEquals": 0, "Next": "Bad"},
                              {"Variable": "$.n", "NumericGreaterThan": 9, "Next": "Big"}]},
        "Big": {"Type": "Pass", "Next": "Ok"},
        "Ok": {"Type": "Succeed"},
        "Bad": {"Type": "Fail", "Error": "Zero", "Cause": "n is 0"},
    },
}


ctx, look = lab_contexts("sfn-first-state-machine", "pg-st-")


def run(ctx: LabContext, payload: dict[str, Any]) -> str:
    return run_to_end(ctx, MACHINE, payload, timeout=10)


def test_checks_say_when_the_state_machine_is_missing(look: LabContext) -> None:
    for result in (state_machine_exists(look, MACHINE), execution_failed(look, MACHINE),
                   execution_passed_through(look, MACHINE, "Big")):
        assert not result.passed
        assert result.message == f"state machine {MACHINE} does not exist yet"


def test_state_machine_exists_checks_the_type(ctx: LabContext, look: LabContext) -> None:
    ctx.sfn.create_state_machine(MACHINE, FLOW, tags=ctx.lab_tags())
    assert state_machine_exists(look, MACHINE).passed
    assert state_machine_exists(look, MACHINE, type="STANDARD").passed
    result = state_machine_exists(look, MACHINE, type="EXPRESS")
    assert not result.passed and "STANDARD" in result.message


def test_execution_failed_wants_the_error_name(ctx: LabContext, look: LabContext) -> None:
    ctx.sfn.create_state_machine(MACHINE, FLOW, tags=ctx.lab_tags())
    assert run(ctx, {"n": 1}) == "SUCCEEDED"
    result = execution_failed(look, MACHINE, error="Zero")
    assert not result.passed and "SUCCEEDED" in result.message
    assert run(ctx, {"n": 0}) == "FAILED"
    assert execution_failed(look, MACHINE).passed
    assert execution_failed(look, MACHINE, error="Zero").passed
    wrong = execution_failed(look, MACHINE, error="Other")
    assert not wrong.passed and "Zero" in wrong.message and "Other" in wrong.message


def test_execution_passed_through_reads_the_history(ctx: LabContext, look: LabContext) -> None:
    ctx.sfn.create_state_machine(MACHINE, FLOW, tags=ctx.lab_tags())
    assert not execution_passed_through(look, MACHINE, "Big").passed  # no execution yet
    run(ctx, {"n": 1})
    run(ctx, {"n": 0})
    result = execution_passed_through(look, MACHINE, "Big")
    assert not result.passed and "went through Big" in result.message
    assert execution_passed_through(look, MACHINE, "Bad", status="FAILED").passed
    assert not execution_passed_through(look, MACHINE, "Bad", status="SUCCEEDED").passed
    run(ctx, {"n": 10})
    assert execution_passed_through(look, MACHINE, "Big", status="SUCCEEDED").passed


def test_entered_states_keeps_the_order() -> None:
    events = [{"type": "ExecutionStarted"},
              {"type": "ChoiceStateEntered", "stateEnteredEventDetails": {"name": "Check"}},
              {"type": "ChoiceStateExited", "stateExitedEventDetails": {"name": "Check"}},
              {"type": "PassStateEntered", "stateEnteredEventDetails": {"name": "Big"}},
              {"type": "SucceedStateEntered", "stateEnteredEventDetails": {"name": "Ok"}}]
    assert entered_states(events) == ["Check", "Big", "Ok"]
