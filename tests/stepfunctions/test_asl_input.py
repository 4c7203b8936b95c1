"""`playground asl graph|validate` on input that is not a good definition: each case named in
one line with its exit code (0 valid, 1 invalid, 2 unreadable), never a traceback; free-form
input through hypothesis."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, reject
from hypothesis import strategies as st
from rich.cells import cell_len

from tests.stepfunctions.asl_run import run_asl
from tests.stepfunctions.strategies import CHAR, MACHINE, VALUE, mutated_samples, valid_definitions

ROOT = Path(__file__).resolve().parents[2]


def _write(tmp: Path, name: str, content: str | bytes) -> str:
    path = tmp / name
    if isinstance(content, str):
        content = content.encode("utf-8", "surrogatepass")
    path.write_bytes(content)
    return str(path)


def _unreadable(path: str, *words: str) -> None:
    """Both commands: exit 2, nothing on stdout, one line on stderr naming the file."""
    for command in ("graph", "validate"):
        code, out, err = run_asl(command, path)
        assert (code, out) == (2, ""), err
        assert err.count("\n") == 1 and err.startswith(f"playground: {path}"), err
        for word in words:
            assert word in err


UNREADABLE: dict[str, tuple[str, str | bytes, list[str]]] = {
    "not JSON": ("m.json", '{"StartAt": "A",\n "States": {,}}', ["m.json:2: not valid JSON", "column"]),
    "not YAML": ("m.yaml", "StartAt: A\nStates: [\n  - {\n", ["not valid YAML"]),
    "neither": ("m.txt", "this is a paragraph, not a definition\n", ["top level is a string"]),
    "a list": ("m.json", "[1, 2]", ["top level is a list"]),
    "empty": ("m.json", "  \n", ["empty"]),
    "binary": ("m.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ["binary", ":3:"]),
    "not UTF-8": ("m.json", b'{"StartAt": "\xe9"}', ["not UTF-8 text (byte 0xe9)"]),
    "a UTF-8 lone surrogate": ("m.json", b'{"StartAt": "\xed\xa0\x80"}', ["not UTF-8"]),
    "deep JSON": ("m.json", "[" * 5000 + "]" * 5000, ["nested more than 100 levels"]),
    "deep JSON, under the recursion limit": ("m.json", '{"a":' * 150 + "1" + "}" * 150,
                                             ["nested more than 100 levels"]),
    "deep YAML": ("m.yaml", "".join(f"{'  ' * i}k{i}:\n" for i in range(40)) + "  " * 40 + "v\n",
                  ["nested deeper than 32 levels"]),
    "a YAML alias": ("m.yaml", "StartAt: A\nStates:\n  A: &a {Type: Pass, End: true}\n  B: *a\n",
                     ["aliases"]),
    "NaN": ("m.json", '{"StartAt": NaN}', ["NaN is not a JSON value"]),
    "a 5,000-digit number": ("m.json", '{"StartAt": ' + "9" * 5000 + "}", ["5,000-digit"]),
    "YAML binary": ("m.yaml", "StartAt: A\nStates: !!binary aGVsbG8=\n", ["m.yaml:2:", "bytes"]),
    "a CloudFormation template": ("t.yaml", "Resources:\n  M:\n    Properties:\n"
                                            "      RoleArn: !GetAtt R.Arn\n",
                                  ["t.yaml:4:", "!GetAtt", "CloudFormation or SAM template"]),
    "YAML infinity": ("m.yaml", "StartAt: .inf\n", ["not a JSON number"]),
}


@pytest.mark.parametrize("case", UNREADABLE, ids=list(UNREADABLE))
def test_unreadable_input_is_one_line_and_exit_2(case: str, tmp_path: Path) -> None:
    name, content, words = UNREADABLE[case]
    _unreadable(_write(tmp_path, name, content), *words)


def test_a_10_mb_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    with path.open("wb") as f:
        f.write(b'{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}, "Pad": "')
        f.write(b"x" * 10_000_000 + b'"}')
    _unreadable(str(path), "larger than 1 MiB", "CreateStateMachine")


def test_missing_file_directory_and_device(tmp_path: Path) -> None:
    _unreadable(str(tmp_path / "nope.json"), "no such file")
    _unreadable(str(tmp_path), "a directory")
    _unreadable("/dev/zero", "not a regular file")  # read, it would never end


LOOP = """{
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass", "Next": "B"},
    "B": {"Type": "%s", "Next": "A"}
  }
}"""


def test_a_cycle_with_no_way_out_is_invalid(tmp_path: Path) -> None:
    path = _write(tmp_path, "loop.json", LOOP % "Pass")
    code, out, err = run_asl("validate", path)
    assert code == 1
    assert out == f"{path}:1: error: definition: no state ends the workflow: it needs a Succeed or " \
                  'Fail state, or one with "End": true (AWS: MISSING_END_STATE)\n'
    assert err == f"{path}: invalid, 1 error\n"
    code, out, err = run_asl("graph", path)
    assert code == 1 and "│ B " in out and "MISSING_END_STATE" in err


def test_a_loop_nothing_leaves_beside_an_end_is_a_warning(tmp_path: Path) -> None:
    definition = {"StartAt": "Go", "States": {
        "Go": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": True, "Next": "A"}],
               "Default": "Done"},
        "A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"},
        "Done": {"Type": "Succeed"}}}
    path = _write(tmp_path, "spin.json", json.dumps(definition, indent=2))
    code, out, err = run_asl("validate", path)
    assert code == 0 and err == ""
    assert out.splitlines() == [
        f"{path}:1: warning: definition: no way out of the loop through A, B: an execution that "
        "gets there runs until it times out",
        f"{path}: valid JSON, 4 states, 1 warning"]
    code, _, err = run_asl("graph", path)
    assert code == 0 and "warning" in err


def test_an_unknown_state_type_is_named_with_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "typo.json", LOOP.replace('"Next": "A"', '"End": true') % "Taks")
    code, out, _ = run_asl("validate", path)
    assert code == 1
    assert out.splitlines()[0] == f'{path}:5: error: States.B.Type: must be one of Pass, Task, ' \
                                  'Choice, Wait, Succeed, Fail, Parallel, Map (got "Taks")'


def test_problems_in_nested_states_are_on_their_lines_in_yaml_too(tmp_path: Path) -> None:
    text = ("StartAt: P\nStates:\n  P:\n    Type: Parallel\n    End: true\n    Branches:\n"
            "      - StartAt: X\n        States:\n          X:\n            Type: Task\n"
            "            Next: Elsewhere\n")
    path = _write(tmp_path, "nested.yaml", text)
    code, out, _ = run_asl("validate", path)
    assert code == 1
    assert f"{path}:11: error: States.P.Branches[0].States.X.Next: \"Elsewhere\" is not a state " \
           "here (a transition cannot leave its branch)" in out.splitlines()
    assert f"{path}:9: error: States.P.Branches[0].States.X.Resource: a Task state needs a " \
           "Resource (an ARN)" in out.splitlines()


def test_a_lone_surrogate_escaped_in_json_is_shown_escaped(tmp_path: Path) -> None:
    text = '{"StartAt": "\\ud800", "States": {"\\ud800": {"Type": "Pass", "Next": "\\udfff"}}}'
    path = _write(tmp_path, "s.json", text)
    code, out, err = run_asl("graph", path)
    assert code == 1
    assert "│ \\ud800 " in out and "Next → \\udfff" in out
    assert f"{path}:1: error: States.\\ud800.Next: " in err


def test_stdin_is_read_with_a_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    stdin = io.TextIOWrapper(io.BytesIO(b'{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}'))
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, _ = run_asl("validate", "-")
    assert (code, out) == (0, "stdin: valid JSON, 1 state\n")


def test_width_out_of_range_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    from playground.cli.main import main

    with pytest.raises(SystemExit) as exc:
        main(["asl", "graph", "x.json", "--width", "5"])
    assert exc.value.code == 2 and "between 20 and 10,000" in capsys.readouterr().err


def test_from_the_shell_no_traceback_and_no_colour(tmp_path: Path) -> None:
    """The real entry point, output piped: one line for a bad file, plain text for a good one."""
    bad = _write(tmp_path, "bad.json", "[" * 100_000)
    done = subprocess.run([sys.executable, "-m", "playground", "asl", "graph", bad],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == f"playground: {bad}: the JSON is nested more than 100 levels deep " \
                          "(objects and arrays inside each other); the playground reads at most 100\n"
    good = str(Path(__file__).parent / "asl_fixtures" / "parallel-nested.json")
    done = subprocess.run([sys.executable, "-m", "playground", "asl", "graph", good],
                          capture_output=True, text=True, cwd=ROOT, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "TERM": "xterm-256color", "COLUMNS": "40"})
    assert done.returncode == 0 and "\x1b" not in done.stdout and "│ Fan     Parallel │" in done.stdout


# --- free-form input ------------------------------------------------------------------------
def _said_properly(code: int, out: str, err: str, path: str) -> None:
    assert code in (0, 1, 2), err
    assert "Traceback" not in err
    if code == 2:
        assert out == "" and err.count("\n") == 1 and err.startswith(f"playground: {path}")
    else:
        assert out.strip()
        assert all(line.startswith(path) for line in err.splitlines())


SUFFIXES = st.sampled_from(["m.json", "m.yaml", "m.asl", "m.yml"])


@given(st.binary(max_size=600), SUFFIXES)
def test_any_bytes_are_read_or_named(content: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp), name, content)
        for command in ("graph", "validate"):
            _said_properly(*run_asl(command, path), path)


@given(st.text(CHAR, max_size=300), SUFFIXES)
def test_any_text_is_read_or_named(text: str, name: str) -> None:
    """Lone surrogates written as bytes (not UTF-8), brackets, quotes, YAML's own signs."""
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp), name, text)
        for command in ("graph", "validate"):
            _said_properly(*run_asl(command, path), path)


