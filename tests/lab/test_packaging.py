"""The wheel carries the labs: installed into a fresh venv, `playground labs` lists them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]


def run(*cmd: str | Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=120,
                          **kwargs)  # type: ignore[call-overload]
    assert done.returncode == 0, f"{cmd}: {done.stdout[-1500:]}{done.stderr[-1500:]}"
    return done  # type: ignore[no-any-return]


def test_an_installed_wheel_lists_the_shipped_labs(tmp_path: Path, target) -> None:
    wheels = tmp_path / "wheels"
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
        "-w", wheels, REPO)
    (wheel,) = wheels.glob("*.whl")
    fresh = tmp_path / "fresh"
    # No pip in the fresh venv (ensurepip is most of this test's time): this pip installs into it.
    run(sys.executable, "-m", "venv", "--without-pip", fresh)
    run(sys.executable, "-m", "pip", "--python", fresh / "bin" / "python", "install", "-q",
        "--no-deps", "--no-index", wheel)

    # Dependencies come from the project venv; playground itself only from the fresh one.
    env = {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"]}
    where = run(fresh / "bin" / "python", "-c", "import playground; print(playground.__file__)",
                cwd=tmp_path, env=env).stdout.strip()
    assert Path(where).is_relative_to(fresh)

    listed = run(fresh / "bin" / "playground", "--endpoint-url", target.endpoint_url, "labs",
                 "--json", cwd=tmp_path, env=env).stdout
    ids = {lab["id"] for lab in json.loads(listed)["labs"]}
    assert {"sqs-first-queue", "sns-fanout"} <= ids
    shipped = {p.stem for p in (REPO / "labs").glob("*.yaml")}
    assert ids == shipped

    located = run(fresh / "bin" / "playground", "locate", cwd=tmp_path, env=env).stdout
    assert f"labs    {fresh}" in located and "_content/labs" in located
