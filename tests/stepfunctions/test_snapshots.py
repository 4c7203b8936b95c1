"""What a learner sees in the Step Functions workbench, as SVG snapshots.

Deterministic: fixed machine and execution names (no generated ids on screen), fixed size,
the history and the parity note waited for.
"""

from __future__ import annotations

import json
from typing import Any

from textual.widgets import Input, TextArea

from playground.aws.stepfunctions.remote import role_arn
from playground.aws.stepfunctions.samples import load_samples
from playground.aws.stepfunctions.service import StepFunctionsService
from playground.ui.stepfunctions.dialogs import NewMachineDialog
from playground.ui.stepfunctions.screen import StepFunctionsWorkbench
from playground.ui.stepfunctions.steps import StepList
from tests.ui.helpers import make_app, wait_for

SIZE = (130, 42)


def _failed_order(target: Any) -> None:
    svc = StepFunctionsService(target)
    sample = next(s for s in load_samples() if s.key == "order-flow")
    arn = svc.create_state_machine("order-flow", json.loads(sample.definition),
                                   role_arn=role_arn(target))
    svc.start_execution(arn, {"id": "o-0", "total": 0}, "zero-total")


async def _open(pilot: Any) -> StepFunctionsWorkbench:
    app = pilot.app
    await wait_for(pilot, lambda: app.target is not None)
    screen = StepFunctionsWorkbench()
    app.push_screen(screen)
    await wait_for(pilot, lambda: screen.timeline is not None
                   and screen.timeline.status == "FAILED", what="history")
    await wait_for(pilot, lambda: screen.query_one("#parity-notes").display, timeout=30,
                   what="parity")
    return screen


def test_failed_execution_stepped_to_the_fail_state(snap_compare: Any, target: Any,
                                                    size: tuple[int, int] = SIZE) -> None:
    _failed_order(target)

    async def run_before(pilot: Any) -> None:
        screen = await _open(pilot)
        steps = screen.query_one(StepList)
        await wait_for(pilot, lambda: steps.option_count == 3)
        steps.focus()
        await pilot.press("down", "down")
        await pilot.pause()

    assert snap_compare(make_app(target), terminal_size=size, run_before=run_before)


def test_failed_execution_at_80x24(snap_compare: Any, target: Any) -> None:
    """The same at a speaker's 80x24 (#13): the history in the graph's place (g swaps)."""
    test_failed_execution_stepped_to_the_fail_state(snap_compare, target, (80, 24))


def test_failed_execution_at_120x40(snap_compare: Any, target: Any) -> None:
    """The same at 120x40 (#13): three narrower columns."""
    test_failed_execution_stepped_to_the_fail_state(snap_compare, target, (120, 40))


def test_new_machine_dialog_lists_what_is_wrong(snap_compare: Any, target: Any) -> None:
    _failed_order(target)

    async def run_before(pilot: Any) -> None:
        await _open(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, NewMachineDialog))
        area = pilot.app.screen.query_one("#sfn-definition", TextArea)
        area.text = area.text.replace('"Default": "Accept"', '"Default": "Acept"')
        area.cursor_blink = False
        for field in pilot.app.screen.query(Input):  # the focused name field blinked too
            field.cursor_blink = False
        await pilot.press("ctrl+s")
        await pilot.pause()

    assert snap_compare(make_app(target), terminal_size=SIZE, run_before=run_before)
