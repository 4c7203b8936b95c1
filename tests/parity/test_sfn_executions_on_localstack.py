"""Step Functions executions (#16) on real LocalStack: its history has the states inside a Map
(the workbench opens one iteration), StartSyncExecution and TestState answer."""

from __future__ import annotations

import json
import time
from pathlib import Path

from playground.aws.stepfunctions.express import start_sync
from playground.aws.stepfunctions.nested import nested
from playground.aws.stepfunctions.service import StepFunctionsService
from playground.aws.stepfunctions.try_state import try_state

RECORDED = json.loads((Path(__file__).parents[1] / "stepfunctions" / "histories" /
                       "localstack-nested.json").read_text())


def test_a_failed_map_iteration_is_opened(localstack) -> None:  # type: ignore[no-untyped-def]
    svc = StepFunctionsService(localstack)
    definition = RECORDED["map"]["definition"]
    arn = svc.create_state_machine("pg-parity-map", definition)
    execution = svc.start_execution(arn, {"items": [1, 3]})
    deadline = time.monotonic() + 20
    while svc.describe_execution(execution)["status"] == "RUNNING" \
            and time.monotonic() < deadline:
        time.sleep(0.2)
    found = nested(svc.history(execution), definition)
    assert found.has_nested
    runs = found.runs_of(found.top.steps[0].entered)
    assert [(r.label, r.status) for r in runs] == [("iteration 0", "succeeded"),
                                                   ("iteration 1", "failed")]
    assert runs[1].timeline.steps[-1].error == "NoThrees"


def test_an_express_machine_runs_synchronously(localstack) -> None:  # type: ignore[no-untyped-def]
    svc = StepFunctionsService(localstack)
    arn = svc.create_state_machine("pg-parity-express", {"StartAt": "No", "States": {
        "No": {"Type": "Fail", "Error": "Refused", "Cause": "not today"}}}, kind="EXPRESS")
    result = start_sync(localstack, arn, {"a": 1})
    assert (result.status, result.error, result.cause) == ("FAILED", "Refused", "not today")


def test_one_state_is_tried(localstack) -> None:  # type: ignore[no-untyped-def]
    state = {"Type": "Pass", "Parameters": {"b.$": "$.x"}, "ResultPath": "$.r", "Next": "X"}
    result = try_state(localstack, state, {"x": 1}, "DEBUG")
    assert (result.status, result.next_state) == ("SUCCEEDED", "X")
    assert json.loads(dict(result.inspection)["afterParameters"]) == {"b": 1}


def test_the_app_works_an_activity_task(localstack) -> None:  # type: ignore[no-untyped-def]
    from playground.aws.stepfunctions.activities import create_activity, get_task, send_success

    svc = StepFunctionsService(localstack)
    activity = create_activity(localstack, "pg-parity-review")
    arn = svc.create_state_machine("pg-parity-worked", {"StartAt": "Work", "States": {
        "Work": {"Type": "Task", "Resource": activity, "End": True}}})
    execution = svc.start_execution(arn, {"doc": 1})
    task = get_task(localstack, activity)
    assert task is not None and json.loads(task.input) == {"doc": 1}
    send_success(localstack, task.token, {"ok": True})
    deadline = time.monotonic() + 20
    while svc.describe_execution(execution)["status"] == "RUNNING" \
            and time.monotonic() < deadline:
        time.sleep(0.2)
    assert json.loads(svc.describe_execution(execution)["output"]) == {"ok": True}
