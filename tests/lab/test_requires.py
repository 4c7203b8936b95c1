"""A step that needs a capability the target lacks is skipped with a parity note, not failed."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from playground.cli.main import main
from playground.lab.engine import LabSession
from playground.lab.model import Lab
from playground.lab.progress import ProgressStore

LAB = {
    "id": "needs-move-task", "title": "Redrive server-side", "services": ["sqs"],
    "level": "beginner", "minutes": 5, "prefix": "needsmove", "objectives": ["redrive"],
    "steps": [
        {"id": "queue", "title": "A queue", "instructions": "Create it.",
         "checks": [{"kind": "queue_exists", "queue": "{prefix}q"}],
         "solution": [{"action": "create_queue", "name": "{prefix}q"}]},
        {"id": "move", "title": "Move the messages back", "instructions": "Use the API.",
         "requires": ["message-move-task"],
         "checks": [{"kind": "queue_exists", "queue": "{prefix}never"}]},
    ],
}


def test_missing_capability_skips_the_step_with_the_reason(target, tmp_path) -> None:
    lab = Lab.model_validate(LAB)
    session = LabSession(lab, target, store=ProgressStore(tmp_path / "progress.json"))
    # ministack has no StartMessageMoveTask (probed, see docs/emulator.md).
    assert "StartMessageMoveTask" in session.unavailable()["move"]
    done = session.solve_through()
    assert [report.skipped for _, _, report in done] == [False, True]
    assert all(report.passed for _, _, report in done)
    assert session.current_index() is None  # the lab counts as done on this target
    assert "move" not in session.passed_ids()  # but the skipped step is not recorded as passed
    # The probe's scaffolding went through a quiet twin: nothing of it in the call log.
    assert not any(str(r.params.get("QueueName", "")).startswith("pg-probe")
                   for r in target.recorder.records)


def test_unknown_capability_is_a_validation_error() -> None:
    bad = json.loads(json.dumps(LAB))
    bad["steps"][1]["requires"] = ["time-travel"]
    with pytest.raises(ValidationError, match="unknown capability 'time-travel'"):
        Lab.model_validate(bad)


def test_shipped_labs_declare_what_localstack_lacks() -> None:
    from playground.lab.catalog import load_catalog

    requires = {(lab.id, s.id): s.requires for lab in load_catalog().labs for s in lab.steps
                if s.requires}
    assert requires[("events-archive-replay", "replay")] == ["replay"]
    assert requires[("events-input-transformer", "ship")] == ["transformer-string-vars"]
    # The emulator's history has no states inside a Map; LocalStack's JSONata needs Java.
    assert requires[("sfn-parallel-map", "iterations")] == ["nested-history"]
    assert requires[("sfn-parallel-map", "jsonata")] == ["jsonata"]


def test_cli_check_passes_when_only_unavailable_steps_remain(target, tmp_path, monkeypatch,
                                                             capsys) -> None:
    import playground.lab.catalog as catalog

    (tmp_path / "needs-move-task.yaml").write_text(json.dumps(LAB))
    monkeypatch.setattr(catalog, "labs_dir", lambda: tmp_path)
    where = ["--endpoint-url", target.endpoint_url]
    assert main([*where, "lab", "solve", "needs-move-task"]) == 0
    out = capsys.readouterr().out
    assert "– skipped on this target. On this target, SQS has no StartMessageMoveTask" in out
    assert main([*where, "lab", "check", "needs-move-task"]) == 0
