"""The parity matrix: every lab step and every probed feature, pass or fail, on one target.

`playground parity` prints it for the current target; scripts/parity_matrix.py runs it on the
embedded emulator and on LocalStack and writes docs/parity.md.
"""

from __future__ import annotations

import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from playground.aws.common import error_message
from playground.targets.base import Target
from playground.targets.errors import ReadOnlyViolation


@dataclass
class StepOutcome:
    lab: str
    step: str
    outcome: str
    """pass | fail | skipped"""
    detail: str = ""


@dataclass
class Matrix:
    target: str
    features: dict[str, bool] = field(default_factory=dict)
    feature_notes: dict[str, str] = field(default_factory=dict)
    steps: list[StepOutcome] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def feature_matrix(target: Target) -> tuple[dict[str, bool], dict[str, str]]:
    from playground.targets.probes import probe_capabilities
    from playground.targets.quiet import QuietTarget

    caps = probe_capabilities(QuietTarget(target, writes=True), allow_writes=not target.is_real)
    return {c.name: c.available for c in caps}, {c.name: c.note for c in caps}


def lab_matrix(target: Target, lab_ids: list[str] | None = None) -> list[StepOutcome]:
    """Solve each lab step by step (checking each), then reset it; progress kept out of the way."""
    from playground.config import load_settings
    from playground.lab.catalog import load_catalog
    from playground.lab.engine import LabSession
    from playground.lab.progress import ProgressStore

    out: list[StepOutcome] = []
    prefix = load_settings().resource_prefix
    with tempfile.TemporaryDirectory() as tmp:
        store = ProgressStore(Path(tmp) / "progress.json")
        for lab in load_catalog().labs:
            if lab_ids and lab.id not in lab_ids:
                continue
            session = LabSession(lab, target, resource_prefix=prefix, store=store)
            try:
                session.reset()
                for index, _lines, report in session.solve_through():
                    step = lab.steps[index]
                    failed = [r.message for r in report.results if not r.passed]
                    outcome = "skipped" if report.skipped else ("fail" if failed else "pass")
                    detail = report.results[0].message if report.skipped else "; ".join(failed)
                    out.append(StepOutcome(lab.id, step.id, outcome, detail))
            except Exception as exc:  # one broken lab must not hide the others' results
                out.append(StepOutcome(lab.id, "*", "fail", error_message(exc)))
            finally:
                try:
                    session.reset()
                except Exception as exc:
                    out.append(StepOutcome(lab.id, "reset", "fail", error_message(exc)))
    return out


def build_matrix(target: Target, lab_ids: list[str] | None = None) -> Matrix:
    if target.read_only:
        # Every lab step is solved for real: in read-only mode nothing may be sent, so say it now
        # rather than failing each step.
        raise ReadOnlyViolation("parity (it creates and deletes lab resources)")
    features, notes = feature_matrix(target)
    return Matrix(target.label, features, notes, lab_matrix(target, lab_ids))


def render_markdown(matrices: list[Matrix]) -> str:
    """One table for features and one for lab steps, a column per target."""
    names = [m.target for m in matrices]
    lines = ["| feature | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for key in matrices[0].features:
        cells = ["yes" if m.features.get(key) else "**no**" for m in matrices]
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    lines += ["", "| lab step | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    by_target = [{(s.lab, s.step): s for s in m.steps} for m in matrices]
    keys = list(dict.fromkeys((s.lab, s.step) for m in matrices for s in m.steps))
    for lab, step in keys:
        cells = []
        for table in by_target:
            found = table.get((lab, step))
            cells.append("—" if found is None else {"pass": "pass", "fail": "**fail**",
                                                    "skipped": "skipped*"}[found.outcome])
        lines.append(f"| {lab} · {step} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
