"""Step Functions test fixtures: the capability probes, run once up front."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from playground.ui.workbenches import BY_KEY


@pytest.fixture(scope="session", autouse=True)
def _probed(emulator_target: Any) -> Iterator[None]:
    """The workbench's parity probes create and delete state machines (and run a Lambda);
    run them once, first, so no test waits on them or sees them come and go."""
    from playground.targets.probes import missing_capabilities

    missing_capabilities(emulator_target, list(BY_KEY["stepfunctions"].parity_keys))
    yield
