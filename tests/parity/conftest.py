"""Real LocalStack for the `localstack` tests: started once per session, on the host, no Docker.

The tests only start LocalStack; `scripts/localstack_host.py install` (run by the README's test
command before pytest) installs it. Where it could not, the tests skip with the reason it
recorded, except under CI=true, where they fail: parity must not vanish from CI unseen.
Set PLAYGROUND_LOCALSTACK_URL to use one that is already running.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Generator, Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _host_module() -> ModuleType:
    """scripts/localstack_host.py, imported by name (scripts/ is not a package)."""
    if str(ROOT / "scripts") not in sys.path:
        sys.path.insert(0, str(ROOT / "scripts"))
    import localstack_host

    return localstack_host


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/parity/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.localstack)
            # One test process runs them all, so one LocalStack is started.
            item.add_marker(pytest.mark.xdist_group("localstack"))


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]
                              ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Under CI=true a LocalStack test that skips (whatever skipped it) is a failure."""
    report = yield
    uses_localstack = "localstack_url" in getattr(item, "fixturenames", ())
    if report.skipped and uses_localstack and _in_ci() and not hasattr(report, "wasxfail"):
        why = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"CI=true, so a LocalStack test may not skip: {why}"
    return report


@pytest.fixture(scope="session")
def localstack_url() -> Iterator[str]:
    explicit = os.environ.get("PLAYGROUND_LOCALSTACK_URL")
    if explicit:
        yield explicit
        return
    host_mod = _host_module()
    reason = host_mod.unavailable_reason()
    if reason is not None:
        pytest.skip(f"the LocalStack parity tests did not run: {reason}")
    from playground.targets.emulator import free_port

    host = host_mod.LocalStackHost(free_port())
    t0 = time.perf_counter()
    url = host.start()
    print(f"\nLocalStack up at {url} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    try:
        yield url
    finally:
        host.stop()


@pytest.fixture
def localstack(localstack_url: str):  # type: ignore[no-untyped-def]
    from playground.targets.localstack import LocalStackTarget

    target = LocalStackTarget(localstack_url)
    target.start()
    return target
