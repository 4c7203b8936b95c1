"""Fan-out: publish N messages to a topic with 3 SQS subscribers and show every delivery in the
SNS workbench's subscriber panes (the real UI, driven headless), against a bare boto3 script
doing the same publish-and-drain on the same emulator. Also: key-press latency while it
streams, and RSS of app + emulator afterwards.

    .venv/bin/python bench/fanout.py [--messages 10000] [--rounds 3]
    .venv/bin/python bench/fanout.py --memory --messages 100000

Goals (issue #17): wall-time ratio <= 1.10 (10k x 3, median of 3 alternating rounds; 100k x 3
paced alike for both), 0 lost, 0 shown twice, key p95 <= 50 ms,
RSS app + emulator <= 200 MB. Prints JSON and one line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import report

from playground.aws.sns.fanout import FanOut
from playground.aws.sns.service import SnsService
from playground.config import Settings, UiSettings
from playground.targets.embedded import EmbeddedTarget

SUBSCRIBERS = ("billing", "shipping", "audit")
BATCH = 1000  # the publish form's largest batch


def setup(target: EmbeddedTarget, name: str) -> tuple[str, list[Any]]:
    fan = FanOut(target)
    topic = SnsService(target).create_topic(name)
    subs = [fan.add_subscriber(topic, f"{name}-{s}", raw=True) for s in SUBSCRIBERS]
    return topic, subs


def baseline(target: EmbeddedTarget, n: int, pace: bool = False) -> dict[str, Any]:
    """Bare boto3: one publisher thread and one drain thread per queue, as the UI does.
    `pace`: the next batch of BATCH is published once the last one is drained from every queue
    (the pacing the UI's memory run uses)."""
    import boto3

    topic, subs = setup(target, "pg-bench-bare")
    session = boto3.Session(aws_access_key_id="test", aws_secret_access_key="test",
                            region_name=target.region)
    got: dict[str, list[str]] = {s.queue_url: [] for s in subs}
    t0 = time.perf_counter()

    def publish() -> None:
        sns = session.client("sns", endpoint_url=target.endpoint_url)
        for start in range(0, n, 10):
            while pace and start % BATCH == 0 and min(len(b) for b in got.values()) < start:
                time.sleep(0.01)
            sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=[
                {"Id": str(i), "Message": f"m{start + i}"} for i in range(min(10, n - start))])

    def drain(url: str) -> None:
        sqs = session.client("sqs", endpoint_url=target.endpoint_url)
        while len(got[url]) < n:
            msgs = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10,
                                       WaitTimeSeconds=1).get("Messages", [])
            if msgs:
                sqs.delete_message_batch(QueueUrl=url, Entries=[
                    {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(msgs)])
                got[url].extend(m["Body"] for m in msgs)

    threads = [threading.Thread(target=publish)] + [
        threading.Thread(target=drain, args=(s.queue_url,)) for s in subs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(600)
    wall = time.perf_counter() - t0
    lost = sum(n - len(set(b)) for b in got.values())
    dup = sum(len(b) - len(set(b)) for b in got.values())
    return {"wall_s": round(wall, 2), "lost": lost, "duplicates": dup}


def rss_mb(target: EmbeddedTarget) -> tuple[float, float]:
    """RSS of this process (the app) and of the emulator, in MiB."""
    assert target.emulator.process is not None
    emulator = psutil.Process(target.emulator.process.pid)
    return (round(psutil.Process().memory_info().rss / 2**20, 1),
            round(emulator.memory_info().rss / 2**20, 1))


async def ui_run(target: EmbeddedTarget, n: int, pace: bool = False) -> dict[str, Any]:
    """`pace`: publish the next batch only once the last one is shown in every pane (the memory
    run: the emulator scans whole queues per call, so a 100k backlog would only time it)."""
    from textual import events
    from textual.binding import Binding
    from textual.widgets import Input

    from playground.ui.shell.app import PlaygroundApp
    from playground.ui.sns.publish_form import PublishForm
    from playground.ui.sns.screen import SnsWorkbench
    from playground.ui.sns.subscriber_pane import SubscriberPane

    class BenchApp(PlaygroundApp):
        """The real app plus one key whose action stamps when the app handled it."""

        CSS_PATH = str(Path(sys.modules[PlaygroundApp.__module__].__file__ or "").parent / "app.tcss")
        BINDINGS = [*PlaygroundApp.BINDINGS, Binding("f12", "bench_ping", show=False)]
        handled = 0.0

        def action_bench_ping(self) -> None:
            self.handled = time.perf_counter()

    setup(target, "pg-bench-ui")
    app = BenchApp(settings=Settings(ui=UiSettings(clock=False, animations=False)),
                   target=target)
    latencies: list[float] = []

    async def key_latency() -> None:
        """Post a key as the terminal driver would and time until its binding ran."""
        app.handled = 0.0
        k0 = time.perf_counter()
        app.post_message(events.Key("f12", None))
        while not app.handled and time.perf_counter() - k0 < 10:
            await asyncio.sleep(0.001)
        latencies.append(((app.handled or time.perf_counter()) - k0) * 1000)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
        screen = SnsWorkbench(poll_wait=1)
        app.push_screen(screen)
        while len(screen.query(SubscriberPane)) < len(SUBSCRIBERS):
            await pilot.pause(0.05)
        panes = list(screen.query(SubscriberPane))
        form = screen.query_one(PublishForm)

        def received() -> int:
            return sum(p.total_received - p.total_unexpected for p in panes)

        def unexpected() -> int:
            return sum(p.total_unexpected for p in panes)

        counted = {"PublishBatch": 0}

        def count(record: Any) -> None:
            if record.operation in counted:
                counted[record.operation] += 1

        def publishes() -> int:
            return counted["PublishBatch"]

        # The recorder keeps only recent calls: count them here.
        unsubscribe = target.recorder.subscribe(count)
        target.recorder.clear()
        rss_start = rss_mb(target)
        t0 = time.perf_counter()
        for k in range(0, n, BATCH):
            form.query_one("#pub-count", Input).value = str(min(BATCH, n - k))
            form.action_batch()
            want = (k + min(BATCH, n - k)) // 10
            until = time.perf_counter() + 300
            while publishes() < want and time.perf_counter() < until:
                await key_latency()  # a key press while deliveries stream
                await asyncio.sleep(0.05)
            shown = (k + min(BATCH, n - k)) * len(SUBSCRIBERS)
            while pace and received() < shown and time.perf_counter() < until:
                await key_latency()
                await asyncio.sleep(0.05)
        deadline = time.perf_counter() + 600
        while received() < n * len(SUBSCRIBERS) and time.perf_counter() < deadline:
            await key_latency()
            await asyncio.sleep(0.05)
        wall = time.perf_counter() - t0
        unsubscribe()
        rss, emu_rss = rss_mb(target)
        return {"wall_s": round(wall, 2), "lost": n * len(SUBSCRIBERS) - received(),
                "duplicates": unexpected(),
                "key_p95_ms": round(sorted(latencies)[int(0.95 * (len(latencies) - 1))], 1)
                if latencies else None,
                "key_median_ms": round(statistics.median(latencies), 1) if latencies else None,
                "key_presses": len(latencies),
                "rss_app_start_mb": rss_start[0], "rss_emulator_start_mb": rss_start[1],
                "rss_app_mb": rss, "rss_emulator_mb": emu_rss}


def memory(n: int) -> int:
    """RSS after n messages x 3 shown, against the same app and emulator before the first."""
    target = EmbeddedTarget()
    target.start()
    try:
        ui = asyncio.run(ui_run(target, n, pace=True))
        target.reset()
        base = baseline(target, n, pace=True)
    finally:
        target.stop()
    start = ui["rss_app_start_mb"] + ui["rss_emulator_start_mb"]
    end = ui["rss_app_mb"] + ui["rss_emulator_mb"]
    ratio = round(ui["wall_s"] / base["wall_s"], 2)
    result = {"messages": n, "subscribers": len(SUBSCRIBERS), "ui": ui,
              "baseline_paced": base, "wall_ratio": ratio,
              "rss_start_mb": round(start, 1), "rss_end_mb": round(end, 1),
              "goals_met": {"rss_le_200mb": end <= 200, "no_loss": ui["lost"] == 0,
                            "no_duplicates": ui["duplicates"] == 0,
                            "ratio_le_1.10": ratio <= 1.10}}
    print(json.dumps(result, indent=2))
    line = (f"memory after {n}x{len(SUBSCRIBERS)} shown: app {ui['rss_app_mb']} MB + emulator "
          f"{ui['rss_emulator_mb']} MB = {end:.1f} MB (at the start {start:.1f} MB: app "
          f"{ui['rss_app_start_mb']} + emulator {ui['rss_emulator_start_mb']}), lost "
          f"{ui['lost']}, shown twice {ui['duplicates']}, {ui['wall_s']} s vs bare boto3 paced "
          f"alike {base['wall_s']} s (ratio {ratio})")
    print(line)
    report.save("fanout-memory", result, line)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3,
                        help="baseline and UI runs alternate this many times; the ratio is of "
                             "their medians, so a noisy neighbour hits both sides alike")
    parser.add_argument("--memory", action="store_true",
                        help="only the memory run: publish --messages in paced batches through "
                             "the UI and report RSS against the start (use --messages 100000)")
    args = parser.parse_args()
    if args.memory:
        return memory(args.messages)
    target = EmbeddedTarget()
    target.start()
    bases: list[dict[str, Any]] = []
    uis: list[dict[str, Any]] = []
    try:
        for _ in range(args.rounds):
            target.reset()
            bases.append(baseline(target, args.messages))
            target.reset()
            uis.append(asyncio.run(ui_run(target, args.messages)))
    finally:
        target.stop()
    base_wall = statistics.median(b["wall_s"] for b in bases)
    ui_wall = statistics.median(u["wall_s"] for u in uis)
    ratio = round(ui_wall / base_wall, 2)
    lost = sum(u["lost"] for u in uis) + sum(b["lost"] for b in bases)
    dup = sum(u["duplicates"] for u in uis)
    key_p95 = max((u["key_p95_ms"] or 0) for u in uis)
    # Later rounds run a second and third app in this process, which a user never does: the
    # memory figure is the first round's (and --memory measures it properly, after 100k).
    rss = uis[0]["rss_app_mb"] + uis[0]["rss_emulator_mb"]
    result = {"messages": args.messages, "subscribers": len(SUBSCRIBERS), "rounds": args.rounds,
              "baseline": bases, "ui": uis, "baseline_median_s": base_wall,
              "ui_median_s": ui_wall, "wall_ratio": ratio,
              "goals_met": {"ratio_le_1.10": ratio <= 1.10, "no_loss": lost == 0,
                            "no_duplicates": dup == 0, "key_p95_le_50ms": key_p95 <= 50,
                            "rss_le_200mb": rss <= 200}}
    print(json.dumps(result, indent=2))
    first = uis[0]
    line = (f"fan-out {args.messages}x{len(SUBSCRIBERS)}, {args.rounds} rounds: UI {ui_wall} s vs bare "
          f"boto3 {base_wall} s (median ratio {ratio}), lost {lost}, shown twice {dup}, worst key "
          f"p95 {key_p95} ms, RSS app {first['rss_app_mb']} MB + emulator "
          f"{first['rss_emulator_mb']} MB after the first round")
    print(line)
    report.save("fanout", result, line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
