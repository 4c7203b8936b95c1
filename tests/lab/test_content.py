"""The shipped labs read well in a terminal and are complete: a bar for new labs too."""

from __future__ import annotations

import re

import pytest

from playground.lab.context import VARIABLES, expand
from playground.lab.model import Lab
from tests.lab.conftest import shipped_labs

CODE_WIDTH = 76
"""Code blocks do not wrap; this fits the lab screen at 120 columns."""
SAMPLE = {"prefix": "pg-sqs101-", "lab": "sqs-first-queue", "region": "ap-southeast-2",
          "account": "123456789012", "aws": "aws --endpoint-url http://127.0.0.1:45666",
          "aws_setup": "export AWS_DEFAULT_REGION=us-east-1"}
LABS = [pytest.param(lab, id=lab.id) for lab in shipped_labs()]


def texts(lab: Lab) -> list[str]:
    out = [lab.summary]
    for step in lab.steps:
        out += [step.instructions, step.explanation, *step.hints]
    return out


def test_there_are_labs_to_ship() -> None:
    assert {"sqs-first-queue", "sns-fanout"} <= {lab.id for lab in shipped_labs()}


@pytest.mark.parametrize("lab", LABS)
def test_code_lines_fit_the_lab_screen(lab: Lab) -> None:
    too_wide = []
    for text in texts(lab):
        for block in re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S):
            too_wide += [ln for ln in expand(block, SAMPLE).splitlines() if len(ln) > CODE_WIDTH]
    assert not too_wide, f"code lines over {CODE_WIDTH} columns are cut off on the lab screen"


@pytest.mark.parametrize("lab", LABS)
def test_every_step_has_a_hint_and_can_be_done_for_you(lab: Lab) -> None:
    """A shipped step without a solution could not be proven solvable by the tests."""
    for step in lab.steps:
        assert step.hints, f"{step.id} has no hint"
        assert step.solution, f"{step.id} has no reference solution"


@pytest.mark.parametrize("lab", LABS)
def test_markdown_uses_only_known_variables(lab: Lab) -> None:
    for text in texts(lab):
        unknown = set(re.findall(r"\{([a-z_]+)\}", text)) - set(VARIABLES)
        assert not unknown, f"unknown variables {unknown}"


@pytest.mark.parametrize("lab", LABS)
def test_cli_commands_tag_what_they_create(lab: Lab) -> None:
    """Reset deletes only tagged resources, so every create command in the text tags."""
    for text in texts(lab):
        for command in re.findall(r"(create-(?:queue|topic|stream)[^`]*?)(?:\n\s*\n|```|done)", text,
                                  flags=re.S):
            assert "playground:lab" in command, command
