"""The demo screen's keys, its reset of the stage, the palette command, the CLI's bad input,
and how it looks at 80x24."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from playground.aws.sqs.service import SqsService
from playground.lab import engine
from playground.ui.demo.app import DemoApp
from playground.ui.demo.screen import DemoScreen
from tests.ui.helpers import QUIET, make_app, settle, wait_for

LAB = "sqs-first-queue"


def test_unknown_lab_is_one_line_with_the_closest_ids() -> None:
    done = subprocess.run([sys.executable, "-m", "playground", "demo", "sqs-first"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert "unknown lab 'sqs-first'" in lines[0] and "sqs-first-queue" in lines[0]


def test_a_name_like_no_lab_says_where_the_labs_are() -> None:
    done = subprocess.run([sys.executable, "-m", "playground", "demo", "nope"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1
    assert "playground labs" in done.stderr


async def _ready(pilot: Any) -> DemoScreen:
    demo = pilot.app.demo
    await wait_for(pilot, lambda: demo.session is not None and not demo.status, timeout=20,
                   what="the demo to be ready")
    return demo


async def test_space_performs_then_moves_on_b_goes_back_r_empties_the_stage(target) -> None:  # type: ignore[no-untyped-def]
    app = DemoApp(LAB, delay=0, settings=QUIET, target=target)
    async with app.run_test(size=(80, 24)) as pilot:
        demo = await _ready(pilot)
        assert not app.call_log_visible  # at 80x24 each step lists its commands instead
        await pilot.press("space")  # performs step 1 through the New queue dialog
        await wait_for(pilot, lambda: 0 in demo.runs and not demo.busy, timeout=60,
                       what="step 1")
        assert demo.runs[0].passed, demo.runs[0]
        done = demo.runs[0].done[0]
        assert done.through_ui
        assert done.commands[0].startswith("aws sqs create-queue --queue-name pg-sqs101-orders")
        assert demo.stage is not None and demo.stage.opened == ["sqs"]
        assert app.screen is demo  # the workbench closed again, the checks show
        assert any(r.operation == "CreateQueue" for r in app.recorder.records)
        await pilot.press("space")
        assert demo.index == 1 and 1 not in demo.runs  # step 2's text, not yet performed
        await pilot.press("b")
        assert demo.index == 0 and demo.runs[0].passed  # the text only: nothing undone
        assert SqsService(target).list_queues()
        await pilot.press("r")
        await wait_for(pilot, lambda: not demo.busy and demo.last_reset_s is not None,
                       timeout=30, what="the reset")
        assert SqsService(target).list_queues() == []
        assert demo.index == 0 and demo.runs == {}
        assert "stage reset in" in demo.status


async def test_keys_pressed_while_a_step_is_performed_stay_with_the_demo(target) -> None:  # type: ignore[no-untyped-def]
    """The workbench a step opened is on top while the step is performed: q there would quit
    the app and a typed letter land in the form being filled. a toggles auto; the rest wait."""
    app = DemoApp(LAB, delay=0, settings=QUIET, target=target)
    async with app.run_test(size=(80, 24)) as pilot:
        demo = await _ready(pilot)
        assert demo.stage is not None
        demo.stage.beat = 2.0  # the step stays on screen for seconds: the keys land during it
        await pilot.press("space")
        await wait_for(pilot, lambda: demo.busy and app.screen is not demo, timeout=60,
                       what="the step's workbench on top")
        await pilot.press("q", "x")
        assert app.is_running
        await pilot.press("a")
        assert demo.auto
        await pilot.press("a")
        assert not demo.auto
        assert demo.busy  # all of it while the step was performed
        await wait_for(pilot, lambda: 0 in demo.runs and not demo.busy, timeout=60,
                       what="step 1")
        assert demo.runs[0].passed, demo.runs[0]
        assert "x" not in SqsService(target).list_queues()[0].name
        assert app.screen is demo and demo.index == 0


async def test_a_toggles_auto_and_q_leaves_the_palette_demo(target) -> None:  # type: ignore[no-untyped-def]
    from playground.ui.demo.palette import demo_commands

    app = make_app(target)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        names = {name: run for name, run, _ in demo_commands(app)}
        assert f"demo: play {LAB}" in names
        names[f"demo: play {LAB}"]()
        await wait_for(pilot, lambda: isinstance(app.screen, DemoScreen)
                       and app.screen.session is not None, what="the demo")
        demo = app.screen
        assert isinstance(demo, DemoScreen) and not demo.auto
        # Auto's first move waits an hour: under load the default 3 s could pass between the
        # two presses, and the step's workbench would then take the second "a".
        demo.delay = 3600
        await pilot.press("a")
        assert demo.auto
        await pilot.press("a")
        assert not demo.auto
        await pilot.press("q")
        await wait_for(pilot, lambda: not isinstance(app.screen, DemoScreen), what="leaving")


def test_demo_screen_at_80x24(snap_compare, target, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Step 1 performed: its text, what was done through the UI, its checks, the call log."""
    monkeypatch.setattr(engine, "aws_cli", lambda _: "aws --endpoint-url http://127.0.0.1:4566")

    async def run_before(pilot: Any) -> None:
        demo = await _ready(pilot)
        await pilot.press("space")
        await wait_for(pilot, lambda: 0 in demo.runs and not demo.busy, timeout=60,
                       what="step 1")
        # What was done is scrolled into view after a refresh: under load, later than busy
        # ends (a cold CI run drew the step's top).
        await wait_for(pilot, lambda: demo.query_one("#demo-detail").scroll_y > 0, timeout=30,
                       what="what was done, in view")
        await settle(pilot)

    assert snap_compare(DemoApp(LAB, delay=0, settings=QUIET, target=target),
                        terminal_size=(80, 24), run_before=run_before)


async def test_at_160x48_the_call_log_shows_the_calls_of_the_step(target) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import DataTable

    from playground.ui.shell.call_log import CallLogPane

    app = DemoApp(LAB, delay=0, settings=QUIET, target=target)
    async with app.run_test(size=(160, 48)) as pilot:
        demo = await _ready(pilot)
        assert app.call_log_visible
        await pilot.press("space")
        await wait_for(pilot, lambda: 0 in demo.runs and not demo.busy, timeout=60,
                       what="step 1")
        assert demo.runs[0].passed
        log = demo.query_one(CallLogPane)
        assert log.display
        await wait_for(pilot, lambda: log.query_one(DataTable).row_count >= 1,
                       what="the CreateQueue call in the log")
        instructions = demo.query_one("#demo-detail")
        assert instructions.region.height >= 20  # the step's text keeps most of the screen
