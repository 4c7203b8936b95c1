"""The README's screenshots: SVGs of the app on deterministic demo state.

    python scripts/screenshots.py            # writes assets/screenshots/*.svg

Each shot starts from an empty embedded emulator on a fixed port, builds its state with fixed
names, drives the app with Textual's Pilot at 120x40 and exports what the screen shows. Clocks
stand still (no header clock, no cost meter, countdowns on a frozen clock) and animations are off,
so a second run writes the same bytes; tests/ui/test_screenshots_current.py fails when a
committed SVG no longer matches what the app draws.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "assets" / "screenshots"
SIZE = (120, 40)
PORT = int(os.environ.get("PLAYGROUND_TEST_PORT", "45666"))
"""The port of the tests' fixed-port emulator: the test regenerates the shots on that one."""

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from playground.targets.embedded import EmbeddedTarget
    from playground.ui.shell.app import PlaygroundApp

Drive = Callable[["Pilot[Any]"], Awaitable[None]]


class FrozenClock:
    """Stands still until moved: countdowns render the same every run."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def quiet_settings() -> Any:
    from playground.config import Settings, UiSettings

    return Settings(ui=UiSettings(clock=False, animations=False, cost_meter=False))


async def wait_for(pilot: Pilot[Any], predicate: Callable[[], object], what: str,
                   timeout: float = 20.0) -> None:
    from textual.css.query import NoMatches

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except NoMatches:  # still composing
            pass
        await pilot.pause(0.05)
    raise RuntimeError(f"screenshot: timed out waiting for {what}")


async def settle(pilot: Pilot[Any]) -> None:
    """The one-shot workers done and their messages handled (live pollers keep running)."""
    from textual.worker import WorkerCancelled, WorkerFailed

    from playground.ui.common.workers import finite

    await pilot.pause()
    workers = finite(pilot.app.workers)
    if workers:
        with contextlib.suppress(WorkerFailed, WorkerCancelled):
            await pilot.app.workers.wait_for_complete(workers)
    await pilot.pause()


# --- the shots ----------------------------------------------------------------------------------
def build_home(target: EmbeddedTarget) -> Drive:
    async def drive(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, lambda: pilot.app.screen.query_one("#labs").option_count > 0,
                       "the labs")
        await settle(pilot)

    return drive


def build_sqs(target: EmbeddedTarget) -> Drive:
    """Two consumers: #1 holds message 1 (counting down), deleted 2, released 3; #2 got 3 again."""
    from playground.aws.sqs.service import SqsService
    from playground.ui.sqs.consumer import ConsumerPane
    from playground.ui.sqs.queue_list import QueueTable
    from playground.ui.sqs.screen import SqsWorkbench

    sqs = SqsService(target)
    url = sqs.create_queue("orders")
    for n in (1, 2, 3):
        sqs.send(url, json.dumps({"order": n, "item": "book"}))
    clock = FrozenClock()

    async def drive(pilot: Pilot[Any]) -> None:
        screen = SqsWorkbench(clock=clock)
        pilot.app.push_screen(screen)
        await wait_for(pilot, lambda: screen.query_one(QueueTable).row_count == 1, "the queue")
        await pilot.press("plus")
        one = screen.query_one("#consumer-1", ConsumerPane)
        for n in (1, 2, 3):
            await pilot.press("r")
            await wait_for(pilot, lambda n=n: len(one.deliveries) == n, f"receive {n}")
        table: Any = one.query_one("DataTable")
        table.move_cursor(row=1)
        await pilot.press("d")
        await wait_for(pilot, lambda: one.deliveries[1].state.value == "deleted", "the delete")
        table.move_cursor(row=2)
        await pilot.press("0")
        await wait_for(pilot, lambda: one.deliveries[2].state.value == "back in queue",
                       "the release")
        clock.advance(12)
        await pilot.press("plus")
        two = screen.query_one("#consumer-2", ConsumerPane)
        await pilot.press("r")
        await wait_for(pilot, lambda: len(two.deliveries) == 1, "consumer 2's receive")
        table.move_cursor(row=0)
        one.tick()
        orders = lambda: next(q for q in screen.queues.values() if q.name == "orders")  # noqa: E731
        await wait_for(pilot, lambda: (orders().visible, orders().in_flight) == (0, 2),
                       "the queue's counts")
        await pilot.pause(0.3)

    return drive


