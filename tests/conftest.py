"""Shared fixtures: one real embedded emulator per test session, reset between tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

# Hypothesis profiles: "default" for the normal suite, HYPOTHESIS_PROFILE=thorough for a deeper run
# (at least 2,000 examples per test; tests may assert timing bounds only there).
# The default profile is derandomized, so the suite gives the same answer on every run and machine;
# the thorough profile explores new examples each run.
# The default profile skips the "target" phase: hill-climbing on the times tests report with
# `target()` more than doubled the generated tests' cost for the same 200 examples; thorough keeps it.
settings.register_profile("default", max_examples=200, deadline=None, derandomize=True,
                          database=None,
                          phases=[p for p in Phase if p is not Phase.target],
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("thorough", parent=settings.get_profile("default"), max_examples=2000,
                          derandomize=False, phases=tuple(Phase))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# Deterministic, isolated runs: no user config, no user data, no real AWS credentials.
os.environ["TEXTUAL_ANIMATIONS"] = "none"
for _var in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
             "AWS_SESSION_TOKEN", "PLAYGROUND_TARGET", "AWS_REGION", "AWS_DEFAULT_REGION"):
    os.environ.pop(_var, None)

TEST_PORT = int(os.environ.get("PLAYGROUND_TEST_PORT", "45666"))
"""The port of the emulator behind snapshots that show its URL, so they stay deterministic."""


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("PLAYGROUND_CONFIG", str(base / "config.yaml"))
    monkeypatch.setenv("PLAYGROUND_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(base / "aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(base / "aws-credentials"))


def _start_emulator(port: int | None) -> EmbeddedTarget:  # noqa: F821
    from playground.targets.embedded import EmbeddedTarget

    target = EmbeddedTarget(port=port)
    target.start()
    return target


def _clean(target: EmbeddedTarget) -> EmbeddedTarget:  # noqa: F821
    from playground.targets.pacing import PollPacer

    target.read_only = False
    target.pacer = PollPacer(None)  # an emulator's: no budget, whatever a test put there
    target.reset()
    target.recorder.clear()
    return target


@pytest.fixture(scope="session")
def emulator_target() -> Iterator[EmbeddedTarget]:  # noqa: F821
    """The real embedded emulator, started once per test process on a free port (tests run in
    parallel processes, each with its own); tests reset it through `target`."""
    target = _start_emulator(None)
    try:
        yield target
    finally:
        target.stop()


@pytest.fixture
def target(emulator_target: EmbeddedTarget) -> EmbeddedTarget:  # noqa: F821
    """A clean emulator for this test: state reset, read-only off, call log emptied."""
    return _clean(emulator_target)


@pytest.fixture(scope="session")
def fixed_port_emulator() -> Iterator[EmbeddedTarget]:  # noqa: F821
    """An emulator on TEST_PORT for snapshots that show its URL. Tests using it must be marked
    `xdist_group("fixed-port")` so one process at a time holds the port."""
    from playground.targets.emulator import port_in_use

    if port_in_use(TEST_PORT):
        pytest.fail(f"port {TEST_PORT} is taken (another test run?); set PLAYGROUND_TEST_PORT "
                    "and update the snapshots that show the emulator URL")
    target = _start_emulator(TEST_PORT)
    try:
        yield target
    finally:
        target.stop()


@pytest.fixture
def fixed_port_target(fixed_port_emulator: EmbeddedTarget) -> EmbeddedTarget:  # noqa: F821
    return _clean(fixed_port_emulator)


@pytest.fixture
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent
