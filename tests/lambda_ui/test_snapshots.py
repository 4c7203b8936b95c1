"""The Lambda workbench with a live tail, as SVG snapshots at 160x48 and 80x24.

Deterministic: fixed payloads, no clock column (the quiet settings), no request ids or
durations shown, workers waited for.
"""

from __future__ import annotations

from typing import Any

from playground.aws.lambda_.roles import emulator_role
from playground.aws.lambda_.service import LambdaService
from playground.aws.lambda_.templates import TEMPLATES
from playground.aws.sqs.service import SqsService
from playground.ui.lambda_.panes import FunctionTable, MappingTable
from playground.ui.lambda_.screen import LambdaWorkbench
from tests.ui.helpers import make_app, wait_for


def _function(target: Any) -> None:
    svc = LambdaService(target)
    svc.create_function("order-handler", TEMPLATES["flaky"].source, role=emulator_role(target))
    sqs = SqsService(target)
    url = sqs.create_queue("orders")
    arn = sqs.attributes(url)["QueueArn"]
    svc.create_mapping("order-handler", arn, batch_size=5, batching_window=2,
                       report_failures=True)
    svc.set_mapping_enabled(svc.mappings("order-handler")[0].uuid, False)
    svc.invoke("order-handler", {"order": 1, "fail": False})
    svc.invoke("order-handler", {"order": 2, "fail": True})


async def _open(pilot: Any) -> LambdaWorkbench:
    app = pilot.app
    await wait_for(pilot, lambda: app.target is not None)
    screen = LambdaWorkbench()
    app.push_screen(screen)
    await wait_for(pilot, lambda: screen.query_one(FunctionTable).row_count == 1,
                   what="function")
    await wait_for(pilot, lambda: "def handler" in screen.query_one("#fn-editor").text,
                   timeout=20, what="handler source")
    await wait_for(pilot, lambda: screen.query_one(MappingTable).row_count == 1
                   and screen.query_one(MappingTable).selected.state == "Disabled",
                   timeout=20, what="mapping")
    await wait_for(pilot, lambda: "✓" in str(screen.query_one("#fn-tail-text").render())
                   and "✗" in str(screen.query_one("#fn-tail-text").render()), timeout=30,
                   what="both invocations in the tail")
    return screen


def _snap(snap_compare: Any, target: Any, size: tuple[int, int]) -> bool:
    _function(target)

    async def run_before(pilot: Any) -> None:
        screen = await _open(pilot)
        screen.query_one(FunctionTable).focus()
        await pilot.pause(0.3)

    return bool(snap_compare(make_app(target), terminal_size=size, run_before=run_before))


def test_live_tail_at_160x48(snap_compare: Any, target: Any) -> None:
    assert _snap(snap_compare, target, (160, 48))


def test_live_tail_at_80x24(snap_compare: Any, target: Any) -> None:
    assert _snap(snap_compare, target, (80, 24))
