"""Golden-text tests of `playground asl graph`: every definition under asl_fixtures/ (JSON or
YAML) is drawn and compared with the text beside it, NAME.graph.txt (at --width 100) and,
for the definitions in NARROW, NAME.wN.graph.txt (at --width N).

When the drawing changes on purpose, regenerate the expected text and read the diff:

    PLAYGROUND_UPDATE_GOLDEN=1 .venv/bin/python -m pytest -p no:cacheprovider -n 0 -q \\
        tests/stepfunctions/test_asl_graph.py

Every fixture is a definition AWS takes: `asl graph` exits 0 with nothing on stderr, and
`asl validate` says so.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from rich.cells import cell_len

from playground.aws.stepfunctions.graph import count_states
from playground.aws.stepfunctions.source import read_definition
from tests.stepfunctions.asl_run import run_asl

FIXTURES = Path(__file__).parent / "asl_fixtures"
DEFINITIONS = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".json", ".yaml", ".yml"))
NARROW = {"long-names": 40, "parallel-nested": 24}
"""Definitions also drawn narrower than their boxes, to see lines cut to --width."""
UPDATE = os.environ.get("PLAYGROUND_UPDATE_GOLDEN") == "1"


def _stem(path: Path) -> str:
    return path.name.split(".")[0]


CASES = [(p, 100, FIXTURES / f"{_stem(p)}.graph.txt") for p in DEFINITIONS] + [
    (p, NARROW[_stem(p)], FIXTURES / f"{_stem(p)}.w{NARROW[_stem(p)]}.graph.txt")
    for p in DEFINITIONS if _stem(p) in NARROW]


@pytest.mark.parametrize(("path", "width", "expected"), CASES,
                         ids=[c[2].name.removesuffix(".graph.txt") for c in CASES])
def test_graph_matches_the_golden_text(path: Path, width: int, expected: Path) -> None:
    code, out, err = run_asl("graph", str(path), "--width", str(width))
    assert (code, err) == (0, "")
    if UPDATE:
        expected.write_text(out, encoding="utf-8")
    assert out == expected.read_text(encoding="utf-8")
    assert all(cell_len(line) <= width for line in out.splitlines())
    assert "\x1b" not in out  # plain text, never colored


def test_the_fixtures_cover_every_state_type_and_feature() -> None:
    """The collection keeps covering what the golden tests are meant to cover."""
    assert len(DEFINITIONS) >= 12
    text = " ".join(json.dumps(read_definition(str(p)).definition) for p in DEFINITIONS)
    for word in ("Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"):
        assert f'"Type": "{word}"' in text
    for word in ('"Retry"', '"Catch"', '"ItemsPath"', '"ItemSelector"', '"DISTRIBUTED"',
                 '"INLINE"', '"Iterator"', '"And"', '"Or"', '"Not"', '"Condition"', "${"):
        assert word in text
    choices = [len(s.get("Choices", [])) for p in DEFINITIONS
               for s in read_definition(str(p)).definition["States"].values()]
    assert max(choices) >= 8


@pytest.mark.parametrize("path", DEFINITIONS, ids=[p.name for p in DEFINITIONS])
def test_every_fixture_is_valid_and_every_state_drawn(path: Path) -> None:
    code, out, err = run_asl("validate", str(path))
    states = count_states(read_definition(str(path)).definition)
    assert (code, err) == (0, "")
    assert out.endswith(f"valid {'YAML' if path.suffix != '.json' else 'JSON'}, {states} states\n")
    _, drawing, _ = run_asl("graph", str(path), "--width", "200")
    boxes = [line for line in drawing.splitlines() if line.strip().startswith(("╭", "┏"))]
    assert len(boxes) == states


def test_a_sam_definition_keeps_its_placeholders_and_comments_are_not_states() -> None:
    """Made outside the app: SAM's ${Placeholders} read as text, YAML comments and Comment
    fields ignored, state names with spaces and question marks, a YAML timestamp as text."""
    path = FIXTURES / "sam-placeholders.asl.yaml"
    definition = read_definition(str(path)).definition
    assert definition["States"]["Check Stock"]["Resource"] == "${CheckStockFunctionArn}"
    item = definition["States"]["Record Order"]["Parameters"]["Item"]
    assert item["at"]["S"] == "2026-12-06T12:00:00+00:00"
    code, out, _ = run_asl("graph", str(path))
    assert code == 0 and "│ In Stock?" in out and "Default → Out Of Stock" in out


def test_default_width_is_100_when_not_a_terminal() -> None:
    path = str(FIXTURES / "long-names.json")
    assert run_asl("graph", path) == run_asl("graph", path, "--width", "100")
    assert run_asl("graph", path) != run_asl("graph", path, "--width", "80")


def test_every_state_is_drawn_past_the_workbench_cap(tmp_path: Path) -> None:
    """The workbench draws 300 states (it redraws on every step); the command draws them all."""
    states = {f"S{i}": {"Type": "Pass", "Next": f"S{i + 1}"} for i in range(400)}
    states["S400"] = {"Type": "Succeed"}
    path = tmp_path / "long.json"
    path.write_text(json.dumps({"StartAt": "S0", "States": states}), encoding="utf-8")
    code, out, err = run_asl("graph", str(path))
    assert (code, err) == (0, "")
    assert sum(line.startswith(("╭", "┏")) for line in out.splitlines()) == 401
    assert "not drawn" not in out
