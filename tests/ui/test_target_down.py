"""The embedded emulator dies under the app (SIGKILL): the header says so, the live
loops of every workbench wait instead of failing every round, and one action restarts it.

Each test starts the app on its own emulator (the shared one is not ours to kill)."""

from __future__ import annotations

import os
import signal
import time
from typing import Any

import psutil
from textual.worker import Worker, WorkerState

from playground.aws.kinesis.service import KinesisService
from playground.aws.sns.fanout import FanOut
from playground.aws.sns.service import SnsService
from playground.aws.sqs.service import SqsService
from playground.lab.catalog import load_catalog
from playground.lab.engine import LabSession
from playground.targets.embedded import EmbeddedTarget
from playground.ui.common.workers import LOOP_GROUPS
from playground.ui.lab.screen import LabScreen
from playground.ui.shell.app import PlaygroundApp
from playground.ui.shell.target_app import WATCH_GROUP
from playground.ui.shell.target_header import TargetHeader
from playground.ui.sqs.queue_list import QueueTable
from playground.ui.sqs.screen import SqsWorkbench
from tests.ui.helpers import QUIET, settle

# How long a test waits for the header to change. Not a speed goal (the liveness watch probes
# every second; on a loaded CI machine the app can take longer than 3 s to show it): a wait
# that ends as soon as the header changes, long enough that only a missing notice fails it.
NOTICE_WITHIN_S = 20.0
DOWN_LINE = "is down: waiting until it answers again"
RAW_ERRORS = ("Could not connect", "Connection was closed", "Connection refused")
SIZE = (120, 40)


class Seen:
    """Every message the app handled, as `run_test(message_hook=...)`: notices, failed workers,
    and what the loops posted."""

    def __init__(self) -> None:
        self.notices: list[tuple[str, str]] = []
        self.failed_workers: list[str] = []
        self.posted: list[tuple[str, str]] = []

    def __call__(self, message: object) -> None:
        from textual.notifications import Notify

        if isinstance(message, Notify):
            self.notices.append((str(message.notification.title), str(message.notification.message)))
        elif isinstance(message, Worker.StateChanged) and message.state is WorkerState.ERROR:
            self.failed_workers.append(f"{message.worker.name}: {message.worker.error!r}")
        for text in _texts(message):
            self.posted.append((type(message).__name__, text))

    def said(self, words: str) -> list[tuple[str, str]]:
        return [(title, text) for title, text in self.notices if words in title + " " + text]

    def lines(self, words: str) -> list[tuple[str, str]]:
        return [(kind, text) for kind, text in self.posted if words in text]


def _texts(message: object) -> list[str]:
    """Error or note text a loop's message carries, wherever its kind keeps it."""
    found = [getattr(message, name, None) for name in ("error", "text")]
    batch = getattr(message, "batch", None)
    found.append(getattr(batch, "error", None))
    return [t for t in found if isinstance(t, str) and t]


def header(app: PlaygroundApp) -> str:
    return str(app.screen.query_one(TargetHeader).render())


async def until(pilot: Any, predicate: Any, timeout: float, what: str) -> float:
    """Let the app run until `predicate()`; the seconds it took."""
    t0 = time.monotonic()
    while not predicate():
        if time.monotonic() - t0 > timeout:
            raise AssertionError(f"not within {timeout} s: {what}")
        await pilot.pause(0.02)
    return time.monotonic() - t0


async def started(pilot: Any) -> EmbeddedTarget:
    app = pilot.app
    await until(pilot, lambda: app.target is not None and "● ready" in header(app), 30,
                "the emulator to start")
    assert isinstance(app.target, EmbeddedTarget)
    return app.target


def kill(target: EmbeddedTarget) -> psutil.Process:
    assert target.emulator.process is not None
    child = psutil.Process(target.emulator.process.pid)
    os.kill(child.pid, signal.SIGKILL)
    return child


async def restart_from_palette(pilot: Any, command: str) -> float:
    """Run `command` from the palette; returns when it was chosen (time.monotonic())."""
    await pilot.press("ctrl+p", *command)
    await settle(pilot)
    chosen = time.monotonic()
    await pilot.press("enter")
    return chosen


