"""The import contracts in pyproject.toml hold, would catch a break, and cover every module."""

from __future__ import annotations

import os
import pkgutil
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import playground

ROOT = Path(__file__).parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports on the package and pyproject.toml in `cwd` (it puts cwd first on sys.path)."""
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


def contract(contract_id: str) -> dict[str, Any]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    found: dict[str, Any] = {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}
    return found[contract_id]


def children(package: str) -> set[str]:
    """The modules and subpackages directly inside `package`, as on disk."""
    path = ROOT.joinpath(*package.split("."))
    return {f"{package}.{m.name}" for m in pkgutil.iter_modules([str(path)])}


def test_the_import_contracts_hold() -> None:
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_a_planted_violation_breaks_the_contract_it_names(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "playground", tmp_path / "playground",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    with (tmp_path / "playground/lab/engine.py").open("a") as f:
        f.write("\nimport textual.app\n")
    with (tmp_path / "playground/aws/sqs/lanes.py").open("a") as f:
        f.write("\nimport playground.ui.shell.app\n")

    done = lint_imports(tmp_path)
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert f"{contract('textual-only-in-ui')['name']} BROKEN" in out
    assert f"{contract('ui-only-from-the-launch')['name']} BROKEN" in out
    assert f"{contract('aws-below-lab-and-ui')['name']} BROKEN" in out
    # The chains end in the lines planted in the copy: the copy was linted, not the install.
    assert "playground.lab.engine -> textual (l." in out
    assert "playground.aws.sqs.lanes -> playground.ui.shell.app (l." in out
    assert f"{contract('patterns-pure')['name']} KEPT" in out


# --- the lists in the contracts name every module they are meant to cover ---------------------
def test_targets_are_kept_from_every_service() -> None:
    services = {m.name for m in pkgutil.iter_modules([str(ROOT / "playground/aws")]) if m.ispkg}
    forbidden = set(contract("targets-know-no-service")["forbidden_modules"])
    assert {f"playground.aws.{s}" for s in services} <= forbidden


def test_every_cli_module_has_its_layer() -> None:
    layered = {m.strip() for layer in contract("cli-acyclic")["layers"] for m in layer.split("|")}
    assert layered == children("playground.cli")


def test_the_root_package_imports_nothing_of_its_own() -> None:
    """`playground/__init__.py` is outside every contract's sources, so it must stay empty."""
    source = Path(playground.__file__).read_text(encoding="utf-8")
    assert "import playground" not in source and "from playground" not in source