@given(st.one_of(MACHINE, VALUE, mutated_samples()), st.sampled_from(["m.json", "m.yaml"]))
def test_any_json_value_is_read_or_named(value: object, name: str) -> None:
    """Any JSON value (keys often the States Language's words, lone surrogates escaped) and
    one mutation of each shipped sample, as JSON, or as YAML (JSON is YAML). (Deep values are
    the cases above: json.dumps cannot write them.)"""
    try:
        text = json.dumps(value)
    except RecursionError:  # too deep for json.dumps itself: the deep cases are tested above
        reject()
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp), name, text)
        for command in ("graph", "validate"):
            _said_properly(*run_asl(command, path), path)


@given(valid_definitions(), st.integers(20, 160))
def test_a_valid_machine_is_drawn_within_the_width(definition: dict[str, object], width: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp), "m.json", json.dumps(definition))
        code, out, err = run_asl("graph", path, "--width", str(width))
        assert (code, err) == (0, "")
        assert all(cell_len(line) <= width for line in out.splitlines())


def test_on_a_terminal_the_width_is_the_terminals_and_still_no_colour() -> None:
    import os
    import pty

    master, slave = pty.openpty()
    good = str(Path(__file__).parent / "asl_fixtures" / "long-names.json")
    try:
        done = subprocess.run([sys.executable, "-m", "playground", "asl", "graph", good],
                              stdout=slave, stderr=subprocess.PIPE, cwd=ROOT, timeout=60,
                              env={"PATH": "/usr/bin:/bin", "TERM": "xterm-256color", "COLUMNS": "44"})
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the other end is closed: all read
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(master)
    text = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    assert done.returncode == 0 and "\x1b" not in text
    assert max(cell_len(line) for line in text.splitlines()) == 44
