"""Soak: the SQS, SNS and Kinesis workbenches open and polling for an hour, a producer process
writing 100 records/s to a stream the Kinesis consumer tails, one SNS publish a second fanned
out to three subscriber panes, the call log open. Samples RSS (app and emulator), the buffers
that have caps, and key latency every --sample seconds.

    .venv/bin/python bench/soak.py --minutes 60      # the goal's run
    .venv/bin/python bench/soak.py --minutes 3       # a quick check (warm-up: a third of it)

Goals (issue #17): RSS growth under 10 MB per hour after the first 5 minutes (a least-squares
slope over the samples after the warm-up), no buffer past its cap, no rise in key latency (p95
of the last fifth of the run against the first fifth after warm-up; "rise" = over 2x and over
5 ms more). Prints JSON and one line; writes bench/results/soak.json and docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import report  # noqa: E402

from playground.aws.sns.fanout import FanOut  # noqa: E402
from playground.aws.sns.service import SnsService  # noqa: E402
from playground.aws.sqs.service import SqsService  # noqa: E402
from playground.config import Settings, UiSettings  # noqa: E402
from playground.targets.embedded import EmbeddedTarget  # noqa: E402

_spec = importlib.util.spec_from_file_location("bench_kinesis", ROOT / "bench" / "kinesis.py")
assert _spec and _spec.loader
kbench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(kbench)

STREAM, TOPIC = "pg-soak-stream", "pg-soak-topic"


def slope_per_hour(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, MB) in MB per hour."""
    if len(points) < 2:
        return 0.0
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return 0.0 if den == 0 else sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den * 3600


def p95(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[int(0.95 * (len(ordered) - 1))], 2)


async def soak(target: EmbeddedTarget, minutes: float, sample_s: float) -> dict[str, Any]:
    from textual import events
    from textual.binding import Binding
    from textual.widgets import DataTable

    from playground.ui.kinesis.consumer import MAX_RECORDS, ConsumerPane, LatestRecords
    from playground.ui.kinesis.screen import KinesisWorkbench
    from playground.ui.shell.app import PlaygroundApp
    from playground.ui.shell.call_log import MAX_ROWS, CallLogPane
    from playground.ui.sns.screen import SnsWorkbench
    from playground.ui.sns.subscriber_pane import MAX_ENTRIES, SubscriberPane
    from playground.ui.sqs.screen import SqsWorkbench

    class SoakApp(PlaygroundApp):
        CSS_PATH = str(Path(sys.modules[PlaygroundApp.__module__].__file__ or "").parent / "app.tcss")
        BINDINGS = [*PlaygroundApp.BINDINGS, Binding("f12", "bench_ping", show=False)]
        handled = 0.0

        def action_bench_ping(self) -> None:
            self.handled = time.perf_counter()

    sqs = SqsService(target)
    for i in range(5):
        sqs.create_queue(f"pg-soak-q{i}")
    topic = SnsService(target).create_topic(TOPIC)
    fan = FanOut(target)
    for name in ("billing", "shipping", "audit"):
        fan.add_subscriber(topic, f"pg-soak-{name}", raw=True)
    kbench.create_stream(target, STREAM, 2)

    app = SoakApp(settings=Settings(ui=UiSettings(clock=False, animations=False, call_log=True)),
                  target=target)
    me, emulator = psutil.Process(), psutil.Process(target.emulator.process.pid)  # type: ignore[union-attr]
    samples: list[dict[str, Any]] = []
    stop = threading.Event()

    def publish() -> None:
        sns = SnsService(target)
        n = 0
        while not stop.wait(1.0):
            sns.publish(topic, f"soak {n}")
            n += 1

    async with app.run_test(size=(160, 48)) as pilot:
        while app.target is None:
            await pilot.pause(0.05)
        app.push_screen(SqsWorkbench())
        await pilot.pause(0.5)
        sns_screen = SnsWorkbench(poll_wait=1)
        app.push_screen(sns_screen)
        while len(sns_screen.query(SubscriberPane)) < 3:
            await pilot.pause(0.05)
        kinesis = KinesisWorkbench()
        app.push_screen(kinesis)
        deadline = time.monotonic() + 30
        while kinesis.stream != STREAM or not kinesis.query(ConsumerPane):
            assert time.monotonic() < deadline, "the Kinesis workbench never selected the stream"
            await pilot.pause(0.1)
        producer = kbench.ProducerProcess(target.endpoint_url, target.region, STREAM, 100,
                                          minutes * 60)
        publisher = threading.Thread(target=publish, daemon=True)
        producer.go()
        publisher.start()
        t0 = time.monotonic()
        next_sample = t0
        while time.monotonic() - t0 < minutes * 60:
            latencies = []
            for _ in range(5):
                app.handled = 0.0
                k0 = time.perf_counter()
                app.post_message(events.Key("f12", None))
                while not app.handled and time.perf_counter() - k0 < 10:
                    await asyncio.sleep(0.001)
                latencies.append(((app.handled or time.perf_counter()) - k0) * 1000)
                await asyncio.sleep(0.2)
            if time.monotonic() >= next_sample:
                consumer = kinesis.query_one(ConsumerPane)
                logs = [p.query_one(DataTable).row_count for p in kinesis.query(CallLogPane)]
                samples.append({
                    "t_s": round(time.monotonic() - t0, 1),
                    "rss_app_mb": round(me.memory_info().rss / 2**20, 2),
                    "rss_emulator_mb": round(emulator.memory_info().rss / 2**20, 2),
                    "key_ms": [round(x, 2) for x in latencies],
                    "recorder": len(target.recorder.records),
                    "call_log_rows": max(logs, default=0),
                    "consumer_records": len(consumer.query_one(LatestRecords).records),
                    "sns_entries": max(len(p.entries) for p in sns_screen.query(SubscriberPane)),
                })
                next_sample += sample_s
            await asyncio.sleep(0.5)
        stop.set()
        sent = producer.result(60)
    caps = {"recorder": target.recorder._records.maxlen or 0, "call_log_rows": MAX_ROWS,
            "consumer_records": MAX_RECORDS, "sns_entries": MAX_ENTRIES}
    return {"samples": samples, "caps": caps, "producer": sent}