def build_sns(target: EmbeddedTarget) -> Drive:
    """One publish with price 42: audit gets it, big-orders (price >= 100) filters it out."""
    from playground.aws.sns.fanout import FanOut
    from playground.aws.sns.service import SnsService
    from playground.ui.sns.publish_form import PublishForm
    from playground.ui.sns.screen import SnsWorkbench
    from playground.ui.sns.subscriber_pane import SubscriberPane

    fan = FanOut(target)
    topic = SnsService(target).create_topic("orders")
    fan.add_subscriber(topic, "audit")
    fan.add_subscriber(topic, "big-orders", raw=True,
                       filter_policy={"price": [{"numeric": [">=", 100]}]})

    async def drive(pilot: Pilot[Any]) -> None:
        screen = SnsWorkbench(poll_wait=0)
        pilot.app.push_screen(screen)
        await wait_for(pilot, lambda: len(screen.query(SubscriberPane)) == 2, "the subscribers")
        await settle(pilot)
        screen.query_one(PublishForm).add_attribute("price", "Number", "42")
        await settle(pilot)
        await pilot.press("p")
        await wait_for(pilot, lambda: all(p.waiting == 0 and p.shown
                                          for p in screen.query(SubscriberPane))
                       and "published" in str(screen.query_one("#pub-issues").render()),
                       "both subscribers' verdicts")
        await settle(pilot)

    return drive


def build_stepfunctions(target: EmbeddedTarget) -> Drive:
    """The order-flow sample run with a total of 250, stepped to NeedsReview (3 of 5)."""
    from playground.aws.stepfunctions.remote import role_arn
    from playground.aws.stepfunctions.samples import load_samples
    from playground.aws.stepfunctions.service import StepFunctionsService
    from playground.ui.stepfunctions.screen import StepFunctionsWorkbench
    from playground.ui.stepfunctions.steps import StepList

    sfn = StepFunctionsService(target)
    sample = next(s for s in load_samples() if s.key == "order-flow")
    arn = sfn.create_state_machine("order-flow", json.loads(sample.definition),
                                   role_arn=role_arn(target))
    sfn.start_execution(arn, {"id": "o-7", "total": 250}, "big-order")

    async def drive(pilot: Pilot[Any]) -> None:
        screen = StepFunctionsWorkbench()
        pilot.app.push_screen(screen)
        await wait_for(pilot, lambda: screen.timeline is not None
                       and screen.timeline.status == "SUCCEEDED", "the history")
        await wait_for(pilot, lambda: screen.query_one("#parity-notes").display, "parity notes")
        steps = screen.query_one(StepList)
        await wait_for(pilot, lambda: steps.option_count == 5, "five steps")
        steps.focus()
        await pilot.press("down", "down")
        await settle(pilot)

    return drive


