"""The README's screenshots match what the app draws now, as snapshots do."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "screenshots.py"


def _script() -> ModuleType:
    """scripts/screenshots.py, loaded from its file (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("playground_screenshots", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SHOTS = _script()


# The header and the SQS queue URLs carry the emulator's port: the fixed one, as the script's.
@pytest.mark.xdist_group("fixed-port")
@pytest.mark.parametrize("name", list(SHOTS.SHOTS))
async def test_the_committed_screenshot_is_current(name: str, fixed_port_target) -> None:
    assert fixed_port_target.emulator.port == SHOTS.PORT
    SHOTS.prepare(fixed_port_target)
    drawn = await SHOTS.shoot(name, fixed_port_target)
    committed = SHOTS.OUT / f"{name}.svg"
    assert committed.exists(), f"{committed} is missing: run `python scripts/screenshots.py`"
    assert drawn == committed.read_text(encoding="utf-8"), (
        f"assets/screenshots/{name}.svg is out of date (the app draws it differently now): "
        "run `python scripts/screenshots.py` and commit the SVGs")
