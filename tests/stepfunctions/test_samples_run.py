"""The sample definitions run on the emulator to the outputs the UI promises."""

from __future__ import annotations

import json
import time
from typing import Any

from playground.aws.stepfunctions.history import timeline
from playground.aws.stepfunctions.remote import remote_validate, role_arn
from playground.aws.stepfunctions.samples import load_samples
from playground.aws.stepfunctions.service import StepFunctionsService


def run(target: Any, key: str, payload: Any) -> tuple[dict[str, Any], Any]:
    svc = StepFunctionsService(target)
    sample = next(s for s in load_samples() if s.key == key)
    arn = svc.create_state_machine(key, json.loads(sample.definition), role_arn=role_arn(target))
    execution = svc.start_execution(arn, payload)
    deadline = time.monotonic() + 15
    desc = svc.describe_execution(execution)
    while desc["status"] == "RUNNING" and time.monotonic() < deadline:
        time.sleep(0.1)
        desc = svc.describe_execution(execution)
    return desc, timeline(svc.history(execution))


def test_order_flow_accepts_a_small_order(target: Any) -> None:
    desc, line = run(target, "order-flow", {"id": "o-1", "total": 42, "note": "x"})
    assert desc["status"] == "SUCCEEDED"
    assert json.loads(desc["output"]) == {"id": "o-1", "total": 42,
                                          "result": {"status": "accepted"}}
    assert [s.name for s in line.steps] == ["Validate", "CheckTotal", "Accept", "Done"]
    assert json.loads(line.steps[0].output or "") == {"id": "o-1", "total": 42}


def test_order_flow_rejects_a_zero_total(target: Any) -> None:
    desc, line = run(target, "order-flow", {"id": "o-2", "total": 0})
    assert desc["status"] == "FAILED"
    assert (line.error, line.steps[-1].name, line.steps[-1].status) == (
        "OrderInvalid", "Reject", "failed")


def test_retry_catch_ends_in_refund_with_the_error(target: Any) -> None:
    desc, line = run(target, "retry-catch", {"order": "o-2", "amount": 30})
    assert desc["status"] == "SUCCEEDED"
    assert json.loads(desc["output"]) == {
        "order": "o-2", "amount": 30, "outcome": "refund issued",
        "error": {"Error": "PaymentDeclined", "Cause": "card expired (on purpose)"}}
    assert [s.name for s in line.steps][-1] == "Refund"


def test_remote_validation_is_answered(target: Any) -> None:
    check = remote_validate(target, json.dumps({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "End": True}}}))
    assert check.result == "OK"
