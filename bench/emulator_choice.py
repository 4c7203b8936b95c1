"""Measure the embedded emulator against alternatives in one run: start-up, memory, SQS speed.

    .venv/bin/python bench/emulator_choice.py [--moto-python /path/to/python-with-moto]

Prints a JSON result and a one-line summary. Ratios matter more than absolute times: the
machines are shared and noisy, so every candidate is measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import boto3
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from playground.targets.emulator import EmbeddedEmulator, free_port


def client(url: str) -> Any:
    return boto3.client("sqs", endpoint_url=url, region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test")


def sqs_numbers(url: str) -> dict[str, float]:
    sqs = client(url)
    q = sqs.create_queue(QueueName="bench")["QueueUrl"]
    lat = []
    for i in range(200):
        t0 = time.perf_counter()
        sqs.send_message(QueueUrl=q, MessageBody=f"m{i}")
        for m in sqs.receive_message(QueueUrl=q, MaxNumberOfMessages=1).get("Messages", []):
            sqs.delete_message(QueueUrl=q, ReceiptHandle=m["ReceiptHandle"])
        lat.append((time.perf_counter() - t0) * 1000)
    t0 = time.perf_counter()
    sent = 0
    while time.perf_counter() - t0 < 3 and sent < 5000:
        entries = [{"Id": str(j), "MessageBody": "x"} for j in range(10)]
        sqs.send_message_batch(QueueUrl=q, Entries=entries)
        sent += 10
    rate = sent / (time.perf_counter() - t0)
    return {"send_receive_median_ms": round(statistics.median(lat), 2),
            "batch_msgs_per_s": round(rate)}


def first_call(url: str, deadline_s: float = 30) -> None:
    sqs = client(url)
    end = time.monotonic() + deadline_s
    while True:
        try:
            sqs.list_queues()
            return
        except Exception:
            if time.monotonic() > end:
                raise
            time.sleep(0.02)


def bench_ministack() -> dict[str, Any]:
    t0 = time.perf_counter()
    emu = EmbeddedEmulator()
    emu.start()
    first_call(emu.url)
    ready = time.perf_counter() - t0
    assert emu.process is not None
    rss = psutil.Process(emu.process.pid).memory_info().rss / 2**20
    try:
        return {"start_to_first_call_s": round(ready, 3), "rss_idle_mb": round(rss, 1),
                **sqs_numbers(emu.url)}
    finally:
        emu.stop()


def bench_moto(python: str) -> dict[str, Any]:
    port = free_port()
    workdir = tempfile.mkdtemp()
    t0 = time.perf_counter()
    proc = subprocess.Popen([python, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=workdir,
                            env={k: v for k, v in os.environ.items() if not k.startswith("AWS_")})
    url = f"http://127.0.0.1:{port}"
    try:
        first_call(url)
        ready = time.perf_counter() - t0
        rss = psutil.Process(proc.pid).memory_info().rss / 2**20
        return {"start_to_first_call_s": round(ready, 3), "rss_idle_mb": round(rss, 1),
                **sqs_numbers(url)}
    finally:
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moto-python", default=shutil.which("python3") or "",
                        help="an interpreter with moto[server] installed (skipped if missing)")
    args = parser.parse_args()
    result: dict[str, Any] = {"ministack": bench_ministack()}
    has_moto = args.moto_python and subprocess.run(
        [args.moto_python, "-c", "import moto.server, flask"], capture_output=True).returncode == 0
    if has_moto:
        result["moto_server"] = bench_moto(args.moto_python)
    print(json.dumps(result, indent=2))
    m = result["ministack"]
    line = (f"ministack: {m['start_to_first_call_s']} s to first call, {m['rss_idle_mb']} MB, "
            f"SQS send+receive {m['send_receive_median_ms']} ms, batch {m['batch_msgs_per_s']}/s")
    if "moto_server" in result:
        o = result["moto_server"]
        line += (f" | moto: {o['start_to_first_call_s']} s, {o['rss_idle_mb']} MB, "
                 f"{o['send_receive_median_ms']} ms, {o['batch_msgs_per_s']}/s"
                 f" | send+receive ratio moto/ministack "
                 f"{o['send_receive_median_ms'] / m['send_receive_median_ms']:.2f}")
    print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
