"""The Step Functions workbench driven like a learner would: create, start, step through."""

from __future__ import annotations

import json
from typing import Any

from textual.widgets import Input, Select, Static, TextArea

from playground.aws.stepfunctions.remote import role_arn
from playground.aws.stepfunctions.samples import load_samples
from playground.aws.stepfunctions.service import StepFunctionsService
from playground.ui.common.dialogs import ConfirmDialog
from playground.ui.stepfunctions.dialogs import NewMachineDialog, StartExecutionDialog
from playground.ui.stepfunctions.graph_view import GraphView
from playground.ui.stepfunctions.screen import StepFunctionsWorkbench
from playground.ui.stepfunctions.steps import StepList
from playground.ui.stepfunctions.tables import ExecutionTable, MachineTable
from tests.ui.helpers import make_app, wait_for

SIZE = (140, 44)


def _calls(target: Any, operation: str) -> list[Any]:
    return [r for r in target.recorder.records if r.operation == operation]


def _text(widget: Any) -> str:
    return str(widget.render())


def _create(target: Any, key: str) -> str:
    sample = next(s for s in load_samples() if s.key == key)
    return StepFunctionsService(target).create_state_machine(
        key, json.loads(sample.definition), role_arn=role_arn(target))


def _start_sample(target: Any, key: str, payload: Any, name: str) -> str:
    """Sample `key` created, and an execution of it started with `payload`, named `name`."""
    return StepFunctionsService(target).start_execution(_create(target, key), payload, name)


async def _open(pilot: Any, machines: int) -> StepFunctionsWorkbench:
    app = pilot.app
    await wait_for(pilot, lambda: app.target is not None)
    app.open_service("stepfunctions")
    screen = app.screen
    assert isinstance(screen, StepFunctionsWorkbench)
    await wait_for(pilot, lambda: screen.query_one(MachineTable).row_count == machines,
                   what="state machine list")
    if machines:
        await wait_for(pilot, lambda: screen.query_one(GraphView).definition, what="graph")
    else:
        await wait_for(pilot, lambda: "No state machine yet" in _text(
            screen.query_one("#sfn-note")), what="first listing")
    return screen


async def _open_execution(pilot: Any) -> StepFunctionsWorkbench:
    """The workbench on its one state machine, with its one execution listed and focused."""
    screen = await _open(pilot, machines=1)
    await wait_for(pilot, lambda: screen.query_one(ExecutionTable).row_count == 1)
    screen.query_one(ExecutionTable).focus()
    return screen


async def test_create_refuses_a_broken_definition_then_creates_a_sample(target: Any) -> None:
    app = make_app(target)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, machines=0)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewMachineDialog))
        dialog = app.screen
        area = dialog.query_one("#sfn-definition", TextArea)
        good = area.text
        area.text = good.replace('"Next": "Done"', '"Next": "Finish"')
        await pilot.press("ctrl+s")
        await pilot.pause()
        errors = _text(dialog.query_one(".dialog-errors", Static))
        assert 'States.Accept.Next: "Finish" is not a state' in errors
        assert "States.Done: not reachable" in errors and "nothing was sent" in errors
        area.text = "{"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "line 1, column 2" in _text(dialog.query_one(".dialog-errors", Static))
        assert app.screen is dialog and not _calls(target, "CreateStateMachine")
        assert not _calls(target, "ValidateStateMachineDefinition")
        dialog.query_one("#sfn-sample", Select).value = "retry-catch"
        await pilot.pause()
        assert dialog.query_one("#sfn-name", Input).value == "retry-catch"
        assert '"Charge"' in area.text
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen, what="dialog closed")
        await wait_for(pilot, lambda: screen.machine is not None
                       and screen.query_one(GraphView).definition, what="machine selected")
        assert "Refund" in _text(screen.query_one(GraphView))
        await wait_for(pilot, lambda: "created retry-catch" in _text(
            screen.query_one("#sfn-note")))
        assert [r.operation for r in target.recorder.records if not r.background][:2] == [
            "ValidateStateMachineDefinition", "CreateStateMachine"]
        desc = StepFunctionsService(target).describe_state_machine(screen.machine or "")
        assert desc["roleArn"].endswith(":role/playground-sfn")


