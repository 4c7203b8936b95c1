"""Real LocalStack for the `localstack` tests: started once per session, on the host, no Docker.

Set PLAYGROUND_LOCALSTACK_URL to use one that is already running. Without Python 3.13 the
tests are skipped with the reason (LocalStack 2026.3 needs it).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
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
            # One test process runs them all, so one LocalStack is installed and started.
            item.add_marker(pytest.mark.xdist_group("localstack"))


@pytest.fixture(scope="session")
def localstack_url() -> Iterator[str]:
    explicit = os.environ.get("PLAYGROUND_LOCALSTACK_URL")
    if explicit:
        yield explicit
        return
    host_mod = _host_module()
    if host_mod.find_python313() is None:
        pytest.skip("LocalStack needs Python 3.13 (not found: pyenv install 3.13 or set "
                    "PLAYGROUND_PY313); the LocalStack parity tests did not run")
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
