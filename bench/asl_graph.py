"""Time `playground asl graph` on a generated 40-state definition against a baseline measured in
the same run: json.loads + validate (the checks alone, no file, no drawing).

    .venv/bin/python bench/asl_graph.py [--runs N]

Prints a JSON result and a one-line summary. Measured: the command in this process (the
first call, which imports the layout and checks, and the median of the next N), the baseline's
median, and the whole command from the shell (`python -m playground asl graph FILE`, interpreter
start-up included), which is what a user waits for. Ratios matter more than absolute times:
the machines are shared and noisy, so everything is measured in the same run.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from playground.cli.main import main  # noqa: E402 (after the path is set)

STATES = 40
TASK = "arn:aws:states:::lambda:invoke"


def definition() -> dict[str, Any]:
    """40 states of every type: a chain of 15 Tasks with Retry and Catch, a Choice of six rules,
    Waits, a Parallel of two branches, a Map with a processor, Succeed and Fail."""
    states: dict[str, Any] = {}
    retry = [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 2, "BackoffRate": 2,
              "MaxAttempts": 3}]
    catch = [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Failed"}]
    for i in range(15):
        states[f"Step {i}"] = {"Type": "Task", "Resource": TASK, "Retry": retry, "Catch": catch,
                               "Parameters": {"FunctionName": f"step-{i}", "Payload.$": "$"},
                               "Next": f"Step {i + 1}" if i < 14 else "Route"}
    states["Route"] = {"Type": "Choice", "Default": "Fan", "Choices": [
        {"Variable": "$.total", "NumericGreaterThan": n * 10, "Next": f"Wait {n}"}
        for n in range(6)]}
    for n in range(6):
        states[f"Wait {n}"] = {"Type": "Wait", "Seconds": n + 1, "Next": "Fan"}
    branches = [{"StartAt": f"B{b} 0", "States": {
        f"B{b} {k}": {"Type": "Pass", **({"Next": f"B{b} {k + 1}"} if k < 3 else {"End": True})}
        for k in range(4)}} for b in range(2)]
    states["Fan"] = {"Type": "Parallel", "Branches": branches, "Catch": catch, "Next": "Each"}
    states["Each"] = {"Type": "Map", "ItemsPath": "$.items", "ItemSelector": {"item.$": "$$.Map.Item.Value"},
                      "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "M 0",
                                        "States": {f"M {k}": {"Type": "Pass", **(
                                            {"Next": f"M {k + 1}"} if k < 5 else {"End": True})}
                                            for k in range(6)}},
                      "Next": "Done"}
    states["Done"] = {"Type": "Succeed"}
    states["Failed"] = {"Type": "Fail", "Error": "StepFailed"}
    return {"Comment": "bench/asl_graph.py", "StartAt": "Step 0", "States": states}


def graph_once(path: str) -> float:
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["asl", "graph", path, "--width", "100"])
    took = time.perf_counter() - start
    if code != 0 or err.getvalue():
        raise SystemExit(f"asl graph failed ({code}): {err.getvalue()}")
    return took


def baseline_once(text: str) -> float:
    from playground.aws.stepfunctions.validate import validate

    start = time.perf_counter()
    issues = validate(json.loads(text))
    took = time.perf_counter() - start
    assert issues == [], issues
    return took


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    from playground.aws.stepfunctions.graph import count_states

    value = definition()
    assert count_states(value) == STATES, count_states(value)
    text = json.dumps(value, indent=2)
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "forty.asl.json")
        Path(path).write_text(text, encoding="utf-8")
        first = graph_once(path)
        graph = [graph_once(path) for _ in range(args.runs)]
        base = [baseline_once(text) for _ in range(args.runs)]
        shell = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "playground", "asl", "graph", path],
                           check=True, capture_output=True, cwd=ROOT)
            shell.append(time.perf_counter() - start)
    ms = 1000
    result = {
        "states": STATES,
        "definition_bytes": len(text.encode()),
        "runs": args.runs,
        "graph_first_ms": round(first * ms, 2),
        "graph_median_ms": round(statistics.median(graph) * ms, 3),
        "baseline_median_ms": round(statistics.median(base) * ms, 3),
        "ratio": round(statistics.median(graph) / statistics.median(base), 1),
        "shell_median_ms": round(statistics.median(shell) * ms, 1),
    }
    print(json.dumps(result, indent=2))
    print(f"asl graph, {STATES} states: {result['graph_median_ms']} ms in process "
          f"({result['ratio']}x json.loads+validate at {result['baseline_median_ms']} ms; first call "
          f"{result['graph_first_ms']} ms), {result['shell_median_ms']} ms from the shell")


if __name__ == "__main__":
    main_bench()
