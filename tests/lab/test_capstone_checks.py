"""The checks and actions the capstone added, on the emulator: what passes, what each says
otherwise (a workflow waiting on a task token, answered; a rule target's InputPath and role)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from playground.lab.actions.events import put_workflow_target
from playground.lab.actions.stepfunctions import answer_task_token, wait_for_execution
from playground.lab.checks.events import rule_has_target
from playground.lab.checks.stepfunctions import execution_waiting
from playground.lab.context import LabContext, LabError
from tests.lab.helpers import lab_contexts

MACHINE = "pg-cap-flow"
QUEUE = "pg-cap-asks"


def definition(queue_url: str) -> dict[str, Any]:
    return {"StartAt": "Both", "States": {
        "Both": {"Type": "Parallel", "Next": "Ask",
                 "Branches": [{"StartAt": "Inner", "States": {"Inner": {
                     "Type": "Pass", "End": True}}}],
                 "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Done"}]},
        "Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "Parameters": {"QueueUrl": queue_url, "MessageBody": {
                    "token.$": "$$.Task.Token", "execution.$": "$$.Execution.Id"}},
                "Retry": [{"ErrorEquals": ["Sqs.ThrottlingException"]}],
                "Catch": [{"ErrorEquals": ["Rejected"], "Next": "Done"}],
                "Next": "Done"},
        "Done": {"Type": "Succeed"}}}


ctx, look = lab_contexts("capstone-order-pipeline", "pg-cap-")


@pytest.fixture
def machine(ctx: LabContext) -> str:
    url = ctx.sqs.create_queue(QUEUE)
    ctx.sfn.create_state_machine(MACHINE, definition(url))
    return ctx.state_machine_arn(MACHINE)


def test_a_waiting_execution_is_seen_then_answered(machine: str, ctx: LabContext,
                                                   look: LabContext) -> None:
    assert "no execution of pg-cap-flow is running" in execution_waiting(
        look, MACHINE, "Ask").message
    with pytest.raises(LabError, match="no execution of pg-cap-flow is waiting"):
        answer_task_token(ctx, MACHINE, QUEUE)
    ctx.sfn.start_execution(machine, {})
    wait_for_execution(ctx, MACHINE, state="Ask", timeout=20)
    waiting = execution_waiting(look, MACHINE, "Ask")
    assert waiting.passed, waiting.message
    elsewhere = execution_waiting(look, MACHINE, "Done")
    assert not elsewhere.passed and "in Ask; the step wants one waiting in Done" in elsewhere.message

    said = answer_task_token(ctx, MACHINE, QUEUE, approve=False, error="Rejected", cause="no")
    assert said.startswith("rejected (Rejected)") and said.endswith("SUCCEEDED")  # caught
    assert not execution_waiting(look, MACHINE, "Ask").passed
    with pytest.raises(LabError, match="no execution of pg-cap-flow was FAILED"):
        wait_for_execution(ctx, MACHINE, status="FAILED", timeout=1)


def test_rule_target_input_path_and_role(machine: str, ctx: LabContext, look: LabContext) -> None:
    ctx.events.create_bus("pg-cap-shop")
    ctx.events.put_rule("pg-cap-placed", {"source": ["shop"]}, bus="pg-cap-shop")
    ctx.events.put_target("pg-cap-placed", "bare", machine, bus="pg-cap-shop")
    bare = rule_has_target(look, "pg-cap-placed", "pg-cap-shop", target_arn=machine,
                           input_path="$.detail")
    assert not bare.passed and "InputPath is none (the whole event)" in bare.message
    assert "has no RoleArn" in rule_has_target(look, "pg-cap-placed", "pg-cap-shop",
                                               target_arn=machine, with_role=True).message
    ctx.events.remove_target("pg-cap-placed", "bare", bus="pg-cap-shop")

    put_workflow_target(ctx, "pg-cap-placed", MACHINE, "arn:aws:iam::000000000000:role/r",
                        bus="pg-cap-shop", input_path="$.detail")
    good = rule_has_target(look, "pg-cap-placed", "pg-cap-shop", target_arn=machine,
                           input_path="$.detail", with_role=True)
    assert good.passed, good.message
    # The rule really starts the workflow with the order as its input.
    ctx.events.put_event("shop", "Order Placed", {"id": "o-1"}, bus="pg-cap-shop")
    wait_for_execution(ctx, MACHINE, state="Ask", timeout=20)
    run = next(e for e in ctx.sfn.list_executions(machine) if e["status"] == "RUNNING")
    assert json.loads(ctx.sfn.describe_execution(run["executionArn"])["input"]) == {"id": "o-1"}
    answer_task_token(ctx, MACHINE, QUEUE, output={"ok": True})
