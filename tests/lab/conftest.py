"""Lab test helpers: every shipped lab plus the fixture lab that covers the other services."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from playground.lab.catalog import load_catalog
from playground.lab.context import LabContext
from playground.lab.model import Lab
from playground.lab.registry import lab_function

FIXTURES = Path(__file__).parent / "fixtures"


@lab_function("send_markers_for_tests")
def send_markers(ctx: LabContext, queue: str, count: int = 1) -> str:
    """The `python:` escape hatch, as a lab author would register one."""
    url = ctx.queue_url(queue)
    for n in range(count):
        ctx.sqs.send(url, f"marker {n}")
    return f"sent {count} markers to {queue}"


def shipped_labs() -> list[Lab]:
    return load_catalog().labs


def fixture_labs() -> list[Lab]:
    return load_catalog(FIXTURES / "valid").labs


def all_labs() -> list[Any]:
    """Shipped labs (new ones are picked up automatically) and the every-service fixture."""
    return ([pytest.param(lab, id=lab.id) for lab in shipped_labs()]
            + [pytest.param(lab, id=f"fixture-{lab.id}") for lab in fixture_labs()])
