"""EXPRESS machines in labs on the emulator: created by type, run synchronously, seen in a queue."""

from __future__ import annotations

from typing import Any

from playground.lab.actions.stepfunctions import create_state_machine, start_sync_execution
from playground.lab.checks.stepfunctions import sfn_queue_holds, state_machine_exists
from playground.lab.context import LabContext
from tests.lab.helpers import lab_contexts

QUEUE = "pg-sx-results"


def record(target: Any) -> dict[str, Any]:
    url = f"https://sqs.{target.region}.amazonaws.com/000000000000/{QUEUE}"
    return {"StartAt": "Record", "States": {"Record": {
        "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
        "Parameters": {"QueueUrl": url, "MessageBody": {
            "machine.$": "$$.StateMachine.Name", "order.$": "$"}},
        "End": True}}}


ctx, look = lab_contexts("sfn-express-vs-standard", "pg-sx-")


def test_an_express_machine_run_synchronously_leaves_its_line(target: Any, ctx: LabContext,
                                                              look: LabContext) -> None:
    missing = sfn_queue_holds(look, QUEUE, {"machine": "pg-sx-express"})
    assert not missing.passed and missing.message == f"queue {QUEUE} does not exist yet"
    url = ctx.sqs.create_queue(QUEUE, tags=ctx.lab_tags())
    ctx.sqs.send(url, "not json {")  # a body a workflow did not write is not counted
    assert create_state_machine(ctx, "pg-sx-express", record(target), type="EXPRESS") == (
        "created EXPRESS state machine pg-sx-express")
    assert state_machine_exists(look, "pg-sx-express", type="EXPRESS").passed
    assert not state_machine_exists(look, "pg-sx-express", type="STANDARD").passed

    assert start_sync_execution(ctx, "pg-sx-express", {"id": "o-1"}) == (
        "ran pg-sx-express synchronously: SUCCEEDED")
    one = sfn_queue_holds(look, QUEUE, {"machine": "pg-sx-express"})
    assert one.passed, one.message
    assert one.message.startswith(f'{QUEUE} holds 1 message containing {{"machine":')
    two = sfn_queue_holds(look, QUEUE, {"machine": "pg-sx-express"}, at_least=2)
    assert not two.passed and "the step wants at least 2" in two.message
    assert not sfn_queue_holds(look, QUEUE, {"machine": "pg-sx-standard"}).passed
    # The sync call is recorded for the call log with its own operation name.
    assert "StartSyncExecution" in [r.operation for r in target.recorder.records]
