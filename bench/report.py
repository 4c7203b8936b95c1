"""Where the benches leave their figures: `bench/results/NAME.json` (the last run of each) and
`docs/benchmarks.md`, written again from all of them after every run, with the machine and the
date each figure was taken on. A bench calls `save(name, result, line)` after printing."""

from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DOC = ROOT / "docs" / "benchmarks.md"

ORDER = ["startup", "fanout", "fanout-memory", "kinesis", "polling", "soak", "asl_graph"]
"""The issue's goals in order; other results follow by name."""


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {"cores": os.cpu_count(), "cpu": cpu or platform.processor(),
            "python": platform.python_version(), "system": platform.platform(terse=True),
            "load_1min_at_end": round(load, 2) if load is not None else None}


def save(name: str, result: dict[str, Any], line: str) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    entry = {"name": name, "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
             "machine": machine(), "line": line, "result": result}
    (RESULTS / f"{name}.json").write_text(json.dumps(entry, indent=2) + "\n")
    write_doc()


def write_doc() -> None:
    entries = []
    for path in sorted(RESULTS.glob("*.json")):
        try:
            entries.append(json.loads(path.read_text()))
        except (OSError, ValueError):
            continue
    entries.sort(key=lambda e: (ORDER.index(e["name"]) if e["name"] in ORDER else len(ORDER),
                                e["name"]))
    out = ["# Benchmarks", "",
           "Written by the scripts in `bench/` (each run rewrites this file from "
           "`bench/results/*.json`, the last run of each). Every figure sits beside the baseline "
           "it was measured against in the same run. Not a test: the numbers depend on the "
           "machine, named with each.", ""]
    for e in entries:
        m = e["machine"]
        goals = e["result"].get("goals_met", {})
        out += [f"## {e['name']}", "",
                f"{e['line']}", "",
                f"- when: {e['when']}; machine: {m['cores']} cores, {m['cpu']}, Python "
                f"{m['python']}, load {m['load_1min_at_end']} at the end"]
        if goals:
            out.append("- goals: " + ", ".join(f"{k} {'met' if v else '**missed**'}"
                                               for k, v in goals.items()))
        out += [f"- full result: `bench/results/{e['name']}.json`", ""]
    DOC.write_text("\n".join(out))