def live_loops(app: PlaygroundApp) -> list[Worker[Any]]:
    return [w for w in app.workers if w.group in LOOP_GROUPS and w.group != WATCH_GROUP
            and w.state is WorkerState.RUNNING]


async def test_a_killed_emulator_is_noticed_loops_wait_and_the_palette_restarts_it() -> None:
    seen = Seen()
    app = PlaygroundApp(settings=QUIET, unstarted=EmbeddedTarget())
    async with app.run_test(size=SIZE, message_hook=seen) as pilot:
        target = await started(pilot)
        sqs = SqsService(target)
        sqs.send(sqs.create_queue("orders"), "hello")
        topic = SnsService(target).create_topic("news")
        FanOut(target).add_subscriber(topic, "audit")
        KinesisService(target).create_stream("clicks", 1)
        # A workbench of each kind on the stack: every live loop runs (suspended screens too).
        for service in ("stepfunctions", "kinesis", "sns", "sqs"):
            app.open_service(service)
            await settle(pilot)
        sqs_screen = app.screen
        assert isinstance(sqs_screen, SqsWorkbench)
        # orders, and audit (the SNS subscriber's queue)
        await until(pilot, lambda: sqs_screen.query_one(QueueTable).row_count == 2, 10, "queues")
        await pilot.press("4")  # the peek tab: its loop reads the selected queue every second
        await until(pilot, lambda: sqs_screen.peek_request() is not None, 10, "a queue to peek")
        groups = {w.group for w in live_loops(app)}
        assert {"sqs-queues", "sqs-peek", "sns-poll", "kinesis-streams", "kinesis-tail",
                "sfn-poll"} <= groups, groups

        child = kill(target)
        noticed = await until(pilot, lambda: "✖ down" in header(app), NOTICE_WITHIN_S,
                              "the header to say the emulator is down")
        print(f"\nnoticed the emulator's death in {noticed:.2f} s")
        # Caught between the kill and the reaping, it may say "does not answer" for a second.
        await until(pilot, lambda: "✖ down: the emulator stopped (killed by SIGKILL)"
                    in header(app), NOTICE_WITHIN_S, "the header to say why")
        assert "ctrl+p › emulator: restart" in header(app), "the header says how to restart"
        assert seen.said("Restart it: ctrl+p › emulator: restart")

        # Every live loop parks until the target is back: no calls, no repeated notices.
        loops = live_loops(app)
        await until(pilot, lambda: target.liveness.waiting == len(loops), 10,
                    f"all {len(loops)} loops to wait for the target")
        await pilot.pause()
        for kind in {kind for kind, _ in seen.lines(DOWN_LINE)}:
            said = [t for k, t in seen.lines(DOWN_LINE) if k == kind]
            assert len(said) <= 2, (kind, said)
        assert {k for k, _ in seen.lines(DOWN_LINE)} >= {
            "QueueChanged", "PeekLoaded", "SubscriberPolled", "StreamsRefreshed",
            "MachinesRefreshed", "TailUpdated"}
        raw = [line for words in RAW_ERRORS for line in seen.lines(words)]
        assert not raw, raw
        assert len(seen.said("is down")) == 1, seen.notices

        chosen = await restart_from_palette(pilot, "emulator: restart")
        await until(pilot, lambda: "● ready" in header(app) and app.target is not target, 30,
                    "the restarted emulator")
        recovered = time.monotonic() - chosen
        print(f"restart to ready in {recovered:.2f} s")
        fresh = app.target
        assert isinstance(fresh, EmbeddedTarget) and fresh.emulator.running
        assert seen.said("runs again, empty")
        assert SqsService(fresh).list_queue_urls() == [], "a restarted emulator is empty"
        # Every workbench got TargetChanged and reads the new emulator.
        await until(pilot, lambda: sqs_screen.query_one(QueueTable).row_count == 0, 10,
                    "the SQS workbench to reload")
        SqsService(fresh).create_queue("after")
        await until(pilot, lambda: sqs_screen.query_one(QueueTable).row_count == 1, 10,
                    "the SQS workbench to list the new emulator's queue")
        assert not child.is_running() or child.status() == psutil.STATUS_ZOMBIE
        new_child = psutil.Process(fresh.emulator.process.pid)  # type: ignore[union-attr]
        await settle(pilot)
        assert not seen.failed_workers, seen.failed_workers
        assert not seen.said("the call failed"), seen.notices
        app.exit(0)
    assert app.return_code == 0
    assert not new_child.is_running() or new_child.status() == psutil.STATUS_ZOMBIE, \
        "the restarted emulator must not outlive the app"


async def test_a_lab_open_while_the_emulator_dies_checks_again_after_the_restart() -> None:
    seen = Seen()
    app = PlaygroundApp(settings=QUIET, unstarted=EmbeddedTarget())
    async with app.run_test(size=SIZE, message_hook=seen) as pilot:
        target = await started(pilot)
        lab = load_catalog().get("sqs-first-queue")
        LabSession(lab, target).solve_through(0)
        app.open_lab(lab.id)
        await until(pilot, lambda: isinstance(app.screen, LabScreen) and app.screen.progress
                    is not None and app.screen.progress.current == 1, 20, "the lab to open")
        screen = app.screen
        assert isinstance(screen, LabScreen)

        kill(target)
        await until(pilot, lambda: "✖ down" in header(app), NOTICE_WITHIN_S, "down")
        await pilot.press("c")  # checking a target that is down finds nothing about the lab
        await settle(pilot)  # what `c` started (if anything) has finished
        assert not seen.said("no longer holds"), seen.notices
        assert "create-queue" in screen.progress.passed  # type: ignore[union-attr]

        # Choosing the embedded emulator again while it is down restarts it.
        await restart_from_palette(pilot, "target: use embedded emulator")
        await until(pilot, lambda: "● ready" in header(app) and app.target is not target, 30,
                    "the restarted emulator")
        # The lab checks the new, empty emulator: the queue of step 1 is gone.
        await until(pilot, lambda: bool(seen.said("step 1 no longer holds")), 10,
                    "the lab to check again")
        assert screen.session is not None and screen.session.target is app.target
        assert screen.progress is not None and 0 in screen.progress.broken
        assert not seen.said("Calls already go to")
        assert not seen.failed_workers, seen.failed_workers
        app.exit(0)
    assert app.return_code == 0


async def test_reset_all_state_while_the_emulator_is_down_restarts_it() -> None:
    seen = Seen()
    app = PlaygroundApp(settings=QUIET, unstarted=EmbeddedTarget())
    async with app.run_test(size=SIZE, message_hook=seen) as pilot:
        target = await started(pilot)
        kill(target)
        await until(pilot, lambda: "✖ down" in header(app), NOTICE_WITHIN_S, "down")
        await restart_from_palette(pilot, "emulator: reset all state")
        await until(pilot, lambda: "● ready" in header(app) and app.target is not target, 30,
                    "the restarted emulator")
        assert seen.said("runs again, empty")
        assert not seen.said("could not reset"), seen.notices
        app.exit(0)
    assert app.return_code == 0


async def test_a_local_endpoint_that_stops_is_shown_down_and_back_up_when_it_answers() -> None:
    """Not ours to restart: the header says it is down, and ready again once something answers
    on its port (a TCP connect a second; real AWS is never polled)."""
    from playground.targets.emulator import EmbeddedEmulator, free_port
    from playground.targets.endpoint import EndpointTarget

    port = free_port()
    outside = EmbeddedEmulator(port)
    outside.start()
    again = EmbeddedEmulator(port)
    seen = Seen()
    app = PlaygroundApp(settings=QUIET, unstarted=EndpointTarget(outside.url))
    try:
        async with app.run_test(size=SIZE, message_hook=seen) as pilot:
            await until(pilot, lambda: app.target is not None and "● ready" in header(app), 30,
                        "ready")
            outside.stop()
            await until(pilot, lambda: "✖ down" in header(app), NOTICE_WITHIN_S, "down")
            assert f"✖ down: nothing answers at {outside.url}" in header(app)
            assert "emulator: restart" not in header(app)
            assert seen.said("Calls wait until it answers again")
            again.start()
            await until(pilot, lambda: "● ready" in header(app), NOTICE_WITHIN_S, "back up")
            assert seen.said("answers again")
            app.exit(0)
    finally:
        outside.stop()
        again.stop()
    assert app.return_code == 0
