"""A failure a Catch took is drawn as caught (not succeeded): on the emulator, whose caught
Parallel writes no failure event, and on AWS-shaped histories."""

from __future__ import annotations

import json
import time
from typing import Any

from playground.aws.stepfunctions.history import timeline
from playground.aws.stepfunctions.remote import role_arn
from playground.aws.stepfunctions.service import StepFunctionsService
from playground.ui.stepfunctions.graph_view import GraphView
from playground.ui.stepfunctions.steps import StepList
from tests.stepfunctions.test_workbench import _open_execution, _start_sample, _text
from tests.ui.helpers import make_app, wait_for

TASK = {"StartAt": "Call", "States": {
    "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
             "Parameters": {"FunctionName": "no-such-function"},
             "Catch": [{"ErrorEquals": ["States.TaskFailed", "States.ALL"], "Next": "[/x]"}],
             "Next": "Done"},
    "Done": {"Type": "Succeed"},
    "[/x]": {"Type": "Pass", "End": True}}}


def _finished(svc: StepFunctionsService, execution: str) -> None:
    deadline = time.monotonic() + 15
    while svc.describe_execution(execution)["status"] == "RUNNING" and \
            time.monotonic() < deadline:
        time.sleep(0.1)


def test_caught_task_on_the_emulator(target: Any) -> None:
    svc = StepFunctionsService(target)
    arn = svc.create_state_machine("caught-task", TASK, role_arn=role_arn(target))
    execution = svc.start_execution(arn, {})
    _finished(svc, execution)
    line = timeline(svc.history(execution), TASK)
    call = line.steps[0]
    assert (call.name, call.status, call.caught_to) == ("Call", "caught", "[/x]")
    assert call.caught_by == "Catch States.TaskFailed, States.ALL"
    assert line.caught() == {"Call": "[/x]"}


async def test_caught_parallel_is_drawn_caught_not_green(target: Any) -> None:
    _start_sample(target, "retry-catch", {"order": "o-2", "amount": 30}, "declined")
    app = make_app(target)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _open_execution(pilot)
        await wait_for(pilot, lambda: screen.timeline is not None
                       and screen.timeline.status == "SUCCEEDED", what="history")
        steps = screen.query_one(StepList)
        names = [s.name for s in screen.timeline.steps]
        steps.highlighted = names.index("Charge")
        graph = screen.query_one(GraphView)
        await wait_for(pilot, lambda: graph.current == "Charge", what="Charge shown")
        assert graph.statuses["Charge"] == "caught"
        assert graph.statuses["Refund"] == "succeeded"
        drawn = _text(graph)
        assert "└─ Catch States.ALL → Refund ⤳ caught" in drawn
        assert "│ retry PaymentDeclined ×1 1s ×2.0" in drawn  # the Retry on its state
        detail = _text(screen.query_one("#sfn-detail"))
        assert "Charge · Parallel state · caught" in detail
        assert "caught: Catch States.ALL → Refund" in detail
        assert "retry PaymentDeclined ×1 1s ×2.0" in detail


def _event(i: int, kind: str, **details: Any) -> dict[str, Any]:
    key = "stateEnteredEventDetails" if kind.endswith("Entered") else \
        "stateExitedEventDetails" if kind.endswith("Exited") else \
        f"{kind[0].lower()}{kind[1:]}EventDetails"
    return {"id": i, "type": kind, key: details}


PAR = {"StartAt": "Par", "States": {
    "Par": {"Type": "Parallel", "Next": "Ok", "Branches": [{"StartAt": "In", "States": {
        "In": {"Type": "Fail", "Error": "Bad"}}}],
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Fix"}]},
    "Ok": {"Type": "Succeed"}, "Fix": {"Type": "Pass", "End": True}}}


def test_aws_parallel_failed_event_belongs_to_the_parallel() -> None:
    events = [_event(1, "ExecutionStarted", input="{}"),
              _event(2, "ParallelStateEntered", name="Par", input="{}"),
              _event(3, "ParallelStateStarted"),
              _event(4, "FailStateEntered", name="In", input="{}"),
              _event(5, "FailStateExited", name="In", output="{}"),
              _event(6, "ParallelStateFailed", error="Bad", cause="c"),
              _event(7, "ParallelStateExited", name="Par", output="{}"),
              _event(8, "PassStateEntered", name="Fix", input="{}"),
              _event(9, "PassStateExited", name="Fix", output="{}"),
              _event(10, "ExecutionSucceeded", output="{}")]
    line = timeline(events)
    par = line.steps[0]
    assert (par.status, par.error) == ("caught", "Bad")
    line = timeline(events, PAR)
    assert line.caught() == {"Par": "Fix"}


def test_a_retry_that_got_through_is_not_caught() -> None:
    task = {"StartAt": "T", "States": {"T": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Ok",
        "Retry": [{"ErrorEquals": ["States.ALL"]}],
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Fix"}]},
        "Ok": {"Type": "Succeed"}, "Fix": {"Type": "Pass", "End": True}}}
    events = [_event(1, "TaskStateEntered", name="T", input="{}"),
              _event(2, "TaskScheduled"), _event(3, "TaskFailed", error="Boom"),
              _event(4, "TaskScheduled"), _event(5, "TaskSucceeded", output="{}"),
              _event(6, "TaskStateExited", name="T", output="{}"),
              _event(7, "SucceedStateEntered", name="Ok", input="{}")]
    step = timeline(events, task).steps[0]
    assert (step.status, step.attempts, step.caught_to) == ("succeeded", 2, None)
    assert json.loads(step.output or "") == {}


def test_a_failed_visit_left_without_an_exit_event_is_caught_by_its_catch() -> None:
    """Should a target write no TaskStateExited for a caught failure, the Catch's state
    entered next still says what happened."""
    events = [_event(1, "TaskStateEntered", name="Call", input="{}"),
              _event(2, "TaskScheduled"), _event(3, "TaskFailed", error="Boom"),
              _event(4, "PassStateEntered", name="[/x]", input='{"Error": "Boom"}'),
              _event(5, "PassStateExited", name="[/x]", output="{}"),
              _event(6, "ExecutionSucceeded", output="{}")]
    assert timeline(events).steps[0].status == "running"  # without the definition: unknown
    call = timeline(events, TASK).steps[0]
    assert (call.status, call.caught_to, call.output) == ("caught", "[/x]", '{"Error": "Boom"}')


def test_caught_parallel_at_80x24(snap_compare: Any, target: Any) -> None:
    """The graph pane at 80x24 ('g'), stepped to the caught Charge: its Retry in its box, the
    Catch line it took marked."""
    _start_sample(target, "retry-catch", {"order": "o-2", "amount": 30}, "declined")

    async def run_before(pilot: Any) -> None:
        screen = await _open_execution(pilot)
        await wait_for(pilot, lambda: screen.timeline is not None
                       and screen.timeline.status == "SUCCEEDED", what="history")
        await wait_for(pilot, lambda: screen.query_one("#parity-notes").display, timeout=30,
                       what="parity")
        steps = screen.query_one(StepList)
        await wait_for(pilot, lambda: steps.option_count == 3)
        steps.highlighted = 1
        await wait_for(pilot, lambda: screen.query_one(GraphView).current == "Charge")
        await pilot.press("g")
        await pilot.pause()

    assert snap_compare(make_app(target), terminal_size=(80, 24), run_before=run_before)
