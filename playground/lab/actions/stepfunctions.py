"""Step Functions solution actions: create a state machine, run an execution to its end."""

from __future__ import annotations

import time
from typing import Any

from playground.lab.context import LabContext
from playground.lab.registry import action


@action("create_state_machine", service="stepfunctions", creates="name",
        resource="state machine")
def create_state_machine(ctx: LabContext, name: str, definition: dict[str, Any]) -> str:
    """Create a STANDARD state machine from an ASL definition (tagged for the lab)."""
    ctx.sfn.create_state_machine(name, definition, tags=ctx.lab_tags())
    return f"created state machine {name}"


@action("start_execution", service="stepfunctions")
def start_execution(ctx: LabContext, state_machine: str, input: dict[str, Any] | None = None,
                    wait_seconds: int = 10) -> str:
    """Start an execution and wait (up to `wait_seconds`) for it to end."""
    arn = ctx.sfn.start_execution(ctx.state_machine_arn(state_machine), input or {})
    status = "RUNNING"
    deadline = time.monotonic() + wait_seconds
    while status == "RUNNING" and time.monotonic() < deadline:
        status = str(ctx.sfn.describe_execution(arn).get("status"))
        if status == "RUNNING":
            time.sleep(0.2)
    return f"ran {state_machine}: {status}"
