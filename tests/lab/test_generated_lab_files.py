"""Generated lab files through the loader and validator: random YAML, random text and bytes, and
mutations of the shipped labs. No input raises; every problem is one printable line, and names
the field whenever the file is a mapping.

Examples per test: the Hypothesis profile from tests/conftest.py (HYPOTHESIS_PROFILE=thorough
for the long run)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from playground.lab.catalog import labs_dir
from playground.lab.loader import LabProblem, load_lab_file
from playground.lab.model import ActionSpec, Lab, Step
from playground.lab.registry import ACTIONS, CHECKS, load_builtins
from tests.yaml_strategies import Mutation, documents, mutated, spliced

load_builtins()
WORDS = sorted({*Lab.model_fields, *Step.model_fields, *ActionSpec.model_fields, "kind", *CHECKS,
                *ACTIONS, "sqs", "sns", "queue", "name", "topic", "stream", "{prefix}q"})
"""Keys and values the loader knows, so random documents reach past the schema's first check."""

SHIPPED = {path.stem: path.read_text(encoding="utf-8") for path in sorted(labs_dir().glob("*.yaml"))}
SHIPPED_DATA = {lab_id: yaml.safe_load(text) for lab_id, text in SHIPPED.items()}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("generated-labs")


def load(path: Path, content: str | bytes) -> list[LabProblem]:
    """Load `content` as the lab file `path`: it must not raise, and what it says must be usable."""
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    lab, problems = load_lab_file(path)
    assert (lab is None) == bool(problems)
    for problem in problems:
        line = str(problem)
        assert line.startswith(str(path)) and problem.message
        assert line.isprintable(), f"not one printable line: {line!r}"
    return problems


@given(documents(WORDS))
def test_random_documents(workdir: Path, data: Any) -> None:
    problems = load(workdir / "random.yaml", yaml.safe_dump(data))
    if isinstance(data, dict):
        assert all(p.field for p in problems), [str(p) for p in problems]
    elif data is not None or problems:
        assert [p.message for p in problems] == [
            "a lab file must be a mapping with id, title, steps, ..."]


@given(st.text(max_size=400))
def test_random_text(workdir: Path, text: str) -> None:
    load(workdir / "text.yaml", text)


@given(st.binary(max_size=400))
def test_random_bytes(workdir: Path, content: bytes) -> None:
    load(workdir / "bytes.yaml", content)


@given(st.sampled_from(sorted(SHIPPED)).flatmap(lambda lab_id: st.tuples(
    st.just(lab_id), mutated(SHIPPED_DATA[lab_id]))))
def test_mutations_of_the_shipped_labs(workdir: Path, case: tuple[str, tuple[Any, Mutation]]) -> None:
    lab_id, (data, mutation) = case
    text = yaml.safe_dump(data, sort_keys=False)
    problems = load(workdir / f"{lab_id}.yaml", text)
    assert all(p.field for p in problems), [str(p) for p in problems]
    if "*id" in text:  # the mutation shared a node: YAML wrote an anchor and an alias
        assert len(problems) == 1 and "aliases" in problems[0].message
    elif problems:
        shown = [str(p) for p in problems]
        assert any(mutation.related(p.field) for p in problems), (mutation, shown)


@given(st.sampled_from(sorted(SHIPPED)).flatmap(lambda lab_id: st.tuples(
    st.just(lab_id), spliced(SHIPPED[lab_id]))))
def test_shipped_labs_with_yaml_noise_spliced_in(workdir: Path, case: tuple[str, str]) -> None:
    lab_id, text = case
    load(workdir / f"{lab_id}.yaml", text)
