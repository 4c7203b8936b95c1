"""Installing LocalStack is a step before pytest; the parity tests skip with its reason, or fail in CI.

Each test runs the real script or a real pytest in a subprocess, against a cache dir of its own
(PLAYGROUND_LOCALSTACK_HOME), so nothing here installs or starts LocalStack.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "localstack_host.py"


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("CI", "PLAYGROUND_LOCALSTACK_URL", "PYTEST_ADDOPTS", "PYTEST_XDIST_WORKER")}
    env.update(PLAYGROUND_LOCALSTACK_HOME=str(home), PYTHONPATH=str(ROOT), **extra)
    return env


def _run_parity_like_test(tmp_path: Path, home: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    """A one-test suite that uses the parity tests' `localstack_url` fixture and hooks."""
    suite = tmp_path / "suite"
    suite.mkdir()
    (suite / "conftest.py").write_text('pytest_plugins = ["tests.parity.conftest"]\n')
    (suite / "test_on_localstack.py").write_text(
        "def test_needs_localstack(localstack_url):\n    assert localstack_url\n")
    return subprocess.run([sys.executable, "-m", "pytest", "-rs", "-p", "no:cacheprovider", str(suite)],
                          cwd=suite, env=_env(home, **extra), capture_output=True, text=True,
                          timeout=120)


def test_not_installed_parity_tests_skip_and_say_how_to_install(tmp_path: Path) -> None:
    home = tmp_path / "empty-cache"
    done = _run_parity_like_test(tmp_path, home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 skipped" in done.stdout
    assert f"is not installed in {home}" in done.stdout
    assert "scripts/localstack_host.py install" in done.stdout


def test_install_without_python_313_records_why_and_the_tests_skip_with_it(tmp_path: Path) -> None:
    home = tmp_path / "cache"
    install = subprocess.run([sys.executable, str(SCRIPT), "install"], capture_output=True, text=True,
                             env=_env(home, PLAYGROUND_PY313=str(tmp_path / "no-python3.13")),
                             timeout=60)
    assert install.returncode == 0, install.stderr  # pytest still runs after it
    reason = f"PLAYGROUND_PY313={tmp_path / 'no-python3.13'} does not run"
    assert f"LocalStack not installed: {reason}" in install.stdout
    assert (home / "unavailable.txt").read_text().strip() == reason
    status = subprocess.run([sys.executable, str(SCRIPT), "status"], capture_output=True, text=True,
                            env=_env(home), timeout=60)
    assert (status.returncode, status.stdout.strip()) == (1, reason)

    done = _run_parity_like_test(tmp_path, home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 skipped" in done.stdout
    assert f"the LocalStack parity tests did not run: {reason}" in done.stdout


@pytest.mark.parametrize("ci", ["true", "1"])
def test_under_ci_a_skipped_localstack_test_fails_the_run(tmp_path: Path, ci: str) -> None:
    home = tmp_path / "cache"
    home.mkdir()
    (home / "unavailable.txt").write_text("no registry (fake)\n")
    done = _run_parity_like_test(tmp_path, home, CI=ci)
    assert done.returncode == 1, done.stdout + done.stderr
    summary = done.stdout.splitlines()[-1]
    assert ("1 error" in summary or "1 failed" in summary) and "skipped" not in summary, summary
    assert "CI=true, so a LocalStack test may not skip" in done.stdout
    assert "no registry (fake)" in done.stdout
