"""Polling a real account: what the idle SQS, Kinesis and Step Functions workbenches (open at
once, over 20 queues, 5 streams of 2 shards and 5 state machines) send, counted on the wire by a
proxy in front of the emulator. The target is flagged as a real account (the budget and the
back-off); the baseline is the same app on the same setup with the emulator's rules.

    .venv/bin/python bench/polling.py [--minutes 3] [--baseline-seconds 30]

Halfway through, the learner sends one message (their own call): the loops speed up again.
Goals (issue #17): at most 1 call/s in total (the worst 60 s window), backs off when nothing
changes (the last minute calmer than the first), speeds up on activity (more calls in the 20 s
after the learner's call than in the 20 s before). Prints JSON and one line; writes
bench/results/polling.json and docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import report  # noqa: E402

from playground.aws.kinesis.service import KinesisService  # noqa: E402
from playground.aws.sqs.service import SqsService  # noqa: E402
from playground.aws.stepfunctions.service import StepFunctionsService  # noqa: E402
from playground.config import Settings, UiSettings  # noqa: E402
from playground.targets.embedded import EmbeddedTarget  # noqa: E402
from playground.targets.endpoint import EndpointTarget  # noqa: E402
from tests.counting_proxy import CountingProxy  # noqa: E402

LEARNER_CALLS = ("GetQueueUrl", "SendMessage")


class RealAccount(EndpointTarget):
    is_real: ClassVar[bool] = True


def build(target: EmbeddedTarget) -> None:
    sqs, kinesis, sfn = SqsService(target), KinesisService(target), StepFunctionsService(target)
    for i in range(20):
        sqs.create_queue(f"orders-{i:02}")
    for i in range(5):
        kinesis.create_stream(f"clicks-{i}", 2)
        sfn.create_state_machine(f"flow-{i}", {"StartAt": "Done",
                                               "States": {"Done": {"Type": "Succeed"}}})
    for i in range(5):
        kinesis.wait_active(f"clicks-{i}")


def window_max(times: list[float], start: float, end: float, width: float) -> float:
    """The most calls in any `width`-second window (half-open: a call a second is `width`
    calls) between start and end, per second."""
    best, j = 0, 0
    inside = [t for t in times if start <= t <= end]
    for i, t in enumerate(inside):
        while inside[j] <= t - width:
            j += 1
        best = max(best, i - j + 1)
    return best / width


async def run(proxy: CountingProxy, real: bool, seconds: float, poke: bool) -> dict[str, Any]:
    from playground.ui.shell.app import PlaygroundApp
    from playground.ui.shell.target_header import TargetHeader

    target = (RealAccount if real else EndpointTarget)(proxy.url)
    target.start()
    target.writes_confirmed = True  # the learner said yes to the first write
    app = PlaygroundApp(settings=Settings(ui=UiSettings(clock=False, animations=False,
                                                        cost_meter=False)), target=target)
    header_seen = ""
    async with app.run_test(size=(160, 48)) as pilot:
        while app.target is None:
            await pilot.pause(0.05)
        start = time.monotonic()
        for key in ("sqs", "kinesis", "stepfunctions"):
            app.open_service(key)
            await pilot.pause(0.3)
        poked_at = None
        while time.monotonic() - start < seconds:
            await asyncio.sleep(1.0)
            if poke and poked_at is None and time.monotonic() - start >= seconds / 2:
                url = SqsService(target).queue_url("orders-00")
                await asyncio.to_thread(SqsService(target).send, url, "hello")
                poked_at = time.monotonic()
            header_seen = str(app.screen.query_one(TargetHeader).render())
    end = time.monotonic()
    # The learner's own two calls (GetQueueUrl, SendMessage) are not polling.
    times = [t for t, op in proxy.calls if start <= t <= end and op not in LEARNER_CALLS]
    total = end - start
    out: dict[str, Any] = {
        "seconds": round(total, 1), "calls": len(times),
        "calls_per_s": round(len(times) / total, 3),
        "worst_60s_per_s": round(window_max(times, start, end, min(60.0, total)), 3),
        "header": header_seen.strip()[-40:]}
    if total >= 120:
        out["first_minute_per_s"] = round(sum(1 for t in times if t < start + 60) / 60, 3)
        out["last_minute_per_s"] = round(sum(1 for t in times if t > end - 60) / 60, 3)
    if poked_at is not None:
        out["before_learner_call_20s"] = sum(1 for t in times if poked_at - 20 <= t < poked_at)
        out["after_learner_call_20s"] = sum(1 for t in times if poked_at <= t < poked_at + 20)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--minutes", type=float, default=3)
    parser.add_argument("--baseline-seconds", type=float, default=30)
    args = parser.parse_args()
    emulator = EmbeddedTarget()
    emulator.start()
    proxy = CountingProxy(emulator.endpoint_url).start()
    try:
        build(emulator)
        base = asyncio.run(run(proxy, False, args.baseline_seconds, poke=False))
        proxy.calls.clear()
        real = asyncio.run(run(proxy, True, args.minutes * 60, poke=True))
    finally:
        proxy.stop()
        emulator.stop()
    goals = {"at_most_1_call_per_s": real["worst_60s_per_s"] <= 1.0,
             "backs_off_when_idle": real.get("last_minute_per_s", 1) < real.get(
                 "first_minute_per_s", 0),
             "speeds_up_on_activity": real.get("after_learner_call_20s", 0) > real.get(
                 "before_learner_call_20s", 0)}
    result = {"setup": "20 queues, 5 streams x 2 shards, 5 state machines; SQS, Kinesis and "
                       "Step Functions workbenches open", "baseline_emulator_rules": base,
              "real_account": real, "goals_met": goals}
    print(json.dumps(result, indent=2))
    line = (f"polling a real account, idle, three workbenches: {real['calls_per_s']} calls/s "
            f"over {args.minutes:g} min (worst 60 s: {real['worst_60s_per_s']}/s; first minute "
            f"{real.get('first_minute_per_s')}/s, last {real.get('last_minute_per_s')}/s; 20 s "
            f"before/after the learner's call: {real.get('before_learner_call_20s')}/"
            f"{real.get('after_learner_call_20s')} calls) | the emulator's rules on the same "
            f"setup: {base['calls_per_s']} calls/s")
    print(line)
    report.save("polling", result, line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