def summarise(run: dict[str, Any], minutes: float) -> dict[str, Any]:
    samples, caps = run["samples"], run["caps"]
    warmup = min(5 * 60, minutes * 60 / 3)
    after = [s for s in samples if s["t_s"] >= warmup]
    app_slope = slope_per_hour([(s["t_s"], s["rss_app_mb"]) for s in after])
    emu_slope = slope_per_hour([(s["t_s"], s["rss_emulator_mb"]) for s in after])
    fifth = max(1, len(after) // 5)
    early = [k for s in after[:fifth] for k in s["key_ms"]]
    late = [k for s in after[-fifth:] for k in s["key_ms"]]
    early_p95, late_p95 = p95(early) or 0.0, p95(late) or 0.0
    over = {name: max(s[name] for s in samples) for name in caps}
    rise = late_p95 > 2 * early_p95 and late_p95 - early_p95 > 5
    return {
        "minutes": minutes, "warmup_s": warmup, "samples": len(samples),
        "rss_app_first_mb": samples[0]["rss_app_mb"], "rss_app_last_mb": samples[-1]["rss_app_mb"],
        "rss_emulator_first_mb": samples[0]["rss_emulator_mb"],
        "rss_emulator_last_mb": samples[-1]["rss_emulator_mb"],
        "rss_app_growth_mb_per_h": round(app_slope, 2),
        "rss_emulator_growth_mb_per_h": round(emu_slope, 2),
        "buffer_max": over, "buffer_caps": caps,
        "key_p95_early_ms": early_p95, "key_p95_late_ms": late_p95,
        "producer": run["producer"],
        "goals_met": {"app_rss_growth_lt_10mb_per_h": app_slope < 10,
                      "buffers_within_caps": all(over[k] <= caps[k] for k in caps),
                      "no_key_latency_rise": not rise},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60)
    parser.add_argument("--sample", type=float, default=None,
                        help="seconds between samples (default: 30, or 5 under 10 minutes)")
    args = parser.parse_args()
    sample = args.sample or (30.0 if args.minutes >= 10 else 5.0)
    target = EmbeddedTarget()
    target.start()
    try:
        run = asyncio.run(soak(target, args.minutes, sample))
    finally:
        target.stop()
    result = summarise(run, args.minutes)
    result["samples_taken"] = run["samples"]
    print(json.dumps({k: v for k, v in result.items() if k != "samples_taken"}, indent=2))
    line = (f"soak {args.minutes:g} min: app RSS {result['rss_app_first_mb']} -> "
            f"{result['rss_app_last_mb']} MB ({result['rss_app_growth_mb_per_h']:+} MB/h after "
            f"warm-up), emulator {result['rss_emulator_first_mb']} -> "
            f"{result['rss_emulator_last_mb']} MB ({result['rss_emulator_growth_mb_per_h']:+} MB/h)"
            f", buffers at most {result['buffer_max']} (caps {result['buffer_caps']}), key p95 "
            f"{result['key_p95_early_ms']} -> {result['key_p95_late_ms']} ms")
    print(line)
    report.save("soak" if args.minutes >= 60 else "soak-short", result, line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
