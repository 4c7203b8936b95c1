"""The Step Functions workbench with hostile text: the new-machine and start-execution dialogs
(10 MB pastes included), and a machine whose execution carries markup in its input, its output,
a Fail state's error and cause. It keeps running, reads none of it as markup, reports no error."""

from __future__ import annotations

from typing import Any

from playground.aws.stepfunctions.remote import role_arn
from playground.aws.stepfunctions.service import StepFunctionsService
from playground.ui.stepfunctions.dialogs import NewMachineDialog, StartExecutionDialog
from playground.ui.stepfunctions.screen import StepFunctionsWorkbench
from playground.ui.stepfunctions.steps import StepList
from playground.ui.stepfunctions.tables import ExecutionTable, MachineTable
from tests.ui.hostile import (
    HOSTILE,
    MARK,
    hostile_session,
    submit_each,
    until,
)

DEFINITION = {
    "Comment": HOSTILE,
    "StartAt": "Echo",
    "States": {
        "Echo": {"Type": "Pass", "Result": {f"{MARK}[/x]": HOSTILE}, "ResultPath": "$.echo",
                 "Next": "Stop"},
        "Stop": {"Type": "Fail", "Error": f"{MARK}[/x]Error", "Cause": HOSTILE},
    },
}


async def test_hostile_text_in_the_step_functions_workbench(target: Any) -> None:
    sfn = StepFunctionsService(target)
    arn = sfn.create_state_machine("hostile", DEFINITION, role_arn=role_arn(target))
    sfn.start_execution(arn, {f"{MARK}[/x]": HOSTILE, "[bold]": ["[@click=app.quit]"]}, "run")
    async with hostile_session(target) as (pilot, notices):
        app = pilot.app
        await until(pilot, lambda: app.target is not None, what="the target")
        app.open_service("stepfunctions")
        await until(pilot, lambda: isinstance(app.screen, StepFunctionsWorkbench)
                       and app.screen.query_one(MachineTable).row_count == 1)
        screen: StepFunctionsWorkbench = app.screen
        await until(pilot, lambda: screen.query_one(ExecutionTable).row_count == 1,
                       what="the execution listed")
        screen.query_one(ExecutionTable).focus()
        await until(pilot, lambda: screen.timeline is not None
                       and screen.timeline.status == "FAILED", what="its history")
        steps = screen.query_one(StepList)
        await until(pilot, lambda: steps.option_count == 2, what="its steps")
        for index in (0, 1):
            steps.highlighted = index
            await pilot.pause(0.2)

        for action, dialog in (("new_machine", NewMachineDialog),
                               ("start_execution", StartExecutionDialog)):
            await until(pilot, lambda: app.screen is screen, what="back on the workbench")
            getattr(screen, f"action_{action}")()
            await until(pilot, lambda dialog=dialog: isinstance(app.screen, dialog)
                           and app.screen.query("TextArea"), what=f"the {dialog.__name__}")
            await submit_each(pilot, notices)

        await until(pilot, lambda: app.screen is screen, what="back on the workbench")
