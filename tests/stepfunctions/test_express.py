"""Express workflows run synchronously (StartSyncExecution): headless on the emulator, the call
log's CLI and boto3 redoing it, hostile input, and the workbench creating an EXPRESS machine
and showing the answer."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from playground.aws.stepfunctions.express import SyncResult, start_sync
from playground.aws.stepfunctions.remote import role_arn
from playground.aws.stepfunctions.service import StepFunctionsService
from playground.parity import NOTES
from playground.ui.stepfunctions.express_view import sync_detail
from tests.stepfunctions.strategies import TEXT
from tests.ui.helpers import make_app, wait_for

ECHO = {"StartAt": "Greet", "States": {"Greet": {
    "Type": "Pass", "Parameters": {"greeting.$": "States.Format('hello {}', $.who)"},
    "End": True}}}
REFUSE = {"StartAt": "No", "States": {"No": {"Type": "Fail", "Error": "Refused",
                                             "Cause": "not today"}}}


def _express(target: Any, name: str, definition: dict[str, Any]) -> str:
    return StepFunctionsService(target).create_state_machine(
        name, definition, role_arn=role_arn(target), kind="EXPRESS")


def test_a_sync_run_answers_with_its_output(target: Any) -> None:
    arn = _express(target, "echo", ECHO)
    result = start_sync(target, arn, {"who": "ada"}, "first")
    assert (result.name, result.status, result.error) == ("first", "SUCCEEDED", None)
    assert json.loads(result.output or "null") == {"greeting": "hello ada"}


def test_a_failed_sync_run_answers_200_with_error_and_cause(target: Any) -> None:
    arn = _express(target, "refuse", REFUSE)
    result = start_sync(target, arn, [1, 2])
    assert (result.status, result.error, result.cause) == ("FAILED", "Refused", "not today")
    shown = sync_detail(result).plain
    assert "FAILED" in shown and "error Refused" in shown and "cause not today" in shown
    assert ("set only when the execution succeeds" in shown if result.output is None
            else "AWS sets output only when the execution succeeds; this target sent" in shown)


def test_billing_shown_where_the_target_gives_it_else_the_parity_note(target: Any) -> None:
    arn = _express(target, "echo", ECHO)
    result = start_sync(target, arn, {"who": "x"})
    shown = sync_detail(result).plain
    if result.billed:  # AWS
        assert "billed duration" in shown
    else:  # the embedded emulator gives none
        assert NOTES["express-sync-billing"].text() in shown
    billed = SyncResult("n", "SUCCEEDED", "{}", None, None, 100, 64)
    assert "billed duration 100 ms, billed memory 64 MB" in sync_detail(billed).plain


@pytest.mark.skipif(shutil.which("aws", path=str(Path(sys.executable).parent)) is None,
                    reason="awscli comes with the dev extra")
def test_the_call_log_redoes_it_with_the_cli_and_boto3(target: Any, tmp_path: Path) -> None:
    """StartSyncExecution goes to a sync- host on AWS: against the local endpoint the host
    prefix is turned off in both renderings."""
    arn = _express(target, "echo", ECHO)
    start_sync(target, arn, {"who": "cli"})
    record = next(r for r in target.recorder.records if r.operation == "StartSyncExecution")
    assert record.cli().startswith("AWS_DISABLE_HOST_PREFIX_INJECTION=true ")
    assert "--cli-read-timeout 310" in record.cli()  # an Express run may take 5 minutes
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    done = subprocess.run(["bash", "-c", record.cli()], capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(json.loads(done.stdout)["output"]) == {"greeting": "hello cli"}
    script = tmp_path / "redo.py"
    script.write_text(record.boto3())
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "hello cli" in done.stdout


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(who=TEXT)
def test_any_input_text_comes_back_whole(target: Any, who: str) -> None:
    """The input is JSON the user typed: any text in it (lone surrogates aside, which JSON
    cannot carry to the target) comes back in the output, and is shown as text."""
    arn = next((m["stateMachineArn"] for m in StepFunctionsService(target).list_state_machines()
                if m["name"] == "echo"), None) or _express(target, "echo", ECHO)
    try:
        who.encode("utf-8")
    except UnicodeEncodeError:
        return  # not sendable: the start dialog's input check names it (test_asl_input)
    result = start_sync(target, arn, {"who": who})
    assert result.status == "SUCCEEDED"
    assert json.loads(result.output or "null") == {"greeting": f"hello {who}"}
    sync_detail(result)


# --- the workbench ----------------------------------------------------------------------------
async def test_create_an_express_machine_and_run_it_synchronously(target: Any) -> None:
    from textual.widgets import Input, Select, TextArea

    from playground.ui.stepfunctions.dialogs import NewMachineDialog, StartExecutionDialog
    from tests.stepfunctions.test_workbench import _open, _text

    app = make_app(target)
    async with app.run_test(size=(140, 44)) as pilot:
        screen = await _open(pilot, machines=0)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewMachineDialog))
        dialog = app.screen
        dialog.query_one("#sfn-name", Input).value = "refuse"
        dialog.query_one("#sfn-definition", TextArea).text = json.dumps(REFUSE)
        dialog.query_one("#sfn-type", Select).value = "EXPRESS"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.machine is not None, what="created")
        await wait_for(pilot, lambda: screen.kinds.get(screen.machine or "") == "EXPRESS",
                       what="listed as EXPRESS")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, StartExecutionDialog))
        assert "synchronously" in str(app.screen.query_one(".dialog-title").render())
        app.screen.query_one("#sfn-run", Input).value = "sync-1"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.sync_result is not None, timeout=30,
                       what="the answer")
        shown = _text(screen.query_one("#sfn-detail"))
        assert "sync-1 · synchronous Express execution · FAILED" in shown
        assert "error Refused" in shown and "cause not today" in shown
        assert [r.operation for r in target.recorder.records].count("StartSyncExecution") == 1
        assert "StartExecution" not in [r.operation for r in target.recorder.records]