async def test_start_keeps_bad_json_then_steps_through_history(target: Any) -> None:
    _create(target, "order-flow")
    app = make_app(target)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, machines=1)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, StartExecutionDialog))
        dialog = app.screen
        area = dialog.query_one("#sfn-input", TextArea)
        assert json.loads(area.text)["total"] == 42  # the sample's input, ready to send
        area.text = '{"id": "o-9", "total": 150,}'
        await pilot.press("ctrl+s")
        await pilot.pause()
        errors = _text(dialog.query_one(".dialog-errors", Static))
        assert "line 1, column 28: input: Expecting property name" in errors
        assert app.screen is dialog and area.text == '{"id": "o-9", "total": 150,}'
        assert not _calls(target, "StartExecution")
        area.text = '{"id": "o-9", "total": 150}'
        dialog.query_one("#sfn-run", Input).value = "big-order"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.timeline is not None
                       and screen.timeline.status == "SUCCEEDED", what="execution done")
        await wait_for(pilot, lambda: screen.query_one(ExecutionTable).rows_shown[0][1] == (
            "big-order", "SUCCEEDED"), what="listed as SUCCEEDED")
        steps = screen.query_one(StepList)
        await wait_for(pilot, lambda: steps.option_count == 5, what="steps")
        assert [s.name for s in screen.timeline.steps] == [
            "Validate", "CheckTotal", "NeedsReview", "Accept", "Done"]
        graph = screen.query_one(GraphView)
        await wait_for(pilot, lambda: graph.statuses == {n: "succeeded" for n in (
            "Validate", "CheckTotal", "NeedsReview", "Accept", "Done")}, what="graph colored")
        steps.focus()
        await pilot.press("home")
        assert graph.current == "Validate"
        await pilot.press("down", "down")
        assert graph.current == "NeedsReview"
        detail = _text(screen.query_one("#sfn-detail"))
        assert "NeedsReview · Pass state · succeeded" in detail
        assert '"total": 150' in detail and '"route": "review"' in detail


async def test_failed_execution_shows_the_error_on_the_state(target: Any) -> None:
    _start_sample(target, "order-flow", {"id": "o-0", "total": 0}, "zero")
    app = make_app(target)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_execution(pilot)
        await wait_for(pilot, lambda: screen.timeline is not None
                       and screen.timeline.status == "FAILED", what="history")
        steps = screen.query_one(StepList)
        await wait_for(pilot, lambda: steps.option_count == 3)
        steps.highlighted = 2
        await wait_for(pilot, lambda: screen.query_one(GraphView).current == "Reject")
        detail = _text(screen.query_one("#sfn-detail"))
        assert "Reject · Fail state · failed" in detail
        assert "error OrderInvalid" in detail and "the total must be above 0" in detail
        assert screen.query_one(GraphView).statuses["Reject"] == "failed"
        assert "FAILED · OrderInvalid" in str(screen.query_one("#sfn-graph-pane").border_subtitle)


async def test_delete_is_confirmed(target: Any) -> None:
    _create(target, "order-flow")
    app = make_app(target)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, machines=1)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")
        assert not _calls(target, "DeleteStateMachine")
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: screen.query_one(MachineTable).row_count == 0,
                       what="machine gone")
        assert screen.query_one(GraphView).definition is None


async def test_looking_away_and_back_reloads_graph_and_history(target: Any) -> None:
    arn = _create(target, "order-flow")
    _create(target, "retry-catch")
    StepFunctionsService(target).start_execution(arn, {"id": "o-1", "total": 5}, "small")
    app = make_app(target)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, machines=2)
        table = screen.query_one(MachineTable)
        table.focus()
        assert table.selected == arn  # listed in creation order on the emulator
        await wait_for(pilot, lambda: screen.timeline is not None, what="history")
        for _ in range(2):
            await pilot.press("down")
            await pilot.press("up")
        await wait_for(pilot, lambda: screen.query_one(GraphView).definition is not None
                       and screen.query_one(GraphView).definition.get("StartAt") == "Validate",
                       what="order-flow drawn again")
        await wait_for(pilot, lambda: screen.timeline is not None
                       and screen.timeline.status == "SUCCEEDED", what="history again")
