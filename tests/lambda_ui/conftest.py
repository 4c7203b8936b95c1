"""Lambda workbench fixtures: the capability probes, run once up front."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from playground.ui.lambda_.screen import PARITY


@pytest.fixture(scope="session", autouse=True)
def _probed(emulator_target: Any) -> Iterator[None]:
    """The workbench's parity probes make and delete functions and streams; run them once,
    first, so no test sees their scaffolding come and go."""
    from playground.targets.probes import missing_capabilities

    missing_capabilities(emulator_target, list(PARITY))
    yield
