"""The headless core never loads Textual: a subprocess imports every module outside
playground.ui and looks at sys.modules (the import contracts check the source; this checks
what Python actually loads, lazy imports and re-exports included)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parents[2]

# Runs in a fresh interpreter. The walk reads the file system (pkgutil.iter_modules) instead of
# pkgutil.walk_packages, which imports every package it descends into, playground.ui's too.
WALK_AND_IMPORT = r'''
import importlib, json, pkgutil, sys, traceback

import playground

# Modules that do something when imported: how to import them without it running away.
ARGV_ON_IMPORT = {"playground.__main__": ["playground", "--version"]}  # runs the CLI

def walk(paths, prefix):
    for info in sorted(pkgutil.iter_modules(paths, prefix), key=lambda i: i.name):
        if info.name == "playground.ui":
            continue  # Textual's own layer
        yield info.name
        if info.ispkg:
            yield from walk([f"{info.module_finder.path}/{info.name.rpartition('.')[2]}"],
                            info.name + ".")

def textual_loaded():
    return sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))

walked, failed, first_to_load = [], {}, None
for name in walk(playground.__path__, "playground."):
    walked.append(name)
    try:
        if name in ARGV_ON_IMPORT:
            sys.argv = ARGV_ON_IMPORT[name]
            try:
                importlib.import_module(name)
            except SystemExit as exc:
                if exc.code not in (0, None):
                    raise
        else:
            importlib.import_module(name)
    except BaseException:
        failed[name] = traceback.format_exc()
    if first_to_load is None and textual_loaded():
        first_to_load = name
print("RESULT " + json.dumps({"walked": walked, "failed": failed, "first_to_load": first_to_load,
                             "textual": textual_loaded()}))
'''


def import_every_headless_module(root: Path) -> dict[str, Any]:
    """Walk and import the `playground` found in `root` (first on the path), in a subprocess."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, "-c", WALK_AND_IMPORT], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert done.returncode == 0 and lines, done.stdout + done.stderr
    result: dict[str, Any] = json.loads(lines[-1].removeprefix("RESULT "))
    return result


def test_no_headless_module_loads_textual() -> None:
    result = import_every_headless_module(ROOT)
    assert result["failed"] == {}, "\n".join(result["failed"].values())
    assert result["textual"] == [], f"{result['first_to_load']} loaded {result['textual']}"
    walked = set(result["walked"])
    assert {"playground.__main__", "playground.cli.main", "playground.targets.emulator",
            "playground.lab.engine", "playground.aws.sqs.service", "playground.patterns"} <= walked
    assert not any(name.startswith("playground.ui") for name in walked)


def test_a_planted_textual_import_is_caught(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "playground", tmp_path / "playground",
                    ignore=shutil.ignore_patterns("__pycache__"))
    with (tmp_path / "playground/targets/emulator.py").open("a") as f:
        f.write("\nimport textual.app\n")
    result = import_every_headless_module(tmp_path)
    assert result["failed"] == {}, "\n".join(result["failed"].values())
    assert "textual.app" in result["textual"]
    # Whichever module imports targets.emulator first is the one that brought Textual in.
    assert result["first_to_load"] is not None


def test_a_module_that_fails_to_import_fails_the_walk(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "playground", tmp_path / "playground",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "playground/lab/broken.py").write_text("import no_such_module_here\n")
    result = import_every_headless_module(tmp_path)
    assert list(result["failed"]) == ["playground.lab.broken"]
    assert "No module named 'no_such_module_here'" in result["failed"]["playground.lab.broken"]


def test_cli_help_does_not_load_textual_or_boto3() -> None:
    code = ("import sys\nfrom playground.cli.main import build_parser\nbuild_parser()\n"
            "print(sorted(m for m in ('textual', 'boto3') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr
