"""Snapshots of the execution views added for #16: retry attempts (and the views after it), at
80x24 and 160x48. Fixed machine and execution names; no clock or generated id on screen."""

from __future__ import annotations

from typing import Any

from playground.ui.stepfunctions.screen import StepFunctionsWorkbench
from playground.ui.stepfunctions.steps import StepList
from playground.ui.stepfunctions.tables import ExecutionTable
from tests.stepfunctions.test_retries import RETRIED, _run
from tests.ui.helpers import make_app, wait_for


async def _opened(pilot: Any) -> StepFunctionsWorkbench:
    app = pilot.app
    await wait_for(pilot, lambda: app.target is not None)
    screen = StepFunctionsWorkbench()
    app.push_screen(screen)
    await wait_for(pilot, lambda: screen.query_one(ExecutionTable).row_count == 1,
                   what="execution listed")
    await wait_for(pilot, lambda: screen.query_one("#parity-notes").display, timeout=30,
                   what="parity")
    return screen


def _retried(snap_compare: Any, target: Any, size: tuple[int, int]) -> None:
    _run(target, "retried", RETRIED)

    async def run_before(pilot: Any) -> None:
        screen = await _opened(pilot)
        screen.query_one(ExecutionTable).focus()
        await wait_for(pilot, lambda: screen.timeline is not None
                       and screen.timeline.status == "FAILED", what="history")
        await wait_for(pilot, lambda: screen.query_one(StepList).option_count == 1)
        await pilot.press("5")  # the detail pane, scrolled to its attempts
        screen.query_one("#sfn-detail-scroll").scroll_end(animate=False)
        await pilot.pause()

    assert snap_compare(make_app(target), terminal_size=size, run_before=run_before)


def test_retry_attempts_at_80x24(snap_compare: Any, target: Any) -> None:
    _retried(snap_compare, target, (80, 24))


def test_retry_attempts_at_160x48(snap_compare: Any, target: Any) -> None:
    _retried(snap_compare, target, (160, 48))


def _iteration(snap_compare: Any, target: Any, size: tuple[int, int], picker: bool) -> None:
    """A recorded AWS-shaped Map history (see test_nested.replay): the picker of its
    iterations, or the failed iteration opened and its Fail state picked."""
    from tests.stepfunctions.test_nested import open_iteration, replay

    async def run_before(pilot: Any) -> None:
        screen = await replay(pilot, target)
        steps = screen.query_one(StepList)
        await wait_for(pilot, lambda: steps.option_count == 2)
        if picker:
            steps.focus()
            steps.highlighted = 0
            await pilot.press("o")
            await pilot.pause()
            return
        await open_iteration(pilot, screen, 1)
        await pilot.press("down", "down")
        await pilot.pause()

    assert snap_compare(make_app(target), terminal_size=size, run_before=run_before)


def test_map_iterations_picker_at_80x24(snap_compare: Any, target: Any) -> None:
    _iteration(snap_compare, target, (80, 24), picker=True)


def test_map_iterations_picker_at_160x48(snap_compare: Any, target: Any) -> None:
    _iteration(snap_compare, target, (160, 48), picker=True)


def test_failed_iteration_opened_at_80x24(snap_compare: Any, target: Any) -> None:
    _iteration(snap_compare, target, (80, 24), picker=False)


def test_failed_iteration_opened_at_160x48(snap_compare: Any, target: Any) -> None:
    _iteration(snap_compare, target, (160, 48), picker=False)


def _sync(snap_compare: Any, target: Any, size: tuple[int, int]) -> None:
    """An EXPRESS machine run synchronously from the workbench (named, so no UUID shows)."""
    from textual.widgets import Input

    from playground.ui.stepfunctions.dialogs import StartExecutionDialog
    from playground.ui.stepfunctions.tables import MachineTable
    from tests.stepfunctions.test_express import REFUSE, _express

    _express(target, "refuse", REFUSE)

    async def run_before(pilot: Any) -> None:
        app = pilot.app
        await wait_for(pilot, lambda: app.target is not None)
        screen = StepFunctionsWorkbench()
        app.push_screen(screen)
        await wait_for(pilot, lambda: screen.query_one(MachineTable).row_count == 1)
        await wait_for(pilot, lambda: screen.query_one("#parity-notes").display, timeout=30,
                       what="parity")
        await wait_for(pilot, lambda: screen.kinds.get(screen.machine or "") == "EXPRESS")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, StartExecutionDialog))
        app.screen.query_one("#sfn-run", Input).value = "sync-1"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.sync_result is not None, timeout=30)
        await pilot.pause()

    assert snap_compare(make_app(target), terminal_size=size, run_before=run_before)


