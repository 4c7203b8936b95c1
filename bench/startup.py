"""Start-up: launch to first frame and to "emulator ready", against a bare Textual baseline.

    .venv/bin/python bench/startup.py [--runs 5]

Both are started in a pseudo-terminal the same way; the clock stops when the screen shows a
marker (the first frame: "Workbenches"; the emulator: "● ready"). Prints JSON and one line.
Goals (issue #17): first frame within 1.5x of the bare app's, emulator ready under 0.5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import report  # noqa: E402

BASELINE = '''
from textual.app import App, ComposeResult
from textual.widgets import Footer, OptionList, Static
class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("playground")
        yield Static("Workbenches")
        yield OptionList("SQS", "SNS", "EventBridge", "Step Functions", "Kinesis")
        yield Footer()
Bare().run()
'''


def time_markers(argv: list[str], markers: list[bytes], timeout: float = 30) -> dict[bytes, float]:
    master, slave = pty.openpty()
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="120", LINES="40",
               TEXTUAL_ANIMATIONS="none", PYTHONPATH=str(ROOT))
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                            start_new_session=True, cwd=ROOT)
    os.close(slave)
    seen: dict[bytes, float] = {}
    buf = b""
    try:
        while len(seen) < len(markers) and time.perf_counter() - t0 < timeout:
            if select.select([master], [], [], 0.01)[0]:
                try:
                    buf += os.read(master, 65536)
                except OSError:
                    break
                for m in markers:
                    if m not in seen and m in buf:
                        seen[m] = time.perf_counter() - t0
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        os.close(master)
    return seen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(BASELINE)
        baseline_script = f.name
    app_first, app_ready, base_first = [], [], []
    for _ in range(args.runs):
        got = time_markers([sys.executable, "-m", "playground"], [b"Workbenches", "● ready".encode()])
        app_first.append(got.get(b"Workbenches", float("nan")))
        app_ready.append(got.get("● ready".encode(), float("nan")))
        base = time_markers([sys.executable, baseline_script], [b"Workbenches"])
        base_first.append(base.get(b"Workbenches", float("nan")))
    os.unlink(baseline_script)
    result = {
        "runs": args.runs,
        "app_first_frame_s": round(statistics.median(app_first), 3),
        "app_emulator_ready_s": round(statistics.median(app_ready), 3),
        "baseline_first_frame_s": round(statistics.median(base_first), 3),
    }
    result["first_frame_ratio"] = round(result["app_first_frame_s"] / result["baseline_first_frame_s"], 2)
    result["goals_met"] = {"first_frame_ratio_le_1.5": result["first_frame_ratio"] <= 1.5,
                           "emulator_ready_lt_0.5s": result["app_emulator_ready_s"] < 0.5}
    print(json.dumps(result, indent=2))
    line = (f"startup: first frame {result['app_first_frame_s']} s (bare Textual "
            f"{result['baseline_first_frame_s']} s, ratio {result['first_frame_ratio']}), "
            f"emulator ready {result['app_emulator_ready_s']} s, median of {args.runs}")
    print(line)
    report.save("startup", result, line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
