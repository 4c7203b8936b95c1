"""labs/README.md lists every check kind, action and `python:` function as the registry has them."""

from __future__ import annotations

from pathlib import Path

import pytest

from playground.lab.reference import (
    BEGIN,
    COMMAND,
    END,
    builtins,
    reference_markdown,
    type_text,
    with_reference,
)
from playground.lab.registry import ACTIONS, CHECKS, FUNCTIONS, Registered, load_builtins

README = Path(__file__).resolve().parents[2] / "labs" / "README.md"


def test_readme_reference_is_current() -> None:
    text = README.read_text(encoding="utf-8")
    assert with_reference(text) == text, (
        f"labs/README.md's check/action reference is out of date: run `{COMMAND}`")


def test_every_shipped_kind_action_and_function_is_in_the_reference() -> None:
    load_builtins()
    section = reference_markdown()
    for table in (CHECKS, ACTIONS, FUNCTIONS):
        for entry in builtins(table):
            assert f"| `{entry.name}` | {entry.service} |" in section
    assert "send_markers_for_tests" in FUNCTIONS  # registered by tests/lab/conftest.py ...
    assert "send_markers_for_tests" not in section  # ... and not shipped


@pytest.mark.parametrize("table", [CHECKS, ACTIONS, FUNCTIONS], ids=["checks", "actions", "python"])
def test_every_shipped_entry_names_its_service_and_says_what_it_does_in_one_line(
        table: dict[str, Registered]) -> None:
    load_builtins()
    for entry in builtins(table):
        assert entry.service, f"{entry.name} does not name its service"
        # lambda's modules are lambda_.py: `lambda` is a Python keyword.
        assert entry.func.__module__.rsplit(".", 1)[-1].rstrip("_") == entry.service, (
            f"{entry.name} ({entry.service}) lives in {entry.func.__module__}")
        assert entry.summary.endswith((".", ")")), (
            f"{entry.name}: its docstring's first line is the reference's description and "
            f"should be a whole sentence, not {entry.summary!r}")


def test_rewriting_keeps_the_hand_written_text_around_the_markers() -> None:
    text = f"# Writing a lab\n\nBefore.\n\n{BEGIN}\nstale\n{END}\n\nAfter.\n"
    new = with_reference(text)
    assert new.startswith(f"# Writing a lab\n\nBefore.\n\n{BEGIN}\n")
    assert new.endswith(f"{END}\n\nAfter.\n")
    assert "stale" not in new
    assert with_reference(new) == new


def test_a_readme_without_the_markers_is_refused() -> None:
    with pytest.raises(ValueError, match="needs the lines"):
        with_reference("# Writing a lab\n")


def test_types_read_as_yaml_words() -> None:
    from typing import Any, Literal

    assert type_text(str | None) == "string"
    assert type_text(list[str] | None) == "list of string"
    assert type_text(dict[str, Any]) == "mapping"
    assert type_text(Literal["STANDARD", "EXPRESS"] | None) == "STANDARD | EXPRESS"
