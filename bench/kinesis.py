"""Kinesis: a producer process writes 10,000 records/s over 10 shards for 30 s while the real
Kinesis workbench (driven headless, chart and consumer visible, stream selected) tails the
stream; against a bare boto3 consumer polling the same way on the same emulator.

    .venv/bin/python bench/kinesis.py [--rate 10000] [--seconds 30] [--shards 10]

Lag of a record = when the UI hands it to the consumer pane (the handler that draws it) minus
the send time the producer wrote into it. CPU = this process's user+system time over the run
(the producer and the emulator are other processes), as % of one core.
Goals (issue): consumer lag p95 <= 1 s; UI process <= 40% of one core. Prints JSON and a line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import report

BATCH = 500  # PutRecords' most entries per call
POLL_S = 0.2  # the app's consumer: each shard at most 5 GetRecords a second


# --- the producer (its own process) ----------------------------------------------------------
def produce(endpoint: str, region: str, stream: str, rate: int, seconds: float) -> None:
    import boto3

    kinesis = boto3.Session(aws_access_key_id="test", aws_secret_access_key="test",
                            region_name=region).client("kinesis", endpoint_url=endpoint)
    total, sent, failed = int(rate * seconds), 0, 0
    print("ready", flush=True)
    sys.stdin.readline()  # go
    t0 = time.time()
    while sent + failed < total:
        due = min(total, int(rate * (time.time() - t0)) + 1) - sent - failed
        while due > 0:
            count = min(due, BATCH)
            now = time.time()
            records = [{"PartitionKey": uuid.uuid4().hex,
                        "Data": json.dumps({"n": sent + failed + i, "t": now}).encode()}
                       for i in range(count)]
            resp = kinesis.put_records(StreamName=stream, Records=records)
            failed += int(resp.get("FailedRecordCount", 0))
            sent += count - int(resp.get("FailedRecordCount", 0))
            due -= count
        time.sleep(0.05)
    print(json.dumps({"sent": sent, "failed": failed, "wall_s": round(time.time() - t0, 2)}),
          flush=True)


class ProducerProcess:
    def __init__(self, endpoint: str, region: str, stream: str, rate: int, seconds: float):
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--producer", endpoint, region, stream, str(rate),
             str(seconds)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None and self.proc.stdin is not None
        assert self.proc.stdout.readline().strip() == "ready"

    def go(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()

    def result(self, timeout: float) -> dict[str, Any]:
        out, _ = self.proc.communicate(timeout=timeout)
        return dict(json.loads(out.strip().splitlines()[-1]))


# --- measuring -------------------------------------------------------------------------------
class Lags:
    """Lag of every record seen once (by its n), thread-safe."""

    def __init__(self) -> None:
        self.lags: list[float] = []
        self.seen: set[int] = set()
        self.duplicates = 0
        self.lock = threading.Lock()

    def add(self, data: list[bytes], now: float) -> None:
        with self.lock:
            for raw in data:
                body = json.loads(raw)
                if body["n"] in self.seen:
                    self.duplicates += 1
                    continue
                self.seen.add(body["n"])
                self.lags.append(now - body["t"])

    def summary(self) -> dict[str, Any]:
        ordered = sorted(self.lags)
        if not ordered:
            return {"records": 0}
        return {"records": len(ordered), "duplicates": self.duplicates,
                "lag_p50_ms": round(statistics.median(ordered) * 1000),
                "lag_p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000),
                "lag_max_ms": round(ordered[-1] * 1000)}


class CpuMeter:
    def __init__(self) -> None:
        self.proc = psutil.Process()
        self.t0 = self.cpu0 = 0.0

    def start(self) -> None:
        times = self.proc.cpu_times()
        self.cpu0, self.t0 = times.user + times.system, time.perf_counter()

    def percent(self) -> float:
        times = self.proc.cpu_times()
        return round((times.user + times.system - self.cpu0) * 100
                     / (time.perf_counter() - self.t0), 1)


def create_stream(target: Any, name: str, shards: int) -> None:
    from playground.aws.kinesis.service import KinesisService

    svc = KinesisService(target)
    svc.create_stream(name, shards)
    svc.wait_active(name)


# --- baseline: bare boto3, the same polling ----------------------------------------------------
def baseline(target: Any, args: argparse.Namespace) -> dict[str, Any]:
    import boto3

    create_stream(target, "pg-bench-bare", args.shards)
    kinesis = boto3.Session(aws_access_key_id="test", aws_secret_access_key="test",
                            region_name=target.region).client(
                                "kinesis", endpoint_url=target.endpoint_url)
    shards = [s["ShardId"] for s in kinesis.list_shards(StreamName="pg-bench-bare")["Shards"]]
    iterators = {s: kinesis.get_shard_iterator(StreamName="pg-bench-bare", ShardId=s,
                                               ShardIteratorType="LATEST")["ShardIterator"]
                 for s in shards}
    due = dict.fromkeys(shards, 0.0)
    lags, stop = Lags(), threading.Event()

    def consume() -> None:
        while not stop.is_set():
            for shard in shards:
                if due[shard] <= time.monotonic():
                    resp = kinesis.get_records(ShardIterator=iterators[shard], Limit=1000)
                    lags.add([r["Data"] for r in resp["Records"]], time.time())
                    iterators[shard] = resp["NextShardIterator"]
                    due[shard] = time.monotonic() + POLL_S
            stop.wait(max(0.0, min(due.values()) - time.monotonic()))

    producer = ProducerProcess(target.endpoint_url, target.region, "pg-bench-bare", args.rate,
                               args.seconds)
    cpu = CpuMeter()
    thread = threading.Thread(target=consume, daemon=True)
    thread.start()
    cpu.start()
    producer.go()
    sent = producer.result(args.seconds + 120)
    deadline = time.monotonic() + 10
    while len(lags.seen) < sent["sent"] and time.monotonic() < deadline:
        time.sleep(0.05)
    percent = cpu.percent()
    stop.set()
    thread.join(5)
    return {**lags.summary(), "sent": sent["sent"], "lost": sent["sent"] - len(lags.seen),
            "cpu_pct_of_one_core": percent}


# --- the app ------------------------------------------------------------------------------------
async def ui_run(target: Any, args: argparse.Namespace) -> dict[str, Any]:
    from playground.config import Settings, UiSettings
    from playground.ui.kinesis.consumer import ConsumerPane
    from playground.ui.kinesis.screen import KinesisWorkbench
    from playground.ui.kinesis.throughput import ThroughputChart
    from playground.ui.shell.app import PlaygroundApp

    create_stream(target, "pg-bench-ui", args.shards)
    lags = Lags()
    shown = ConsumerPane.show_batch

    def timed_show(pane: ConsumerPane, batch: Any) -> None:
        shown(pane, batch)
        lags.add([r.data for r in batch.records], time.time())

    ConsumerPane.show_batch = timed_show  # type: ignore[method-assign]
    app = PlaygroundApp(settings=Settings(ui=UiSettings(clock=False, animations=False)),
                        target=target)
    async with app.run_test(size=(120, 40)) as pilot:
        while app.target is None:
            await pilot.pause(0.05)
        app.open_service("kinesis")
        await pilot.pause(0.2)
        screen = app.screen
        assert isinstance(screen, KinesisWorkbench)
        while not screen.query(ConsumerPane):
            await pilot.pause(0.05)
        pane = screen.query_one(ConsumerPane)
        deadline = time.monotonic() + 30
        chart = screen.query_one(ThroughputChart)
        while (screen.stream != "pg-bench-ui" or len(pane.lags) < args.shards
               or not all(lag.calls for lag in pane.lags.values())
               or len(chart.shard_ids) < args.shards):
            assert time.monotonic() < deadline, "the workbench never started its consumer"
            await pilot.pause(0.05)
        assert chart.display and pane.display and chart.region.area and pane.region.area
        producer = ProducerProcess(target.endpoint_url, target.region, "pg-bench-ui", args.rate,
                                   args.seconds)
        cpu = CpuMeter()
        cpu.start()
        producer.go()
        # asyncio.sleep, not pilot.pause: a pause walks every widget, which is the bench's
        # cost, not the app's.
        while producer.proc.poll() is None:
            await asyncio.sleep(0.1)
        sent = producer.result(10)
        deadline = time.monotonic() + 10
        while len(lags.seen) < sent["sent"] and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        percent = cpu.percent()
        rates = {sid: screen.meter.total(sid) for sid in chart.shard_ids}
        rss = psutil.Process().memory_info().rss / 2**20
        emulator = target.emulator.process
        emu_rss = psutil.Process(emulator.pid).memory_info().rss / 2**20 if emulator else 0.0
    ConsumerPane.show_batch = shown  # type: ignore[method-assign]
    return {**lags.summary(), "sent": sent["sent"], "lost": sent["sent"] - len(lags.seen),
            "cpu_pct_of_one_core": percent, "rss_app_mb": round(rss, 1),
            "rss_emulator_mb": round(emu_rss, 1), "charted_per_shard": rates}


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--producer":
        endpoint, region, stream, rate, seconds = sys.argv[2:7]
        produce(endpoint, region, stream, int(rate), float(seconds))
        return 0
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rate", type=int, default=10_000, help="records per second")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--shards", type=int, default=10)
    args = parser.parse_args()
    from playground.targets.embedded import EmbeddedTarget

    target = EmbeddedTarget()
    target.start()
    try:
        base = baseline(target, args)
        target.reset()
        ui = asyncio.run(ui_run(target, args))
    finally:
        target.stop()
    goals = {"lag_p95_le_1s": ui.get("lag_p95_ms", 10**9) <= 1000,
             "ui_cpu_le_40pct": ui["cpu_pct_of_one_core"] <= 40, "no_loss": ui["lost"] == 0}
    result = {"rate": args.rate, "seconds": args.seconds, "shards": args.shards,
              "baseline_bare_boto3": base, "ui": ui, "goals_met": goals}
    print(json.dumps(result, indent=2))
    line = (f"kinesis {args.rate} rec/s x {args.seconds:g} s over {args.shards} shards: UI lag p50 "
          f"{ui.get('lag_p50_ms')} ms p95 {ui.get('lag_p95_ms')} ms, CPU "
          f"{ui['cpu_pct_of_one_core']}% of a core, RSS {ui['rss_app_mb']} MB, lost {ui['lost']}"
          f" | bare boto3: p95 {base.get('lag_p95_ms')} ms, CPU {base['cpu_pct_of_one_core']}%, "
            f"lost {base['lost']}")
    print(line)
    report.save("kinesis" if args.rate >= 10_000 else f"kinesis-{args.rate}", result, line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
