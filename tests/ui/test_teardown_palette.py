"""The palette's "tear down what the playground made…": the plan in a dialog, as text, and the
deletes after the answer, in a worker, with a notice of what happened."""

from __future__ import annotations

from typing import Any

from playground.aws.stepfunctions.service import StepFunctionsService
from playground.targets.aws import AwsTarget
from playground.ui.common.dialogs import ConfirmDialog
from tests.core.teardown_world import OURS, SURVIVORS, P, everything, make_world
from tests.core.test_targets import write_profile
from tests.ui.helpers import Notices, make_app, settle, wait_for
from tests.ui.hostile import HOSTILE, MARK, markup_watch


async def open_teardown(pilot: Any) -> ConfirmDialog:
    app = pilot.app
    await wait_for(pilot, lambda: app.target is not None, what="the target")
    await settle(pilot)
    await pilot.press("ctrl+p", *"tear down")
    await settle(pilot)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), timeout=30,
                   what="the teardown dialog")
    assert isinstance(app.screen, ConfirmDialog)
    return app.screen


async def test_the_plan_is_shown_and_deleted_once_confirmed(target) -> None:  # type: ignore[no-untyped-def]
    make_world(target)
    notices = Notices()
    app = make_app(target)
    async with app.run_test(size=(120, 45), message_hook=notices) as pilot:
        dialog = await open_teardown(pilot)
        assert dialog.title_text == "Delete 15 resources the playground made?"
        assert f"state machine  {P}express" in dialog.body and "express" in dialog.body
        assert "… and 3 more (`playground teardown --dry-run` lists them all)" in dialog.body
        assert "region us-east-1" in dialog.body and "--all-regions" in dialog.body
        await pilot.press("y")
        await wait_for(pilot, lambda: "teardown" in notices.titles, timeout=30, what="the result")
        [message] = [str(n.message) for n in notices.shown if n.title == "teardown"]
        assert message.startswith("Deleted 1 subscription, 1 topic, 3 rules")
    assert everything(target) == SURVIVORS


async def test_cancel_deletes_nothing(target) -> None:  # type: ignore[no-untyped-def]
    make_world(target)
    app = make_app(target)
    async with app.run_test(size=(120, 45)) as pilot:
        await open_teardown(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmDialog)
    assert everything(target) >= OURS


async def test_nothing_to_delete_is_a_notice(target) -> None:  # type: ignore[no-untyped-def]
    notices = Notices()
    app = make_app(target)
    async with app.run_test(size=(120, 45), message_hook=notices) as pilot:
        await wait_for(pilot, lambda: app.target is not None, what="the target")
        await settle(pilot)
        await pilot.press("ctrl+p", *"tear down")
        await settle(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "teardown" in notices.titles, timeout=30, what="the notice")
        assert notices.messages[-1] == ("Nothing the playground made is on embedded emulator, "
                                        "region us-east-1.")


async def test_names_from_the_account_are_shown_as_text(target) -> None:  # type: ignore[no-untyped-def]
    """The emulator takes any state machine name; AWS refuses brackets, not every tool does."""
    sfn = StepFunctionsService(target)
    pass_state = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
    sfn.create_state_machine(HOSTILE, pass_state)
    sfn.create_state_machine(f"{MARK}\x1b[31mred", pass_state)
    notices = Notices()
    app = make_app(target)
    with markup_watch() as parsed:
        async with app.run_test(size=(120, 45), message_hook=notices) as pilot:
            dialog = await open_teardown(pilot)
            assert HOSTILE in dialog.body and f"{MARK}\\x1b[31mred" in dialog.body
            await pilot.press("y")
            await wait_for(pilot, lambda: "teardown" in notices.titles, timeout=30, what="the result")
    assert parsed == []
    assert sfn.list_state_machines() == []


async def test_on_a_real_account_the_answer_confirms_these_writes_only(emulator_target, target) -> None:  # type: ignore[no-untyped-def]
    write_profile("demo", emulator_target.endpoint_url, region="us-east-1")
    make_world(target)
    real = AwsTarget("demo")
    real.start()
    notices = Notices()
    app = make_app(real)
    async with app.run_test(size=(120, 45), message_hook=notices) as pilot:
        dialog = await open_teardown(pilot)
        assert "(account 000000000000)" in dialog.body
        await pilot.press("y")
        await wait_for(pilot, lambda: "teardown" in notices.titles, timeout=30, what="the result")
        assert real.writes_confirmed is False  # the next write in the app still asks
    assert everything(target) == SURVIVORS


async def test_read_only_shows_the_plan_and_deletes_nothing(target) -> None:  # type: ignore[no-untyped-def]
    make_world(target)
    notices = Notices()
    app = make_app(target)
    async with app.run_test(size=(120, 45), message_hook=notices) as pilot:
        await wait_for(pilot, lambda: app.target is not None, what="the target")
        app.toggle_read_only()
        dialog = await open_teardown(pilot)
        assert dialog.body.endswith("Read-only mode is on: nothing can be deleted.")
        await pilot.press("y")
        await wait_for(pilot, lambda: "read-only" in notices.titles, what="the refusal")
        assert notices.messages[-1] == "Read-only mode is on: nothing was deleted."
    assert everything(target) >= OURS
