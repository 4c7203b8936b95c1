"""The lab screen at a speaker's 80 columns: the step list gives the instructions room."""

from __future__ import annotations

from playground.ui.lab.screen import LabScreen
from tests.ui.helpers import make_app, wait_for


async def test_the_step_list_narrows_under_100_columns(target) -> None:
    app = make_app(target)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lab("sqs-first-queue")
        await wait_for(pilot, lambda: isinstance(app.screen, LabScreen) and app.screen.reports,
                       what="the lab")
        screen = app.screen

        def widths() -> tuple[int, int]:
            return (screen.query_one("#lab-steps").region.width,
                    screen.query_one("#lab-detail").region.width)

        await wait_for(pilot, lambda: widths()[0] == 24, what="a narrow step list")
        assert widths()[1] >= 50
        await pilot.resize_terminal(120, 40)
        await wait_for(pilot, lambda: widths()[0] == 34, what="the full step list")
        assert widths()[1] >= 80
