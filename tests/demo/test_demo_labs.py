"""Every shipped lab played in demo mode (`playground demo LAB --auto --delay 0`), in process on
the embedded emulator: each step's checks pass on the live target, and the actions with a UI
driver went through the UI (their workbench opened, their calls in the call log)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from playground.lab.catalog import labs_dir
from playground.lab.loader import load_lab_file
from playground.lab.model import Lab
from playground.ui.demo.app import DemoApp
from playground.ui.demo.drivers import DRIVERS, resolve, ui_driver
from tests.ui.helpers import QUIET, wait_for

LAB_FILES = sorted(labs_dir().glob("*.yaml"))

OPERATION = {"create_queue": "CreateQueue", "send_message": "SendMessage",
             "sqs_send_fifo": "SendMessage", "create_topic": "CreateTopic",
             "put_event": "PutEvents", "start_execution": "StartExecution",
             "put_records": "PutRecord"}
"""The call each UI driver's form makes: the call log must show it."""


def _lab(path: Path) -> Lab:
    lab, problems = load_lab_file(path)
    assert lab is not None and not problems, problems
    return lab


def test_every_ui_driver_names_the_call_it_makes() -> None:
    assert set(OPERATION) == set(DRIVERS)


def test_the_labs_are_found() -> None:
    assert LAB_FILES, labs_dir()


@pytest.mark.parametrize("path", LAB_FILES, ids=lambda p: p.stem)
async def test_demo_plays_the_lab_to_the_end(path: Path, target) -> None:  # type: ignore[no-untyped-def]
    lab = _lab(path)
    app = DemoApp(lab.id, auto=True, delay=0, settings=QUIET, target=target)
    started = time.monotonic()
    async with app.run_test(size=(80, 24)) as pilot:  # the smallest screen it must work on
        demo = app.demo
        # An app that crashed ends here, and run_test raises its error on the way out.
        await wait_for(pilot, lambda: demo.finished or not app.is_running, timeout=240,
                       what=f"{lab.id} to end")
        elapsed = time.monotonic() - started
        failing = {i + 1: [run.error] + [r.message for r in (run.report.results if run.report
                                                             else ()) if not r.passed]
                   for i, run in demo.runs.items() if not run.passed}
        assert not failing, failing
        assert sorted(demo.runs) == list(range(len(lab.steps)))
        session = demo.session
        assert session is not None and demo.stage is not None
        expected_ui: list[tuple[str, str]] = []
        for step in lab.steps:
            if step.id in demo.skipped:  # this target lacks what the step needs: not performed
                continue
            for spec in step.solution:
                _, params = resolve(spec, session.variables)
                driver = ui_driver(spec, params)
                if driver is not None:
                    expected_ui.append((driver.service, OPERATION[spec.name]))
        # each UI-driven action opened its workbench and made its call from the app
        for service, operation in expected_ui:
            assert service in demo.stage.opened
            assert any(r.operation == operation and r.ok for r in app.recorder.records)
        ui_lines = sum(done.through_ui for run in demo.runs.values() for done in run.done)
        assert ui_lines == len(expected_ui)
        print(f"{lab.id}: {elapsed:.1f} s, {ui_lines} actions through the UI")
