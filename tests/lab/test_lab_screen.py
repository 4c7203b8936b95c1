"""The lab screen, driven with Pilot against the real emulator, and one snapshot mid-lab."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Markdown, Static

from playground.aws.sqs.service import SqsService
from playground.lab import engine
from playground.lab.engine import LabSession
from playground.ui.common.dialogs import ConfirmDialog
from playground.ui.lab.checks import LabCheckResults
from playground.ui.lab.screen import LabScreen
from playground.ui.lab.steps import LabStepList
from playground.ui.shell.app import PlaygroundApp
from tests.lab.conftest import shipped_labs
from tests.ui.helpers import QUIET, Notices, settle

LAB = "sqs-first-queue"


def lab_of(app: PlaygroundApp) -> LabScreen:
    screen = app.screen
    assert isinstance(screen, LabScreen)
    return screen


async def open_lab(pilot: Any, lab_id: str = LAB) -> LabScreen:
    pilot.app.open_lab(lab_id)
    await settle(pilot, until=lambda: isinstance(pilot.app.screen, LabScreen)
                 and bool(pilot.app.screen.reports))
    return lab_of(pilot.app)


def checks_text(screen: LabScreen) -> str:
    return str(screen.query_one(LabCheckResults).render())


async def test_do_it_for_me_passes_the_step_and_keeps_checks_out_of_the_call_log(target) -> None:
    app = PlaygroundApp(settings=QUIET, target=target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_lab(pilot)
        assert screen.progress is not None and screen.progress.current == 0
        assert "✗ queue pg-sqs101-orders does not exist yet" in checks_text(screen)

        await pilot.press("s")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot, until=lambda: screen.progress is not None
                     and screen.progress.current == 1)

        assert screen.progress is not None and "create-queue" in screen.progress.passed
        assert screen.selected == 0, "the step the learner watched stays, showing why it worked"
        assert screen.query_one("#lab-explanation", Markdown).display
        assert "✓ queue pg-sqs101-orders exists" in checks_text(screen)
        operations = [r.operation for r in target.recorder.records]
        assert "CreateQueue" in operations
        assert not {"GetQueueUrl", "GetQueueAttributes"} & set(operations)

        await pilot.press("n")
        assert screen.selected == 1
        assert "ReceiveMessageWaitTimeSeconds 0; the step wants 20" in checks_text(screen)


async def test_a_step_done_outside_the_screen_is_noticed(target) -> None:
    app = PlaygroundApp(settings=QUIET, target=target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_lab(pilot)
        # The same recorder as the app's: like a workbench action, it triggers a re-check.
        SqsService(target).create_queue("pg-sqs101-orders")
        await settle(pilot, until=lambda: screen.progress is not None
                     and screen.progress.current == 1)
        assert screen.progress is not None and screen.progress.current == 1


async def test_hints_come_one_at_a_time(target) -> None:
    app = PlaygroundApp(settings=QUIET, target=target)
    notices = Notices()
    async with app.run_test(size=(120, 40), message_hook=notices) as pilot:
        screen = await open_lab(pilot)
        hints = screen.query_one("#lab-hints", Markdown)
        assert not hints.display
        await pilot.press("h")
        assert screen.hints_shown == {0: 1} and hints.display
        await pilot.press("h", "h")
        assert screen.hints_shown == {0: 2}
        assert any("No more hints" in m for m in notices.messages)


async def test_lab_commands_in_the_palette(target) -> None:
    app = PlaygroundApp(settings=QUIET, target=target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_lab(pilot)
        await pilot.press("ctrl+p", *"lab: show next hint")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.hints_shown == {0: 1}


async def test_a_resumed_lab_shows_the_steps_already_passed(target) -> None:
    LabSession(shipped_labs()[0], target).solve_through(1)
    app = PlaygroundApp(settings=QUIET, target=target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_lab(pilot)
        assert screen.progress is not None
        assert screen.progress.passed == {"create-queue", "long-polling"}
        assert screen.selected == 2


async def test_reset_deletes_the_lab_queue_and_starts_over(target) -> None:
    LabSession(shipped_labs()[0], target).solve_through(0)
    app = PlaygroundApp(settings=QUIET, target=target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_lab(pilot)
        await pilot.press("R")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot, until=lambda: screen.progress is not None
                     and not screen.progress.passed and screen.reports.get(0) is not None)
        assert SqsService(target).list_queue_urls("pg-sqs101-") == []
        assert screen.selected == 0


async def test_an_unknown_lab_says_so_and_goes_back(target) -> None:
    app = PlaygroundApp(settings=QUIET, target=target)
    notices = Notices()
    async with app.run_test(size=(120, 40), message_hook=notices) as pilot:
        await settle(pilot)
        app.open_lab("no-such-lab")
        await settle(pilot)
        assert not isinstance(app.screen, LabScreen)
        assert any("unknown lab 'no-such-lab'" in m for m in notices.messages)


def test_snapshot_mid_lab(snap_compare, target, monkeypatch: pytest.MonkeyPatch,
                          size: tuple[int, int] = (120, 40)) -> None:
    """Step 3 of 4: two steps passed, the third failing with what is missing, one hint shown."""
    # The commands on screen name the emulator's port, which is random when 45666 is busy.
    monkeypatch.setattr(engine, "aws_cli", lambda _: "aws --endpoint-url http://127.0.0.1:4566")
    LabSession(shipped_labs()[0], target).solve_through(1)

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await open_lab(pilot)
        await pilot.press("h")
        await settle(pilot)

    app = PlaygroundApp(settings=QUIET, target=target)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_snapshot_mid_lab_at_80x24(snap_compare, target, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same at a speaker's 80x24 (#13): narrow step list, commands folded with ` \\`."""
    test_snapshot_mid_lab(snap_compare, target, monkeypatch, (80, 24))


