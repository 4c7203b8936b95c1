"""Headless CLI: help, doctor and the emulator subcommand, with exit codes that mean it."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from playground.cli.main import build_parser, main


def test_help_lists_commands_and_target_options(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for word in ("doctor", "emulator", "--target", "--profile", "--endpoint-url", "--read-only"):
        assert word in out


def test_doctor_is_healthy_on_the_embedded_emulator(capsys) -> None:
    assert main(["doctor", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["reachable"] and report["account_id"] == "000000000000"
    assert {c["name"]: c["ok"] for c in report["services"]} == {
        "sqs": True, "sns": True, "events": True, "stepfunctions": True, "kinesis": True}


def test_doctor_fails_clearly_when_nothing_listens(capsys) -> None:
    assert main(["--endpoint-url", "http://127.0.0.1:9", "doctor"]) == 2
    err = capsys.readouterr().err
    assert "nothing answers at http://127.0.0.1:9" in err
    assert "Traceback" not in err


def test_doctor_against_a_running_endpoint(emulator_target, capsys) -> None:
    assert main(["doctor", "--endpoint-url", emulator_target.endpoint_url]) == 0
    assert "result     healthy" in capsys.readouterr().out


def test_unknown_profile_exits_2_with_one_line(capsys) -> None:
    assert main(["--profile", "nope", "doctor"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == "reachable  no: unknown AWS profile 'nope' (profiles: none configured)"


def test_bad_config_file_is_one_line(capsys, monkeypatch, tmp_path) -> None:
    bad = tmp_path / "config.yaml"
    bad.write_text("target:\n  kind: mars\n")
    monkeypatch.setenv("PLAYGROUND_CONFIG", str(bad))
    assert main(["doctor"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("playground: error: ") and "target.kind" in err


def _alias_bomb() -> bytes:
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        text += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    return text.encode()


BROKEN_CONFIGS = {
    "binary": (bytes(range(256)), ":2: not UTF-8 text (byte 0x80)"),
    "latin-1": ("ui:\n  theme: café\n".encode("latin-1"), ":2: not UTF-8 text (byte 0xe9)"),
    "alias bomb": (_alias_bomb(), ":2: b[0]: YAML aliases (*name) are not allowed"),
    "a list": (b"- target\n- ui\n", ":1: expected a mapping (target:, ui:, ...) at the top level"),
    "wrong types": (b"target:\n  kind: embedded\n  emulator_port: [1]\nui:\n  clock: maybe\n",
                    ":3: target.emulator_port: input should be a valid integer (and 1 more)"),
    "unknown key": (b"ui:\n  clock: false\n  colour: red\n",
                    ":3: ui.colour: extra inputs are not permitted"),
    "10 MB": (b"#" * 10_000_000, ": larger than 1 MiB: too big for a file written by hand"),
    "deep": (b"keymap: " + b"[" * 40 + b"]" * 40 + b"\n",
             ":1: keymap" + "[0]" * 31 + ": nested deeper than 32 levels"),
    "not YAML": (b"target: [\n", ":2: not valid YAML: "),
    "a directory": (None, ": cannot read: a directory"),
}


@pytest.mark.parametrize("name", BROKEN_CONFIGS)
def test_any_broken_config_file_is_one_line_and_exit_2(name, capsys, monkeypatch, tmp_path) -> None:
    content, expected = BROKEN_CONFIGS[name]
    bad = tmp_path / "config.yaml"
    if content is None:
        bad.mkdir()
    else:
        bad.write_bytes(content)
    monkeypatch.setenv("PLAYGROUND_CONFIG", str(bad))
    assert main(["doctor"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1, err
    assert err[0].startswith(f"playground: error: {bad}{expected}"), err[0]


def test_a_binary_config_file_is_no_traceback_in_a_real_process(tmp_path) -> None:
    bad = tmp_path / "config.yaml"
    bad.write_bytes(bytes(range(256)))
    done = subprocess.run([sys.executable, "-m", "playground", "doctor"], capture_output=True,
                          text=True, timeout=60, env={**os.environ, "PLAYGROUND_CONFIG": str(bad)})
    assert done.returncode == 2
    assert done.stderr == f"playground: error: {bad}:2: not UTF-8 text (byte 0x80)\n"


def test_emulator_port_in_use_exits_2(emulator_target) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "playground", "emulator", "--port", str(emulator_target.emulator.port)],
        capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "is in use" in done.stderr and "Traceback" not in done.stderr


def test_python_dash_m_works() -> None:
    done = subprocess.run([sys.executable, "-m", "playground", "--version"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("playground ")


def test_doctor_probes_capabilities_instead_of_assuming(capsys) -> None:
    assert main(["doctor", "--json"]) == 0
    caps = {c["name"]: c["ok"] for c in json.loads(capsys.readouterr().out)["capabilities"]}
    # What ministack does today (docs/emulator.md): probed, so a new release would show here.
    assert caps["peek"] and caps["activities"] and caps["jsonata"]
    assert not caps["message-move-task"] and not caps["nested-history"]


def test_doctor_does_not_write_to_a_real_account_unasked(emulator_target, capsys) -> None:
    from playground.aws.sqs.service import SqsService
    from tests.core.test_targets import write_profile

    emulator_target.reset()
    write_profile("prod", emulator_target.endpoint_url)
    assert main(["--profile", "prod", "doctor", "--json"]) == 0
    caps = json.loads(capsys.readouterr().out)["capabilities"]
    assert all("not probed" in c["detail"] for c in caps if c["name"] != "reset")
    assert SqsService(emulator_target).list_queue_urls() == []


# --- which commands take the target options: the README's sentence against the parser --------
TARGET_OPTIONS = {"--target", "--profile", "--region", "--endpoint-url", "--read-only"}


def _commands(parser: argparse.ArgumentParser, path: str = "") -> dict[str, set[str]]:
    """Every command a user can run ("labs", "labs validate", "lab check", ...) with its options."""
    found: dict[str, set[str]] = {}
    groups = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if path and not (groups and groups[0].required):
        found[path] = {s for a in parser._actions for s in a.option_strings}
    for group in groups:
        for name, child in group.choices.items():
            found.update(_commands(child, f"{path} {name}".strip()))
    return found


def _readme_claim() -> tuple[set[str], set[str], set[str]]:
    text = " ".join((Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8").split())
    found = re.search(r"Commands that talk to a target take the target options \((.*?)\), as the app "
                      r"does: (.*?)\. The others take none: (.*?)\. So", text)
    assert found, "README no longer says which commands take the target options"

    def commands(part: str) -> set[str]:
        names: set[str] = set()
        for quoted in re.findall(r"`([^`]+)`", part):
            if quoted.startswith("-"):
                continue
            head, _, actions = quoted.rpartition(" ")
            names.update(f"{head} {a}".strip() for a in actions.split("|"))
        return names

    return set(re.findall(r"`(--[a-z-]+)`", found[1])), commands(found[2]), commands(found[3])


def test_readme_says_exactly_which_commands_take_the_target_options() -> None:
    options, taking, offline = _readme_claim()
    parser = build_parser()
    commands = _commands(parser)
    assert options == TARGET_OPTIONS
    assert {s for a in parser._actions for s in a.option_strings} >= TARGET_OPTIONS  # the app
    assert taking | offline == set(commands), "the README leaves a command out, or names one gone"
    assert {c for c in taking if not commands[c] >= TARGET_OPTIONS} == set()
    assert {c for c in offline if TARGET_OPTIONS & commands[c]} == set()