def build_kinesis(target: EmbeddedTarget) -> Drive:
    """A two-shard stream whose first shard was split: three open shards, the key's shard marked."""
    from textual.widgets import Input

    from playground.aws.kinesis.service import KinesisService
    from playground.ui.kinesis.consumer import ConsumerPane
    from playground.ui.kinesis.screen import KinesisWorkbench
    from playground.ui.kinesis.shard_map import ShardMap

    kinesis = KinesisService(target)
    kinesis.create_stream("clicks", 2)
    first = min(kinesis.shards("clicks"), key=lambda s: s.start_hash)
    kinesis.split_shard("clicks", first.shard_id, (first.end_hash + 1) // 2)
    kinesis.wait_active("clicks")

    async def drive(pilot: Pilot[Any]) -> None:
        screen = KinesisWorkbench(clock=FrozenClock(1_800_000_000.0))
        pilot.app.push_screen(screen)
        await wait_for(pilot, lambda: len(screen.query_one(ShardMap).rows) == 3, "the shards")
        consumer = screen.query_one(ConsumerPane)
        await wait_for(pilot, lambda: len(consumer.lags) == 3
                       and all(lag.calls for lag in consumer.lags.values()),
                       "a consumer on every shard")
        await wait_for(pilot, lambda: screen.query_one("#parity-notes").display, "parity notes")
        screen.query_one("#put-key", Input).value = "user-7"
        screen.query_one(ShardMap).focus()
        await pilot.pause(1.1)  # past a heartbeat of the consumer: the lag table is drawn

    return drive


SHOTS: dict[str, Callable[[EmbeddedTarget], Drive]] = {
    "home": build_home,
    "sqs-consumers": build_sqs,
    "sns-fan-out": build_sns,
    "stepfunctions-execution": build_stepfunctions,
    "kinesis-shard-map": build_kinesis,
}
"""File stem -> what builds the state and drives the app to it."""
SHOWN = ("sqs", "sns", "stepfunctions", "kinesis")
"""The workbenches the shots open."""


# --- running them -------------------------------------------------------------------------------
def prepare(target: EmbeddedTarget) -> None:
    """The parity probes create and delete resources: run them all before any state is built, so
    no shot catches their scaffolding."""
    from playground.targets.probes import missing_capabilities
    from playground.ui.workbenches import WORKBENCHES

    for card in WORKBENCHES:
        if card.key in SHOWN:
            missing_capabilities(target, list(card.parity_keys))


def clean(target: EmbeddedTarget) -> None:
    target.read_only = False
    target.reset()
    target.recorder.clear()


async def shoot(name: str, target: EmbeddedTarget) -> str:
    """One screenshot as SVG text, from an emptied emulator."""
    from playground.ui.shell.app import PlaygroundApp

    clean(target)
    drive = SHOTS[name](target)
    app: PlaygroundApp = PlaygroundApp(settings=quiet_settings(), target=target)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.target is not None, "the target")
        await settle(pilot)
        await drive(pilot)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        svg = app.export_screenshot(title="playground", simplify=True)
    return stable(svg)


def stable(svg: str) -> str:
    """Rich names the SVG's ids after a hash of its content, so the same screen gives the same
    bytes; only line endings are pinned here."""
    return svg.replace("\r\n", "\n").rstrip("\n") + "\n"


def environment() -> None:
    """Nothing of the person running it on screen: their config, lab progress, AWS settings."""
    scratch = Path(tempfile.mkdtemp(prefix="playground-shots-"))
    os.environ["PLAYGROUND_CONFIG"] = str(scratch / "config.yaml")
    os.environ["PLAYGROUND_DATA_DIR"] = str(scratch / "data")
    os.environ["AWS_CONFIG_FILE"] = str(scratch / "aws-config")
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = str(scratch / "aws-credentials")
    os.environ["TEXTUAL_ANIMATIONS"] = "none"
    for var in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                "AWS_SESSION_TOKEN", "PLAYGROUND_TARGET", "AWS_REGION", "AWS_DEFAULT_REGION"):
        os.environ.pop(var, None)


def main(argv: list[str]) -> int:
    if argv:
        asked = argv in (["-h"], ["--help"])
        print(__doc__.strip(), file=sys.stdout if asked else sys.stderr)
        return 0 if asked else 2
    environment()
    from playground.targets.embedded import EmbeddedTarget
    from playground.targets.emulator import port_in_use

    if port_in_use(PORT):
        print(f"screenshots: port {PORT} is taken (a test run?); set PLAYGROUND_TEST_PORT",
              file=sys.stderr)
        return 2
    target = EmbeddedTarget(port=PORT)
    target.start()
    try:
        prepare(target)
        OUT.mkdir(parents=True, exist_ok=True)
        for name in SHOTS:
            path = OUT / f"{name}.svg"
            path.write_text(asyncio.run(shoot(name, target)), encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    finally:
        target.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