def step_marks(screen: LabScreen) -> list[str]:
    steps = screen.query_one(LabStepList)
    return [str(steps.get_option_at_index(i).prompt)[0] for i in range(steps.option_count)]


async def test_steps_done_earlier_are_checked_again_when_the_lab_opens(target) -> None:
    LabSession(shipped_labs()[0], target).solve_through(1)
    target.reset()  # the queue is gone; stored progress still says steps 1 and 2 passed
    app = PlaygroundApp(settings=QUIET, target=target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_lab(pilot)
        await settle(pilot, until=lambda: screen.progress is not None and screen.progress.broken)
        assert screen.progress is not None and screen.progress.broken == (0, 1)
        assert step_marks(screen) == ["✗", "✗", "▶", "·"]

        await pilot.press("p", "p")
        assert screen.selected == 0
        assert "✗ queue pg-sqs101-orders does not exist yet" in checks_text(screen)
        assert "no longer holds" in str(screen.query_one("#lab-step-title", Static).render())
        assert "0 of 4 steps" in str(screen.query_one("#lab-progress-label", Static).render())

        await pilot.press("s")  # do it again for me, on the step that no longer holds
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot, until=lambda: screen.progress is not None
                     and 0 not in screen.progress.broken)
        assert step_marks(screen)[0] == "✓"


async def test_a_step_whose_queue_went_away_meanwhile_fails_on_return(target) -> None:
    LabSession(shipped_labs()[0], target).solve_through(1)
    app = PlaygroundApp(settings=QUIET, target=target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_lab(pilot)
        await settle(pilot, until=lambda: 0 in screen.reports)
        assert step_marks(screen) == ["✓", "✓", "▶", "·"]

        app.push_screen(ConfirmDialog("away", "the learner is elsewhere", "OK"))
        await settle(pilot)
        sqs = SqsService(target)
        sqs.delete_queue(sqs.list_queue_urls("pg-sqs101-orders")[0])
        app.pop_screen()
        await settle(pilot, until=lambda: screen.progress is not None and screen.progress.broken)

        assert screen.progress is not None and screen.progress.broken == (0, 1)
        assert step_marks(screen) == ["✗", "✗", "▶", "·"]


async def test_a_complete_lab_stays_complete_where_the_lab_moved_on(target) -> None:
    LabSession(shipped_labs()[0], target).solve_through()
    app = PlaygroundApp(settings=QUIET, target=target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_lab(pilot)
        await settle(pilot, until=lambda: 3 in screen.reports)
        assert screen.progress is not None and screen.progress.complete
        assert step_marks(screen) == ["✓", "✓", "✓", "✓"]
        assert "lab complete" in str(screen.query_one("#lab-progress-label", Static).render())
        await pilot.press("p")
        assert screen.selected == 2
        assert "step 4 has moved on from it" in checks_text(screen)
