"""Trace latency: from a hop happening to it being lit on the Flows screen, on the embedded
emulator, beside the same traces followed headless (no UI) in the same run.

    .venv/bin/python bench/trace.py [--rounds 20]

The flow: an EventBridge rule on bus `shop` to an SNS topic (queue `audit` raw, queue `refunds`
filtered out) and to a state machine (Pass, then sqs:sendMessage to queue `billing`). Each round
presses `t` on the rule and waits for the summary. A hop "happens" at the target's timestamp
(SentTimestamp, the history event's, ApproximateArrivalTimestamp) or, for what the bench caused
and what follows from it at once (the PutEvents, the rule matching, a filter policy), at the
moment the bench sent the event; it is lit when the screen has marked it on the map (the next
frame draws it). Prints JSON and one line. Goal (issue #14): p95 under 500 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import report  # noqa: E402

from playground.config import Settings, UiSettings  # noqa: E402
from playground.targets.embedded import EmbeddedTarget  # noqa: E402

GOAL_MS = 500.0


def setup(target: EmbeddedTarget) -> str:
    """The flow; the rule's ARN."""
    from playground.aws.events.service import EventsService
    from playground.aws.sns.service import SnsService
    from playground.aws.sqs.service import SqsService
    from playground.aws.stepfunctions.service import StepFunctionsService

    sqs, sns = SqsService(target), SnsService(target)
    events, sfn = EventsService(target), StepFunctionsService(target)
    billing_url = sqs.create_queue("billing")
    topic = sns.create_topic("orders")
    sns.subscribe_queue(topic, sqs.queue_arn(sqs.create_queue("audit")), raw=True)
    sns.subscribe_queue(topic, sqs.queue_arn(sqs.create_queue("refunds")),
                        filter_policy={"kind": ["refund"]})
    events.create_bus("shop")
    rule = events.put_rule("orders-rule", {"source": ["shop"]}, bus="shop")
    events.put_target("orders-rule", "to-topic", topic, bus="shop")
    machine = sfn.create_state_machine("order-flow", {"StartAt": "Check", "States": {
        "Check": {"Type": "Pass", "Next": "Bill"},
        "Bill": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                 "Parameters": {"QueueUrl": billing_url, "MessageBody.$": "$.detail"},
                 "End": True}}})
    events.put_target("orders-rule", "to-flow", machine, bus="shop")
    return rule


def delay_ms(hop: Any, at: float) -> float:
    start = float(hop.happened if hop.happened is not None else hop.observed)
    return max(0.0, (at - start) * 1000)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)


async def ui_rounds(target: EmbeddedTarget, rule: str, rounds: int) -> tuple[list[float], int]:
    from playground.ui.flows.screen import FlowsScreen
    from playground.ui.flows.trace_panel import TracePanel
    from playground.ui.flows.tree import FlowTree
    from playground.ui.shell.app import PlaygroundApp

    app = PlaygroundApp(settings=Settings(ui=UiSettings(clock=False, animations=False)),
                        target=target)
    delays: list[float] = []
    incomplete = 0
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.5)
        screen = FlowsScreen()
        app.push_screen(screen)
        deadline = time.monotonic() + 60
        while (not screen.query(FlowTree) or rule not in screen.query_one(FlowTree).leaves) \
                and time.monotonic() < deadline:
            await pilot.pause(0.05)
        tree = screen.query_one(FlowTree)
        tree.move_cursor(tree.leaves[rule][0])
        panel = screen.query_one(TracePanel)
        for _ in range(rounds):
            screen.action_trace()
            await pilot.pause(0.01)
            deadline = time.monotonic() + 60
            while not panel.summary and time.monotonic() < deadline:
                await asyncio.sleep(0.005)
            if not panel.summary or not panel.summary[0].startswith("trace complete"):
                incomplete += 1
            delays += [delay_ms(hop, lit) for hop, lit in screen.lit]
    return delays, incomplete


def headless_rounds(target: EmbeddedTarget, rounds: int) -> list[float]:
    """The same traces without the UI: from a hop happening to the trace yielding it."""
    from playground.flows.trace import Trace

    delays: list[float] = []
    for _ in range(rounds):
        Trace(target, "rule orders-rule", {}).run(
            lambda hop: delays.append(delay_ms(hop, time.time())))
    return delays


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    target = EmbeddedTarget()
    target.start()
    try:
        rule = setup(target)
        base = headless_rounds(target, args.rounds)
        ui, incomplete = asyncio.run(ui_rounds(target, rule, args.rounds))
    finally:
        target.stop()
    result = {
        "rounds": args.rounds, "hops_lit": len(ui), "traces_not_complete": incomplete,
        "lit_p50_ms": pct(ui, 0.5), "lit_p95_ms": pct(ui, 0.95), "lit_max_ms": pct(ui, 1.0),
        "lit_mean_ms": round(statistics.fmean(ui), 1) if ui else None,
        "headless_p50_ms": pct(base, 0.5), "headless_p95_ms": pct(base, 0.95),
        "headless_max_ms": pct(base, 1.0),
    }
    result["goals_met"] = {"lit_p95_lt_500ms": result["lit_p95_ms"] < GOAL_MS,
                           "every_trace_complete": incomplete == 0}
    print(json.dumps(result, indent=2))
    line = (f"trace: hop happened to lit on the Flows screen p50 {result['lit_p50_ms']} ms, "
            f"p95 {result['lit_p95_ms']} ms, max {result['lit_max_ms']} ms over {len(ui)} hops "
            f"in {args.rounds} traces | headless (no UI): p50 {result['headless_p50_ms']} ms, "
            f"p95 {result['headless_p95_ms']} ms")
    print(line)
    report.save("trace", result, line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
