"""Retry, Catch and definition checks on the emulator, and the history reading under them."""

from __future__ import annotations

from typing import Any

from playground.lab.actions.stepfunctions import sfn_fix_while_retrying
from playground.lab.checks.stepfunctions import (
    execution_caught,
    has_fields,
    state_defined,
    state_retried,
    visits,
)
from playground.lab.context import LabContext
from tests.lab.helpers import lab_contexts, run_to_end

MACHINE = "pg-st-ship"


def ship(target: Any, *, attempts: int = 2) -> dict[str, Any]:
    """A Task that sends to a queue that is not there (yet): every attempt fails."""
    url = f"https://sqs.{target.region}.amazonaws.com/000000000000/pg-st-shipping"
    return {"StartAt": "Ship", "States": {
        "Ship": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                 "Parameters": {"QueueUrl": url, "MessageBody.$": "$"},
                 "ResultPath": "$.shipment",
                 "Retry": [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 1,
                            "BackoffRate": 1, "MaxAttempts": attempts}],
                 "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error",
                            "Next": "Later"}],
                 "Next": "Done"},
        "Later": {"Type": "Pass", "End": True},
        "Done": {"Type": "Pass", "End": True}}}


ctx, look = lab_contexts("sfn-error-handling", "pg-st-")


def run(ctx: LabContext, payload: dict[str, Any]) -> str:
    return run_to_end(ctx, MACHINE, payload, timeout=20)


def test_retries_then_catch_are_read_from_the_history(target: Any, ctx: LabContext,
                                                      look: LabContext) -> None:
    assert not state_retried(look, MACHINE, "Ship").passed
    ctx.sfn.create_state_machine(MACHINE, ship(target), tags=ctx.lab_tags())
    assert state_retried(look, MACHINE, "Ship").message == f"{MACHINE} has no finished execution yet"
    assert run(ctx, {"id": "o-1"}) == "SUCCEEDED"  # the Catch handled it

    two = state_retried(look, MACHINE, "Ship", at_least=2, then="failed")
    assert two.passed, two.message
    assert "Ship was retried 2 times" in two.message
    three = state_retried(look, MACHINE, "Ship", at_least=3)
    assert not three.passed and "the most seen was 2 retries" in three.message
    assert not state_retried(look, MACHINE, "Ship", then="succeeded").passed

    caught = execution_caught(look, MACHINE, "Ship", "Later", error_at="$.error")
    assert caught.passed, caught.message
    assert "error is kept at $.error" in caught.message
    wrong = execution_caught(look, MACHINE, "Ship", "Elsewhere")
    assert not wrong.passed and "went to Later" in wrong.message
    lost = execution_caught(look, MACHINE, "Ship", "Later", error_at="$.problem")
    assert not lost.passed and "without the error at $.problem" in lost.message


def test_a_retry_that_succeeds_once_the_queue_exists(target: Any, ctx: LabContext,
                                                     look: LabContext) -> None:
    ctx.sfn.create_state_machine(MACHINE, ship(target, attempts=3), tags=ctx.lab_tags())
    said = sfn_fix_while_retrying(ctx, MACHINE, "Ship", "pg-st-shipping", {"id": "o-2"})
    assert said.endswith("SUCCEEDED")
    ok = state_retried(look, MACHINE, "Ship", then="succeeded")
    assert ok.passed, ok.message
    assert not execution_caught(look, MACHINE, "Ship", "Later").passed
    assert ctx.sqs.tags(ctx.queue_url("pg-st-shipping"))["playground:lab"] == "sfn-error-handling"


def test_state_defined_reads_nested_states_and_retrier_fields(ctx: LabContext,
                                                              look: LabContext) -> None:
    inner = {"StartAt": "Pack", "States": {"Pack": {
        "Type": "Pass", "End": True}}}
    ctx.sfn.create_state_machine(MACHINE, {"StartAt": "Items", "States": {"Items": {
        "Type": "Map", "MaxConcurrency": 2, "ItemProcessor": inner, "End": True,
        "Retry": [{"ErrorEquals": ["States.ALL"], "BackoffRate": 2.0, "MaxAttempts": 3}]}}},
        tags=ctx.lab_tags())
    assert state_defined(look, MACHINE, "Pack", type="Pass").passed
    assert state_defined(look, MACHINE, "Items", fields={
        "MaxConcurrency": 2, "Retry": [{"BackoffRate": 2, "MaxAttempts": 3}]}).passed
    wrong = state_defined(look, MACHINE, "Items", fields={"Retry": [{"MaxAttempts": 5}]})
    assert not wrong.passed and "does not have the wanted Retry" in wrong.message
    assert "is a Map state" in state_defined(look, MACHINE, "Items", type="Task").message
    assert "no state named Nope" in state_defined(look, MACHINE, "Nope").message


def test_has_fields_matches_list_items_and_keeps_booleans_apart() -> None:
    assert has_fields([{"a": 1, "b": 2}, {"c": 3}], [{"c": 3}])
    assert not has_fields([{"a": 1}], [{"a": 1}, {"d": 4}])
    assert not has_fields(1, True) and not has_fields(True, 1)
    assert has_fields({"x": ["A", "B"]}, {"x": ["B"]})


def test_visits_read_an_aws_shaped_history_with_no_exit_after_a_caught_failure() -> None:
    def entered(name: str, payload: str = "{}") -> dict[str, Any]:
        return {"type": "TaskStateEntered",
                "stateEnteredEventDetails": {"name": name, "input": payload}}

    events = [{"type": "ExecutionStarted"}, entered("Ship"),
              {"type": "TaskScheduled"}, {"type": "TaskStarted"},
              {"type": "TaskFailed", "taskFailedEventDetails": {"error": "SQS.X"}},
              {"type": "TaskScheduled"}, {"type": "TaskStarted"},
              {"type": "TaskTimedOut", "taskTimedOutEventDetails": {"error": "States.Timeout"}},
              entered("Later", '{"error": {"Error": "States.Timeout"}}'),
              {"type": "ExecutionSucceeded"}]
    [visit] = visits(events, "Ship")
    assert visit.failures == ("SQS.X", "States.Timeout")
    assert not visit.succeeded and visit.retries == 1
    assert visit.next_state == "Later" and visit.next_input is not None
    assert visits(events, "Nowhere") == []
