"""`labs validate`: every problem in a lab file, with file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from playground.cli.main import main
from playground.lab.catalog import labs_dir, load_catalog
from playground.lab.loader import load_lab_file, validate_path
from tests.lab.conftest import FIXTURES

EXPECTED = {
    "broken-yaml.yaml": [
        "broken-yaml.yaml:6: not valid YAML: ",  # the wording depends on libyaml or not
    ],
    "not-a-mapping.yaml": [
        "not-a-mapping.yaml:1: a lab file must be a mapping with id, title, steps, ...",
    ],
    "missing-fields.yaml": [
        "missing-fields.yaml:3: services[1]: input should be 'sqs', 'sns', 'events', "
        "'stepfunctions', 'kinesis', 'firehose', 's3' or 'lambda'",
        "missing-fields.yaml:4: level: input should be 'beginner', 'intermediate' or 'advanced'",
        "missing-fields.yaml:5: minutes: input should be greater than or equal to 1",
        "missing-fields.yaml:9: steps[0].title: field required",
        "missing-fields.yaml:11: steps[0].checks: list should have at least 1 item",
        "missing-fields.yaml:12: steps[1].id: step id 'one' is used twice",
        "missing-fields.yaml:16: steps[1].checks[0].kind: topic_exists checks sns, which is "
        "not in the lab's services",
        "missing-fields.yaml:19: steps[1].checks[1].queue: unknown variable {nope}",
        "missing-fields.yaml:20: steps[1].surprise: extra inputs are not permitted",
    ],
    "unknown-kind.yaml": [
        "unknown-kind.yaml:13: steps[0].checks[0].kind: unknown check kind 'queue_exist' "
        "(did you mean queue_exists?)",
        "unknown-kind.yaml:17: steps[0].checks[1].at_least: input should be a valid integer",
        "unknown-kind.yaml:18: steps[0].checks[1].colour: extra inputs are not permitted",
        "unknown-kind.yaml:21: steps[0].solution[0].name: 'orders' must start with {prefix}",
        "unknown-kind.yaml:22: steps[0].solution[1].action: unknown action 'launch_rocket'",
        "unknown-kind.yaml:23: steps[0].solution[2].python: unknown python function "
        "'not_registered'",
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_problem_names_file_line_and_field(name: str) -> None:
    lab, problems = load_lab_file(FIXTURES / name)
    assert lab is None
    shown = [str(p).removeprefix(str(FIXTURES) + "/") for p in problems]
    assert len(shown) == len(EXPECTED[name]), "\n".join(shown)
    for line, expected in zip(shown, EXPECTED[name], strict=True):
        assert line.startswith(expected), f"{line!r} does not start with {expected!r}"


def test_every_fixture_file_is_covered() -> None:
    assert sorted(p.name for p in FIXTURES.glob("*.yaml")) == sorted(EXPECTED)


def test_the_shipped_labs_validate(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["labs", "validate"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{len(load_catalog().labs)} labs OK in {labs_dir()}")


def test_validate_exits_1_and_lists_every_problem(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["labs", "validate", str(FIXTURES)]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert len(lines) == sum(len(v) for v in EXPECTED.values())
    assert all(line.startswith(str(FIXTURES)) for line in lines)
    assert "Traceback" not in captured.err
    assert "problems in 4 files" in captured.err


def test_validate_a_missing_path_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path) -> None:
    assert main(["labs", "validate", str(tmp_path / "nope")]) == 2
    assert capsys.readouterr().out.strip().endswith("nope: no such file or directory")


def test_an_id_that_is_not_the_file_name_is_a_problem(tmp_path: Path) -> None:
    source = (labs_dir() / "sqs-first-queue.yaml").read_text()
    renamed = tmp_path / "first.yaml"
    renamed.write_text(source)
    _, problems = validate_path(renamed)
    assert [str(p) for p in problems] == [
        f"{renamed}:1: id: id 'sqs-first-queue' does not match the file name 'first.yaml'"]


def test_a_broken_lab_is_skipped_by_the_catalog_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text((labs_dir() / "sqs-first-queue.yaml").read_text()
                                        .replace("id: sqs-first-queue", "id: good"))
    (tmp_path / "bad.yaml").write_text("id: [")
    catalog = load_catalog(tmp_path)
    assert [lab.id for lab in catalog.labs] == ["good"]
    assert [p.file.name for p in catalog.problems] == ["bad.yaml"]
