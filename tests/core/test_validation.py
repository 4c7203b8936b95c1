"""One Issue type for every form: what blocks a call, what only warns, and how it reads."""

from __future__ import annotations

import dataclasses

import pytest

from playground.aws.validation import Issue, blocking, warning


def test_errors_block_and_warnings_do_not() -> None:
    stop, note = Issue("body", "empty"), warning("source", "aws. is for AWS")
    assert stop.severity == "error" and stop.blocking
    assert note.severity == "warning" and not note.blocking
    assert blocking([note, stop]) and not blocking([note]) and not blocking([])


def test_an_issue_reads_field_then_message() -> None:
    assert str(Issue("topic name", "give the topic a name")) == "topic name: give the topic a name"
    assert str(Issue("", "the definition must be a JSON object")) == (
        "the definition must be a JSON object")


def test_issues_are_values() -> None:
    assert Issue("x", "y") == Issue("x", "y", "error")
    with pytest.raises(dataclasses.FrozenInstanceError):
        Issue("x", "y").field = "z"  # type: ignore[misc]
