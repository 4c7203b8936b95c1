"""The app as an activity worker: headless on the emulator (a task taken, heartbeat, success or
failure), output that is not JSON named, hostile text, and the worker dialog end to end."""

from __future__ import annotations

import json
import time
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from playground.aws.stepfunctions.activities import (
    MAX_CAUSE,
    check_failure,
    check_output,
    create_activity,
    get_task,
    send_failure,
    send_heartbeat,
    send_success,
)
from playground.aws.stepfunctions.remote import role_arn
from playground.aws.stepfunctions.service import StepFunctionsService
from tests.stepfunctions.strategies import TEXT
from tests.ui.helpers import make_app, wait_for


def _machine(target: Any, activity: str, name: str = "worked") -> str:
    definition = {"StartAt": "Work", "States": {"Work": {
        "Type": "Task", "Resource": activity, "HeartbeatSeconds": 60, "TimeoutSeconds": 300,
        "End": True}}}
    return StepFunctionsService(target).create_state_machine(name, definition,
                                                             role_arn=role_arn(target))


def _ended(target: Any, execution: str) -> dict[str, Any]:
    svc = StepFunctionsService(target)
    deadline = time.monotonic() + 20
    while (d := svc.describe_execution(execution))["status"] == "RUNNING" \
            and time.monotonic() < deadline:
        time.sleep(0.1)
    return d


def test_take_a_task_beat_and_succeed(target: Any) -> None:
    activity = create_activity(target, "review")
    assert StepFunctionsService(target).tags(activity).get("playground:managed") == "true"
    execution = StepFunctionsService(target).start_execution(_machine(target, activity),
                                                             {"doc": 7})
    task = get_task(target, activity)
    assert task is not None and json.loads(task.input) == {"doc": 7}
    send_heartbeat(target, task.token)
    send_success(target, task.token, {"ok": True, "by": "ada"})
    desc = _ended(target, execution)
    assert desc["status"] == "SUCCEEDED" and json.loads(desc["output"]) == {"ok": True,
                                                                           "by": "ada"}


def test_take_a_task_and_fail_it(target: Any) -> None:
    activity = create_activity(target, "review")
    execution = StepFunctionsService(target).start_execution(_machine(target, activity), {})
    task = get_task(target, activity)
    assert task is not None
    send_failure(target, task.token, "Worker.Refused", "not my job")
    desc = _ended(target, execution)
    assert (desc["status"], desc.get("error"), desc.get("cause")) == (
        "FAILED", "Worker.Refused", "not my job")


def test_output_that_is_not_json_is_named() -> None:
    value, issues = check_output('{"ok": tru')
    assert value is None and "line 1" in str(issues[0])
    assert "empty" in str(check_output("  ")[1][0])
    assert check_output("[1, 2]") == ([1, 2], [])
    assert "256 KiB" in str(check_output('"' + "x" * 300_000 + '"')[1][0])
    assert check_failure("e" * 257, "")[0].field == "error"
    assert check_failure("", "c" * (MAX_CAUSE + 1))[0].field == "cause"
    assert check_failure("E", "\ud800")[0].message.startswith("holds a lone surrogate")


@settings(max_examples=200, deadline=None)
@given(text=st.one_of(TEXT, st.text(), st.just("1e999999999"), st.just("[" * 5000)),
       error=TEXT, cause=TEXT)
def test_any_typed_text_is_checked_not_raised(text: str, error: str, cause: str) -> None:
    value, issues = check_output(text)
    assert (value is None and issues) or not issues
    check_failure(error, cause)


# --- the dialog -------------------------------------------------------------------------------
async def _worker(pilot: Any) -> Any:
    from playground.ui.stepfunctions.screen import StepFunctionsWorkbench
    from playground.ui.stepfunctions.worker_dialog import ActivityWorkerDialog

    app = pilot.app
    await wait_for(pilot, lambda: app.target is not None)
    screen = StepFunctionsWorkbench()
    app.push_screen(screen)
    await pilot.pause()
    await pilot.press("w")
    await wait_for(pilot, lambda: isinstance(app.screen, ActivityWorkerDialog))
    return app.screen


async def test_create_poll_and_answer_from_the_dialog(target: Any) -> None:
    from textual.widgets import Input, Select, TextArea

    app = make_app(target)
    async with app.run_test(size=(140, 44)) as pilot:
        dialog = await _worker(pilot)
        dialog.query_one("#sfn-activity-name", Input).value = "review"
        await pilot.click("#create")
        picker = dialog.query_one("#sfn-activity", Select)
        await wait_for(pilot, lambda: isinstance(picker.value, str), what="created")
        activity = str(picker.value)
        await pilot.click("#poll")
        assert dialog.polling
        execution = StepFunctionsService(target).start_execution(
            _machine(target, activity), {"doc": "[/x] 7"})
        await wait_for(pilot, lambda: dialog.held is not None, timeout=20, what="the task")
        assert '"doc": "[/x] 7"' in str(dialog.query_one("#sfn-task").render())
        # Not JSON: named, nothing sent, what was typed kept.
        output = dialog.query_one("#sfn-worker-output", TextArea)
        output.text = '{"approved": yes}'
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "nothing was sent" in str(dialog.query_one(".dialog-errors").render())
        assert output.text == '{"approved": yes}'
        await pilot.click("#heartbeat")
        await wait_for(pilot, lambda: "SendTaskHeartbeat sent" in str(
            dialog.query_one(".dialog-errors").render()), what="heartbeat")
        output.text = '{"approved": true}'
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: dialog.held is None, what="answered")
        assert _ended(target, execution)["status"] == "SUCCEEDED"
        ops = [r.operation for r in target.recorder.records]
        assert {"CreateActivity", "GetActivityTask", "SendTaskHeartbeat",
                "SendTaskSuccess"} <= set(ops)


async def test_a_task_taken_after_stop_is_shown_and_closing_fails_it(target: Any) -> None:
    """Stop cannot call back the poll in flight: its task is shown, not lost; closing the
    dialog with a task held fails it, so the execution does not wait for nobody."""
    from playground.ui.stepfunctions.worker_dialog import STOPPED_ERROR

    activity = create_activity(target, "review")
    app = make_app(target)
    async with app.run_test(size=(140, 44)) as pilot:
        dialog = await _worker(pilot)
        from textual.widgets import Select

        picker = dialog.query_one("#sfn-activity", Select)
        await wait_for(pilot, lambda: picker.value == activity, what="listed")
        await pilot.click("#poll")
        await pilot.pause()
        dialog.query_one("#poll").press()  # stop at once: the first poll is in flight
        await pilot.pause()
        assert "stopping" in str(dialog.query_one("#sfn-worker-status").render())
        execution = StepFunctionsService(target).start_execution(_machine(target, activity),
                                                                 {})
        await wait_for(pilot, lambda: dialog.held is not None, timeout=20, what="late task")
        assert "came after you stopped" in str(dialog.query_one("#sfn-worker-status").render())
        await pilot.press("escape")
        desc = _ended(target, execution)
        assert (desc["status"], desc.get("error")) == ("FAILED", STOPPED_ERROR)


async def test_hostile_text_in_the_worker_dialog(target: Any) -> None:
    from tests.ui.hostile import HOSTILE_TEXTS, fill, hostile_session, paste_everywhere

    async with hostile_session(target) as (pilot, notices):
        dialog = await _worker(pilot)
        for text in HOSTILE_TEXTS:
            await fill(pilot, dialog, text)
            dialog.action_ok()
            dialog._create()
            await pilot.pause(0.2)
        await paste_everywhere(pilot, dialog, notices)
        dialog.action_cancel()
