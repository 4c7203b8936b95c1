"""What the lab check tests share: the contexts actions and checks run with, and a Step
Functions execution run to its end."""

from __future__ import annotations

import time
from typing import Any

import pytest

from playground.lab.context import LabContext
from playground.targets.quiet import QuietTarget


def lab_contexts(lab: str, prefix: str) -> tuple[Any, Any]:
    """The `ctx` and `look` fixtures of a lab's check tests (`ctx, look = lab_contexts(...)`):
    actions through the target, as "do it for me" runs them, and checks through a read-only
    twin, as the lab runs them."""

    @pytest.fixture(name="ctx")
    def ctx(target: Any) -> LabContext:
        return LabContext(target, lab, {"prefix": prefix})

    @pytest.fixture(name="look")
    def look(target: Any) -> LabContext:
        return LabContext(QuietTarget(target), lab, {"prefix": prefix})

    return ctx, look


def run_to_end(ctx: LabContext, machine: str, payload: dict[str, Any], timeout: float) -> str:
    """The status an execution of `machine` ends with, waited for up to `timeout` seconds
    (RUNNING where it has not ended by then)."""
    arn = ctx.sfn.start_execution(ctx.state_machine_arn(machine), payload)
    deadline = time.monotonic() + timeout
    while ctx.sfn.describe_execution(arn)["status"] == "RUNNING" and time.monotonic() < deadline:
        time.sleep(0.1)
    return str(ctx.sfn.describe_execution(arn)["status"])
