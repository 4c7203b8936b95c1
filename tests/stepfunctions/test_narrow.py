"""The Step Functions workbench at a speaker's 80x24 and at 120x40: no pane collapses to nothing."""

from __future__ import annotations

from typing import Any

from playground.ui.common.footer import KeysFooter
from playground.ui.stepfunctions.screen import StepFunctionsWorkbench
from tests.ui.helpers import make_app, wait_for


def width(screen: Any, selector: str) -> int:
    pane = screen.query_one(selector)
    return int(pane.region.width) if pane.display else 0


def footer_keys(screen: Any) -> set[str]:
    from textual.widgets._footer import FooterKey

    return {key.key for key in screen.query_one(KeysFooter).query(FooterKey)}


async def test_at_80_columns_graph_and_history_take_turns_on_g(target) -> None:
    app = make_app(target)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_service("stepfunctions")
        await wait_for(pilot, lambda: isinstance(app.screen, StepFunctionsWorkbench),
                       what="workbench")
        screen = app.screen
        await wait_for(pilot, lambda: width(screen, "#sfn-right") > 0, what="laid out")
        assert width(screen, "#sfn-graph-pane") == 0
        assert width(screen, "#sfn-right") >= 40 and width(screen, "#sfn-left") >= 28
        assert "g" in footer_keys(screen)

        await pilot.press("g")
        await wait_for(pilot, lambda: width(screen, "#sfn-graph-pane") >= 40, what="the graph")
        assert width(screen, "#sfn-right") == 0
        await pilot.press("g")
        await wait_for(pilot, lambda: width(screen, "#sfn-right") >= 40, what="the history")

        await pilot.resize_terminal(120, 40)  # three columns again, the graph the widest
        await wait_for(pilot, lambda: width(screen, "#sfn-graph-pane") >= 44, what="3 columns")
        assert width(screen, "#sfn-right") >= 40 and width(screen, "#sfn-left") >= 34
        await wait_for(pilot, lambda: "g" not in footer_keys(screen), what="g gone")
