"""Every lab on real LocalStack: solve, check, reset, through the same CLI a learner uses."""

from __future__ import annotations

import json

import pytest

from playground.cli.main import main
from playground.lab.catalog import load_catalog

LAB_IDS = [lab.id for lab in load_catalog().labs]


@pytest.mark.parametrize("lab_id", LAB_IDS)
def test_lab_passes_on_localstack(localstack_url: str, lab_id: str, capsys) -> None:
    where = ["--target", "localstack", "--endpoint-url", localstack_url]
    assert main([*where, "lab", "solve", lab_id]) == 0, capsys.readouterr()
    capsys.readouterr()
    code = main([*where, "lab", "check", lab_id, "--json"])
    report = capsys.readouterr().out
    assert code == 0, report
    assert main([*where, "lab", "reset", lab_id]) == 0
    assert json.loads(report)