def test_sync_express_answer_at_80x24(snap_compare: Any, target: Any) -> None:
    _sync(snap_compare, target, (80, 24))


def test_sync_express_answer_at_160x48(snap_compare: Any, target: Any) -> None:
    _sync(snap_compare, target, (160, 48))


def _tried(snap_compare: Any, target: Any, size: tuple[int, int]) -> None:
    """The order flow's Choice tried with the input it got (DEBUG)."""
    from playground.aws.stepfunctions.service import StepFunctionsService
    from playground.ui.stepfunctions.try_dialog import TryStateDialog
    from tests.stepfunctions.test_workbench import _create, _text

    arn = _create(target, "order-flow")
    StepFunctionsService(target).start_execution(arn, {"id": "o-1", "total": 150}, "big")

    async def run_before(pilot: Any) -> None:
        screen = await _opened(pilot)
        screen.query_one(ExecutionTable).focus()
        steps = screen.query_one(StepList)
        await wait_for(pilot, lambda: screen.timeline is not None
                       and screen.timeline.status == "SUCCEEDED", what="history")
        steps.focus()
        steps.highlighted = 1
        await pilot.pause()
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, TryStateDialog))
        dialog = pilot.app.screen
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "next state" in _text(dialog.query_one("#sfn-try-result")),
                       timeout=20)
        for area in dialog.query("TextArea"):
            area.cursor_blink = False
        await pilot.pause()

    assert snap_compare(make_app(target), terminal_size=size, run_before=run_before)


def test_try_a_state_at_80x24(snap_compare: Any, target: Any) -> None:
    _tried(snap_compare, target, (80, 24))


def test_try_a_state_at_160x48(snap_compare: Any, target: Any) -> None:
    _tried(snap_compare, target, (160, 48))


def _worker_task(snap_compare: Any, target: Any, size: tuple[int, int]) -> None:
    """The activity worker holding a task it polled for. The task token is a random id: it is
    masked (same length) before the shot."""
    from dataclasses import replace

    from textual.widgets import Select

    from playground.aws.stepfunctions.activities import create_activity
    from playground.aws.stepfunctions.service import StepFunctionsService
    from tests.stepfunctions.test_activities import _machine, _worker

    activity = create_activity(target, "review")

    async def run_before(pilot: Any) -> None:
        dialog = await _worker(pilot)
        picker = dialog.query_one("#sfn-activity", Select)
        await wait_for(pilot, lambda: picker.value == activity, what="listed")
        dialog.query_one("#poll").press()
        await pilot.pause()
        StepFunctionsService(target).start_execution(_machine(target, activity),
                                                     {"doc": 7, "ask": "approve?"}, "ask")
        await wait_for(pilot, lambda: dialog.held is not None, timeout=20, what="task")
        # The workbench under the dialog lists the new machine and its running execution at
        # its next poll: waited for, or what shows at the dialog's edges depends on the
        # machine's load (a CI run under load drew it, the quiet one had not yet).
        bench = pilot.app.screen_stack[-2]
        await wait_for(pilot, lambda: "ask · RUNNING" in str(
            bench.query_one("#sfn-graph-pane").border_subtitle), timeout=30,
            what="the execution under the dialog")
        dialog.held = replace(dialog.held, token="T" * len(dialog.held.token))
        dialog._show_task()
        for area in dialog.query("TextArea"):
            area.cursor_blink = False
        await pilot.pause()

    assert snap_compare(make_app(target), terminal_size=size, run_before=run_before)


def test_activity_worker_with_a_task_at_80x24(snap_compare: Any, target: Any) -> None:
    _worker_task(snap_compare, target, (80, 24))


def test_activity_worker_with_a_task_at_160x48(snap_compare: Any, target: Any) -> None:
    _worker_task(snap_compare, target, (160, 48))
