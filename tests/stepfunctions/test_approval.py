"""Human approval by task token: the `approval` sample on the emulator, answered headless and
from the workbench's panel."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from playground.aws.sqs.service import SqsService, look
from playground.aws.stepfunctions.approval import (
    APPROVE_OUTPUT,
    QUEUE_PLACEHOLDER,
    REJECT_CAUSE,
    REJECT_ERROR,
    Request,
    ensure_queue,
    pick_request,
    queue_name,
    short_token,
    token_in,
    waiting_task,
    with_queue,
)
from playground.aws.stepfunctions.history import timeline
from playground.aws.stepfunctions.remote import role_arn
from playground.aws.stepfunctions.samples import load_samples
from playground.aws.stepfunctions.service import StepFunctionsService

SAMPLE = next(s for s in load_samples() if s.key == "approval")


# --- headless helpers -------------------------------------------------------------------------
def test_samples_keep_their_order_and_approval_needs_a_queue() -> None:
    assert [s.key for s in load_samples()][:3] == ["order-flow", "retry-catch", "approval"]
    assert QUEUE_PLACEHOLDER in SAMPLE.definition
    task = json.loads(SAMPLE.definition)["States"]["AskForApproval"]
    assert task["Resource"].endswith(".waitForTaskToken") and task["TimeoutSeconds"] == 3600


def test_queue_name_fits_sqs() -> None:
    assert queue_name("approval") == "approval-approvals"
    assert queue_name("a" * 80) == "a" * 70 + "-approvals"
    assert queue_name("pg-é.x") == "pg---x-approvals"


def test_with_queue_replaces_only_the_placeholder() -> None:
    definition = with_queue(json.loads(SAMPLE.definition), "http://q/1/x")
    assert definition["States"]["AskForApproval"]["Parameters"]["QueueUrl"] == "http://q/1/x"
    assert QUEUE_PLACEHOLDER not in json.dumps(definition)


@pytest.mark.parametrize(("body", "token"), [
    ('{"token": "t-1"}', "t-1"),
    ('{"input": {"TaskToken": "t-2"}}', "t-2"),
    ('[{"taskToken": "t-3"}]', "t-3"),
    ('{"token": ""}', None),
    ("not json", None),
])
def test_token_in_body(body: str, token: str | None) -> None:
    assert token_in(body) == token


def test_short_token_keeps_both_ends() -> None:
    assert short_token("abc") == "abc"
    long = "A" * 8 + "x" * 300 + "Z" * 8
    assert short_token(long) == "AAAAAAAA…ZZZZZZZZ"


def test_pick_request_prefers_the_execution_named() -> None:
    mine = json.dumps({"execution": "arn:e1", "token": "t1"})
    other = json.dumps({"execution": "arn:e2", "token": "t2"})
    assert pick_request([("m2", other), ("m1", mine)], "arn:e1") == Request("m1", mine, "t1")
    assert pick_request([("m2", other)], "arn:e1") is None
    anonymous = json.dumps({"token": "t9"})
    assert pick_request([("m9", anonymous)], "arn:e1") == Request("m9", anonymous, "t9")


# --- on the emulator --------------------------------------------------------------------------
def create(target: Any, name: str = "approval", timeout_s: int | None = None) -> tuple[str, str]:
    url = ensure_queue(SqsService(target), name)
    definition = with_queue(json.loads(SAMPLE.definition), url)
    if timeout_s is not None:
        definition["States"]["AskForApproval"]["TimeoutSeconds"] = timeout_s
    arn = StepFunctionsService(target).create_state_machine(name, definition,
                                                            role_arn=role_arn(target))
    return arn, url


def until(check: Any, timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def waiting_request(target: Any, arn: str, url: str) -> tuple[str, Request]:
    svc = StepFunctionsService(target)
    execution = svc.start_execution(arn, json.loads(SAMPLE.input))
    request = until(lambda: pick_request([(m.message_id, m.body)
                                          for m in look(SqsService(target), url)[0]], execution))
    assert svc.describe_execution(execution)["status"] == "RUNNING"
    line = timeline(svc.history(execution))
    task = waiting_task(json.loads(svc.describe_state_machine(arn)["definition"]), line)
    assert task is not None and (task.state, task.queue_url, task.timeout_s) == (
        "AskForApproval", url, 3600)
    body = json.loads(request.body)
    assert body["request"] == json.loads(SAMPLE.input) and body["execution"] == execution
    return execution, request


def finished(target: Any, execution: str) -> dict[str, Any]:
    svc = StepFunctionsService(target)
    return dict(until(lambda: (d := svc.describe_execution(execution))["status"] != "RUNNING"
                      and d))


def test_queue_is_created_once_and_tagged(target: Any) -> None:
    sqs = SqsService(target)
    url = ensure_queue(sqs, "approval")
    assert ensure_queue(sqs, "approval") == url
    assert url.endswith("/approval-approvals")
    assert sqs.tags(url).get("playground:managed")


def test_approve_succeeds_through_approved(target: Any) -> None:
    arn, url = create(target)
    execution, request = waiting_request(target, arn, url)
    StepFunctionsService(target).send_task_success(request.token, APPROVE_OUTPUT)
    desc = finished(target, execution)
    assert desc["status"] == "SUCCEEDED"
    assert json.loads(desc["output"])["approval"] == APPROVE_OUTPUT
    line = timeline(StepFunctionsService(target).history(execution))
    assert [s.name for s in line.steps] == ["AskForApproval", "Decision", "Approved"]


def test_reject_fails_with_rejected(target: Any) -> None:
    arn, url = create(target)
    execution, request = waiting_request(target, arn, url)
    StepFunctionsService(target).send_task_failure(request.token, REJECT_ERROR, REJECT_CAUSE)
    desc = finished(target, execution)
    assert (desc["status"], desc["error"]) == ("FAILED", "Rejected")
    line = timeline(StepFunctionsService(target).history(execution))
    assert [(s.name, s.status) for s in line.steps] == [("AskForApproval", "caught"),
                                                        ("Rejected", "failed")]
    assert line.steps[0].error == "Rejected" and line.steps[0].cause == REJECT_CAUSE


def test_a_false_decision_is_rejected_too(target: Any) -> None:
    arn, url = create(target)
    execution, request = waiting_request(target, arn, url)
    StepFunctionsService(target).send_task_success(request.token, {"approved": False})
    desc = finished(target, execution)
    assert (desc["status"], desc["error"]) == ("FAILED", "Rejected")


def test_no_answer_in_time_is_caught_as_rejected(target: Any) -> None:
    arn, _url = create(target, timeout_s=1)
    execution = StepFunctionsService(target).start_execution(arn, {})
    desc = finished(target, execution)
    assert (desc["status"], desc["error"]) == ("FAILED", "Rejected")
    line = timeline(StepFunctionsService(target).history(execution))
    assert line.steps[0].name == "AskForApproval" and line.steps[0].status == "caught"


# --- the workbench ----------------------------------------------------------------------------
async def test_create_start_and_approve_from_the_workbench(target: Any) -> None:
    from textual.widgets import Select, Static

    from playground.ui.stepfunctions.dialogs import (
        NewMachineDialog,
        StartExecutionDialog,
    )
    from playground.ui.stepfunctions.screen import StepFunctionsWorkbench
    from playground.ui.stepfunctions.tables import ExecutionTable
    from tests.ui.helpers import make_app, wait_for

    app = make_app(target)
    async with app.run_test(size=(140, 44)) as pilot:
        await wait_for(pilot, lambda: app.target is not None)
        app.open_service("stepfunctions")
        screen = app.screen
        assert isinstance(screen, StepFunctionsWorkbench)
        await wait_for(pilot, lambda: "No state machine yet" in str(
            screen.query_one("#sfn-note").render()), what="first listing")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewMachineDialog))
        dialog = app.screen
        note = dialog.query_one("#sfn-queue-note", Static)
        assert not note.display
        dialog.query_one("#sfn-sample", Select).value = "approval"
        await pilot.pause()
        said = str(note.render())
        assert note.display and "approval-approvals" in said and "sqs:SendMessage" in said
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.machine is not None, what="machine created")
        url = SqsService(target).queue_url("approval-approvals")
        definition = json.loads(StepFunctionsService(target).describe_state_machine(
            screen.machine or "")["definition"])
        assert definition["States"]["AskForApproval"]["Parameters"]["QueueUrl"] == url
        await wait_for(pilot, lambda: "approvals to queue approval-approvals" in str(
            screen.query_one("#sfn-note").render()), what="create note")

        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, StartExecutionDialog))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.request is not None, what="request read")
        pane = screen.query_one("#sfn-approval-scroll")
        assert pane.display
        token = screen.request.token if screen.request else ""
        shown = str(screen.query_one("#sfn-approval").render())
        assert "AskForApproval waits on a task token" in shown
        assert short_token(token) in shown and token not in shown
        assert "deploy v2 to production" in shown and "a approve: SendTaskSuccess" in shown
        assert screen.timeline is not None and screen.timeline.status == "RUNNING"

        await pilot.press("a")
        await wait_for(pilot, lambda: screen.timeline is not None
                       and screen.timeline.status == "SUCCEEDED", what="approved")
        assert [s.name for s in screen.timeline.steps] == ["AskForApproval", "Decision",
                                                           "Approved"]
        await wait_for(pilot, lambda: not pane.display, what="panel gone")
        await wait_for(pilot, lambda: screen.query_one(ExecutionTable).rows_shown[0][1][1]
                       == "SUCCEEDED", what="listed as SUCCEEDED")
        await wait_for(pilot, lambda: "request deleted from the queue" in str(
            screen.query_one("#sfn-note").render()), what="deleted note")
        assert SqsService(target).summary(url).visible == 0
        sent = [r for r in target.recorder.records if r.operation == "SendTaskSuccess"]
        assert len(sent) == 1


async def test_reject_from_the_workbench(target: Any) -> None:
    from playground.ui.stepfunctions.screen import StepFunctionsWorkbench
    from playground.ui.stepfunctions.tables import ExecutionTable
    from tests.ui.helpers import make_app, wait_for

    arn, _url = create(target)
    StepFunctionsService(target).start_execution(arn, {"what": "x"}, "ask")
    app = make_app(target)
    async with app.run_test(size=(140, 44)) as pilot:
        await wait_for(pilot, lambda: app.target is not None)
        app.open_service("stepfunctions")
        screen = app.screen
        assert isinstance(screen, StepFunctionsWorkbench)
        await wait_for(pilot, lambda: screen.query_one(ExecutionTable).row_count == 1)
        screen.query_one(ExecutionTable).focus()
        await wait_for(pilot, lambda: screen.request is not None, what="request read")
        await pilot.press("x")
        await wait_for(pilot, lambda: screen.timeline is not None
                       and screen.timeline.status == "FAILED", what="rejected")
        assert screen.timeline.error == "Rejected"
        assert screen.timeline.steps[0].cause == REJECT_CAUSE
