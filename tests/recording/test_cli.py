"""The record and replay commands on bad input: one line naming the file, exit 2, nothing sent."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

from playground import __version__
from playground.cli.common import EXIT_USAGE, UsageError
from playground.cli.record import run_record
from playground.cli.replay import run_replay
from playground.recording import FORMAT, VERSION


def header(**changes: Any) -> str:
    return json.dumps({"format": FORMAT, "version": VERSION, "app_version": __version__,
                       "size": [120, 40], "target": "embedded", **changes})


@pytest.fixture
def nothing_starts(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every target the command would build: none may be, for a bad recording."""
    import playground.targets

    made: list[object] = []
    monkeypatch.setattr(playground.targets, "make_target", lambda *a, **k: made.append(a))
    return made


@pytest.mark.parametrize(("body", "problem"), [
    ("", ":1: empty"),
    ("{}\n", ":1: not a playground recording"),
    (header(version=7) + "\n", ":1: made in recording format version 7"),
    (header(app_version="0.0.1") + "\n", ":1: recorded with playground 0.0.1, this is"),
    (header() + '\n{"t": 0.5, "key": "enter"}\n{"t": 0.2, "key": "q"}\n', ":3: time goes back"),
    (header() + '\n{"t": 0.5, "key": "hyperspace"}\n', ':2: unknown key name "hyperspace"'),
    (header() + '\n{"t": 1, "screen": "LabScreen", "lab": "no-such-lab"}\n',
     ':2: no lab "no-such-lab" in this playground'),
    (header() + "\n", ": no keys or pastes to replay"),
    (header() + '\n{"t": 1, "key": "enter"}\n{"t": 2, "call": {"service": "sqs", "operation": '
     '"SendMessage", "params": {"QueueUrl": "http://127.0.0.1:1/000000000000/made-before"}}}\n',
     ":3: SendMessage uses queue 'made-before', which the recording does not create"),
    ("- key: enter\n", ":1: not JSON"),
])
def test_a_bad_recording_is_one_line_and_nothing_starts(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], nothing_starts: list[object],
        body: str, problem: str) -> None:
    path = tmp_path / "talk.jsonl"
    path.write_text(body)
    # `demo FILE` hands its arguments over as they are (the positional is `lab_id` there).
    assert run_replay(argparse.Namespace(lab_id=str(path))) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.startswith(f"playground: {path}{problem}"), err
    assert err.count("\n") == 1
    assert nothing_starts == []


def test_a_missing_recording_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      nothing_starts: list[object]) -> None:
    assert run_replay(argparse.Namespace(file=str(tmp_path / "gone.jsonl"))) == EXIT_USAGE
    assert capsys.readouterr().err == f"playground: {tmp_path / 'gone.jsonl'}: no such file\n"
    assert nothing_starts == []


def test_another_version_replays_when_told(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           nothing_starts: list[object]) -> None:
    path = tmp_path / "talk.jsonl"
    path.write_text(header(app_version="0.0.1") + "\n")  # valid otherwise, but nothing to feed
    args = argparse.Namespace(file=str(path), any_version=True)
    assert run_replay(args) == EXIT_USAGE
    assert "no keys or pastes to replay" in capsys.readouterr().err


def test_record_refuses_to_overwrite_or_write_where_it_cannot(
        tmp_path: Path, nothing_starts: list[object]) -> None:
    existing = tmp_path / "talk.jsonl"
    existing.write_text("rehearsal one")
    with pytest.raises(UsageError, match=r"talk.jsonl: exists already \(--force to overwrite"):
        run_record(argparse.Namespace(file=str(existing), force=False))
    assert existing.read_text() == "rehearsal one"
    with pytest.raises(UsageError, match="cannot write it"):
        run_record(argparse.Namespace(file=str(tmp_path / "no" / "dir.jsonl"), force=False))
    assert nothing_starts == []


def test_through_the_entry_point(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                 nothing_starts: list[object]) -> None:
    from playground.cli.main import main

    path = tmp_path / "talk.jsonl"
    path.write_text(header() + '\n{"t": 1, "key": "enter"}\n{"t": "soon", "key": "q"}\n')
    assert main(["replay", str(path), "--speed", "2"]) == EXIT_USAGE
    assert capsys.readouterr().err == (f"playground: {path}:3: \"t\" must be seconds since the "
                                       "start (a number >= 0), not a string\n")
    assert main(["demo", str(path)]) == EXIT_USAGE  # the stage's command reads it the same
    assert capsys.readouterr().err == (f"playground: {path}:3: \"t\" must be seconds since the "
                                       "start (a number >= 0), not a string\n")
    assert main(["record", str(path)]) == EXIT_USAGE
    assert capsys.readouterr().err == (f"playground: error: {path}: exists already (--force to "
                                       "overwrite it)\n")
    assert nothing_starts == []


@pytest.mark.parametrize(("options", "named"), [
    ({"target": "localstack"}, "--target localstack"),
    ({"profile": "prod"}, "--profile"),
    ({"endpoint_url": "http://127.0.0.1:4566"}, "--endpoint-url"),
])
def test_a_replay_goes_nowhere_but_a_fresh_emulator(
        tmp_path: Path, nothing_starts: list[object], options: dict[str, str], named: str) -> None:
    path = tmp_path / "talk.jsonl"
    path.write_text(header() + '\n{"t": 1, "key": "enter"}\n')
    with pytest.raises(UsageError, match=f"embedded emulator only, not where {named}"):
        run_replay(argparse.Namespace(lab_id=str(path), **options))
    assert nothing_starts == []
