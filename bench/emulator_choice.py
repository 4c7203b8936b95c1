"""Measure the embedded emulator against alternatives in one run: start-up, memory, SQS speed,
and the features the labs need.

    .venv/bin/python bench/emulator_choice.py [--moto-python PYTHON] [--write-doc]

Prints a JSON result and a one-line summary; --write-doc also writes the table into
docs/emulator.md between its markers, so the figures there are the ones this script measured.
moto server runs from another interpreter (`--moto-python`, default the first `python3` on
PATH) that has moto[server]; without one, only ministack is measured and the table says so.
Ratios matter more than absolute times: the machines are shared and noisy, so every candidate
is measured in the same run.
"""

from __future__ import annotations

import argparse
import datetime
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
from playground.targets.emulator import EmbeddedEmulator, emulator_version, free_port
from playground.targets.endpoint import EndpointTarget
from playground.targets.probes import probe_capabilities

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "emulator.md"
BEGIN = "<!-- bench/emulator_choice.py --write-doc: begin (generated, do not edit) -->"
END = "<!-- bench/emulator_choice.py --write-doc: end -->"

FEATURES = {
    "test-event-pattern": "EventBridge TestEventPattern answers",
    "transformer-string-vars": "EventBridge input transformer (variables inside strings)",
    "replay": "EventBridge archive and replay",
    "activities": "Step Functions activities",
    "test-state": "Step Functions TestState",
    "jsonata": "Step Functions JSONata",
    "nested-history": "Step Functions history inside Map/Parallel",
    "message-move-task": "SQS StartMessageMoveTask (DLQ redrive)",
    "split-keeps-parent": "Kinesis split/merge keeps the parent shard",
}
"""What the labs lean on, each checked by a real call (the app's own probes where it has one)."""


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


def _answers(call: Any) -> bool:
    try:
        return bool(call())
    except Exception:
        return False


def features(url: str) -> dict[str, bool]:
    """Each of FEATURES: does this emulator do it?"""
    target = EndpointTarget(url)
    target.start()
    probed = [k for k in FEATURES if k not in ("test-event-pattern", "test-state")]
    found = {c.name: c.available
             for c in probe_capabilities(target, allow_writes=True, only=probed)}
    event = {"id": "1", "account": target.account_id or "000000000000", "source": "bench",
             "time": "2026-01-01T00:00:00Z", "region": "us-east-1", "resources": [],
             "detail-type": "bench", "detail": {}}
    found["test-event-pattern"] = _answers(lambda: "Result" in target.client(
        "events").test_event_pattern(EventPattern=json.dumps({"source": ["bench"]}),
                                     Event=json.dumps(event)))
    found["test-state"] = _answers(lambda: target.client("stepfunctions").test_state(
        definition=json.dumps({"Type": "Pass", "End": True}), input="{}",
        roleArn=f"arn:aws:iam::{target.account_id or '000000000000'}:role/bench",
    )["status"] == "SUCCEEDED")
    target.stop()
    return {k: found.get(k, False) for k in FEATURES}


def bench_ministack() -> dict[str, Any]:
    t0 = time.perf_counter()
    emu = EmbeddedEmulator()
    emu.start()
    first_call(emu.url)
    ready = time.perf_counter() - t0
    assert emu.process is not None
    rss = psutil.Process(emu.process.pid).memory_info().rss / 2**20
    try:
        return {"version": emulator_version(), "start_to_first_call_s": round(ready, 3),
                "rss_idle_mb": round(rss, 1), **sqs_numbers(emu.url),
                "features": features(emu.url)}
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
        version = subprocess.run([python, "-c", "import moto; print(moto.__version__)"],
                                 capture_output=True, text=True).stdout.strip()
        return {"version": version, "start_to_first_call_s": round(ready, 3),
                "rss_idle_mb": round(rss, 1), **sqs_numbers(url), "features": features(url)}
    finally:
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(workdir, ignore_errors=True)


def table(result: dict[str, Any]) -> str:
    """The Markdown that goes between the markers in docs/emulator.md."""
    m, o = result["ministack"], result.get("moto_server")
    head = f"| | ministack {m['version']} |"
    rule = "|---|---|"
    if o:
        head += f" moto server {o['version']} | moto / ministack |"
        rule += "---|---|"
    rows = [("start to first call", "start_to_first_call_s", "{:.2f} s", "longer"),
            ("RSS idle", "rss_idle_mb", "{:.0f} MB", "more"),
            ("SQS send + receive + delete, median", "send_receive_median_ms", "{:.1f} ms",
             "slower"),
            ("send_message_batch", "batch_msgs_per_s", "{:,.0f} msg/s", "fewer")]
    lines = [f"Measured {result['date']} on {result['machine']}, every candidate in the same run:",
             "", head, rule]
    for label, key, fmt, word in rows:
        line = f"| {label} | {fmt.format(m[key])} |"
        if o:
            ratio = m[key] / o[key] if word == "fewer" else o[key] / m[key]
            line += f" {fmt.format(o[key])} | {ratio:.1f}x {word} |"
        lines.append(line)
    for key, label in FEATURES.items():
        line = f"| {label} | {'yes' if m['features'][key] else 'no'} |"
        if o:
            line += f" {'yes' if o['features'][key] else 'no'} | |"
        lines.append(line)
    if not o:
        lines += ["", "moto server was not measured in this run: no interpreter with "
                  "moto[server] (`--moto-python PATH`)."]
    return "\n".join(lines)


def write_doc(text: str, doc: Path = DOC) -> None:
    """Replace what is between the markers; everything else in the file stays as written."""
    current = doc.read_text()
    if BEGIN not in current or END not in current:
        raise SystemExit(f"{doc}: the markers are missing ({BEGIN} ... {END})")
    start, end = current.index(BEGIN) + len(BEGIN), current.index(END)
    doc.write_text(current[:start] + "\n" + text + "\n" + current[end:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moto-python", default=shutil.which("python3") or "",
                        help="an interpreter with moto[server] installed (skipped if missing)")
    parser.add_argument("--write-doc", action="store_true",
                        help=f"write the table into {DOC.relative_to(ROOT)} between its markers")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    result: dict[str, Any] = {
        "date": datetime.date.today().isoformat(),
        "machine": f"{os.cpu_count()} cores, load {load:.1f} at the start",
        "ministack": bench_ministack()}
    has_moto = args.moto_python and subprocess.run(
        [args.moto_python, "-c", "import moto.server, flask"], capture_output=True).returncode == 0
    if has_moto:
        result["moto_server"] = bench_moto(args.moto_python)
    print(json.dumps(result, indent=2))
    if args.write_doc:
        write_doc(table(result))
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
