"""Presenter mode: a projector theme, the chrome put away, a lab step's text given the room."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from playground.aws.inventory import Resource
from playground.config import Settings, UiSettings
from playground.cost.meter import Reading, standing_lines
from playground.cost.prices import shipped_prices
from playground.lab import engine
from playground.lab.catalog import load_catalog
from playground.lab.engine import LabSession
from playground.ui.common.footer import KeysFooter
from playground.ui.lab.screen import LabScreen
from playground.ui.shell.app import PlaygroundApp
from playground.ui.shell.call_log import CallLogPane
from playground.ui.shell.cost_meter import CostUpdated
from playground.ui.shell.target_header import TargetHeader
from tests.ui.helpers import QUIET, settle, wait_for

SPEAKER = (80, 24)
"""A speaker's terminal: a big font leaves 80 columns."""


def _footer_keys(app: PlaygroundApp) -> list[str]:
    """The keys the footer shows, compact or not."""
    return [str(key.key) for key in app.screen.query("FooterKey")  # type: ignore[attr-defined]
            if key.display]


def _compact(app: PlaygroundApp) -> bool:
    return app.screen.query_one(KeysFooter).compact


async def _palette(pilot: Any, command: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.press(*command)
    await pilot.pause(0.5)  # the palette searches after a short debounce
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def test_the_palette_toggles_theme_and_chrome(target) -> None:
    settings = QUIET.model_copy(update={"ui": QUIET.ui.model_copy(update={"call_log": True})})
    app = PlaygroundApp(settings=settings, target=target)
    async with app.run_test(size=SPEAKER) as pilot:
        await settle(pilot)
        header = app.screen.query_one(TargetHeader)
        app.post_message(CostUpdated(target, _two_streams()))
        await wait_for(pilot, lambda: header.cost, what="the cost meter")
        assert app.screen.query_one(CallLogPane).display
        assert "ctrl+p" in _footer_keys(app) and not _compact(app)

        await _palette(pilot, "presenter on")
        assert app.present and app.theme == "projector"
        assert app.has_class("-present")
        assert not app.screen.query_one(CallLogPane).display
        assert header.cost == ""
        assert not app.screen.query_one("#home-hint").display
        assert "ctrl+p" not in _footer_keys(app) and _compact(app)
        assert {"q", "question_mark"} <= set(_footer_keys(app))
        await pilot.press("l")  # the call log still opens on request
        assert app.screen.query_one(CallLogPane).display
        await pilot.press("l")

        await _palette(pilot, "presenter off")
        assert not app.present and app.theme == "textual-dark"
        assert not app.has_class("-present")
        assert app.screen.query_one("#home-hint").display
        assert "ctrl+p" in _footer_keys(app) and not _compact(app)
        assert header.cost


def _two_streams() -> Reading:
    """What the meter reads with two Kinesis streams alive: worth a figure in the header."""
    streams = [Resource("kinesis", "stream", f"clicks-{i}", "us-east-1", f"arn:{i}",
                        datetime.now(UTC), {}, {"shards": 1}) for i in range(2)]
    return Reading(2, tuple(standing_lines(streams, shipped_prices())), read_on="2026-12-06")


async def test_a_light_theme_gets_the_light_projector_theme(target) -> None:
    app = PlaygroundApp(settings=QUIET, target=target)
    async with app.run_test(size=SPEAKER) as pilot:
        await settle(pilot)
        app.theme = "textual-light"
        await pilot.press("f5")
        assert app.theme == "projector-light"
        await pilot.press("f5")
        assert app.theme == "textual-light"


async def test_a_passed_step_shows_its_explanation_alone(target) -> None:
    LabSession(load_catalog().labs[0], target).solve_through(0)
    app = PlaygroundApp(settings=_presenting(), target=target)
    async with app.run_test(size=SPEAKER) as pilot:
        screen = await _open_lab(pilot)
        assert not screen.query_one("#lab-steps").display
        await pilot.press("p")  # back to step 1, passed
        await settle(pilot)
        assert not screen.query_one("#lab-instructions").display
        explanation = screen.query_one("#lab-explanation")
        assert explanation.display and explanation.region.height > 3
        await pilot.press("f5")  # presenting off: the instructions come back above it
        await settle(pilot)
        assert screen.query_one("#lab-instructions").display
        assert screen.query_one("#lab-steps").display


def _presenting() -> Settings:
    return Settings(ui=UiSettings(clock=False, animations=False, cost_meter=False, present=True))


async def _open_lab(pilot: Any) -> LabScreen:
    pilot.app.open_lab(load_catalog().labs[0].id)
    await settle(pilot, until=lambda: isinstance(pilot.app.screen, LabScreen)
                 and bool(pilot.app.screen.reports))
    screen = pilot.app.screen
    assert isinstance(screen, LabScreen)
    return screen


def test_home_presenting_at_80x24(snap_compare, target) -> None:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)

    assert snap_compare(PlaygroundApp(settings=_presenting(), target=target),
                        terminal_size=SPEAKER, run_before=run_before)


def test_lab_presenting_at_80x24(snap_compare, target, monkeypatch: pytest.MonkeyPatch) -> None:
    """Step 2 of 4 of the first lab, step 1 passed: the step's text has the width."""
    monkeypatch.setattr(engine, "aws_cli", lambda _: "aws --endpoint-url http://127.0.0.1:4566")
    LabSession(load_catalog().labs[0], target).solve_through(0)

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await _open_lab(pilot)
        await settle(pilot)

    assert snap_compare(PlaygroundApp(settings=_presenting(), target=target),
                        terminal_size=SPEAKER, run_before=run_before)
