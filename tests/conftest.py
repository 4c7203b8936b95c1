"""Shared fixtures: one real embedded emulator per test session, reset between tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Deterministic, isolated runs: no user config, no user data, no real AWS credentials.
os.environ["TEXTUAL_ANIMATIONS"] = "none"
for _var in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
             "AWS_SESSION_TOKEN", "PLAYGROUND_TARGET", "AWS_REGION", "AWS_DEFAULT_REGION"):
    os.environ.pop(_var, None)

TEST_PORT = int(os.environ.get("PLAYGROUND_TEST_PORT", "45666"))
"""A fixed port keeps endpoint URLs in snapshots deterministic."""


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("PLAYGROUND_CONFIG", str(base / "config.yaml"))
    monkeypatch.setenv("PLAYGROUND_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(base / "aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(base / "aws-credentials"))


@pytest.fixture(scope="session")
def emulator_target() -> Iterator[EmbeddedTarget]:  # noqa: F821
    """The real embedded emulator, started once; tests reset it through `target`."""
    from playground.targets.embedded import EmbeddedTarget
    from playground.targets.emulator import port_in_use

    port = TEST_PORT if not port_in_use(TEST_PORT) else None
    target = EmbeddedTarget(port=port)
    target.start()
    try:
        yield target
    finally:
        target.stop()


@pytest.fixture
def target(emulator_target: EmbeddedTarget) -> EmbeddedTarget:  # noqa: F821
    """A clean emulator for this test: state reset, read-only off, call log emptied."""
    emulator_target.reset()
    emulator_target.read_only = False
    emulator_target.recorder.clear()
    return emulator_target


@pytest.fixture
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent
