"""Lab files that once crashed `labs validate` or ate gigabytes: each is one line now."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from playground.cli.main import main
from playground.lab.loader import load_lab_file
from playground.safe_yaml import MAX_BYTES, MAX_DEPTH


def billion_laughs() -> str:
    """468 bytes that expand to 9**9 strings when aliases are followed."""
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        text += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    return text


def nested(depth: int) -> str:
    return "id: x\nsteps: " + "[" * depth + "]" * depth + "\n"


CASES: dict[str, tuple[bytes, str]] = {
    "wrong-type": (b"id: wrong-type\nservices: 5\nsteps: {a: 1}\n",
                   ":2: services: input should be a valid list"),
    "self-alias": (b"a: &a [*a]\n",
                   ":1: a[0]: YAML aliases (*name) are not allowed: write the value out"),
    "laughs": (billion_laughs().encode(), ":2: b[0]: YAML aliases (*name) are not allowed"),
    "merge-key": (b"base: &base {title: x}\nsteps:\n  - <<: *base\n",
                  ":3: steps[0].<<: YAML aliases (*name) are not allowed"),
    "scalar-alias": (b"id: &x scalar-alias\ntitle: *x\n",
                     ":2: title: YAML aliases (*name) are not allowed"),
    "deep": (nested(MAX_DEPTH + 1).encode(), f":2: steps{'[0]' * (MAX_DEPTH - 1)}: nested "
             f"deeper than {MAX_DEPTH} levels"),
    "very-deep": (nested(100_000).encode(), ":2: "),  # libyaml may refuse it first
    "huge-int": (b"id: huge-int\nminutes: " + b"9" * 5000 + b"\n",
                 ":2: not valid YAML: cannot read this value (Exceeds the limit"),
    "bad-date": (b"id: bad-date\nminutes: 2026-13-45\n",
                 ":2: not valid YAML: cannot read this value (month must be in 1..12)"),
    "python-tag": (b"id: !!python/object/apply:os.system ['true']\n",
                   ":1: not valid YAML: could not determine a constructor"),
    "odd-key": (b'id: odd-key\n"\\n\\u2028 ": 1\n',
                ":2: '\\n\\u2028 ': extra inputs are not permitted"),
}
UNREADABLE: dict[str, tuple[bytes, str]] = {
    "binary": (bytes(range(256)) * 4, ":2: not UTF-8 text (byte 0x80)"),  # 0x0a ends line 1
    "latin-1": ("id: café\n".encode("latin-1"), ":1: not UTF-8 text (byte 0xe9)"),
    "too-big": (b"id: x\n" + b"#" * MAX_BYTES, ": larger than 1 MiB"),
}


@pytest.mark.parametrize("name", [*CASES, *UNREADABLE])
def test_each_is_one_problem_on_one_line(name: str, tmp_path: Path) -> None:
    content, expected = {**CASES, **UNREADABLE}[name]
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(content)
    tracemalloc.start()
    started = time.monotonic()
    try:
        lab, problems = load_lab_file(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert lab is None and problems
    shown = [str(p).removeprefix(str(path)) for p in problems]
    assert any(line.startswith(expected) for line in shown), shown
    assert all("\n" not in str(p) for p in problems)
    assert any(p.unreadable for p in problems) == (name in UNREADABLE)
    assert peak < 8 * MAX_BYTES, f"{peak:,} bytes to refuse {len(content):,}"
    assert time.monotonic() - started < 5


def test_validate_exits_1_for_refused_content_and_2_for_unreadable_files(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "laughs.yaml").write_text(billion_laughs())
    assert main(["labs", "validate", str(tmp_path)]) == 1
    (tmp_path / "binary.yaml").write_bytes(bytes(range(256)))
    assert main(["labs", "validate", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert f"{tmp_path / 'binary.yaml'}:2: not UTF-8 text" in captured.out


def test_a_directory_named_like_a_lab_is_unreadable_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "dir.yaml").mkdir()
    _, problems = load_lab_file(tmp_path / "dir.yaml")
    assert [str(p) for p in problems] == [f"{tmp_path / 'dir.yaml'}: cannot read: a directory"]
    assert problems[0].unreadable
