"""The EventBridge workbench at a speaker's 80x24 (and the other sizes the issue names): every
field and button of the put form and the pattern sandbox is on screen, whole, and wide enough
to use, and the sandbox's explanation is not cut to a line."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Static, TabbedContent

from playground.ui.events.pattern_sandbox import PatternSandbox
from playground.ui.events.screen import EventsWorkbench
from tests.ui.helpers import clip, make_app, settle, wait_for

SIZES = [(80, 24), (100, 30), (120, 40), (160, 48)]
PUT_FIELDS = {"#put-bus": 20, "#put-source": 20, "#put-type": 20, "#put-detail": 30,
              "#put-send": 0}
"""Each field and the least width that is still usable (0: a button, its label must fit)."""
SANDBOX_FIELDS = {"#sandbox-event-sample": 16, "#sandbox-pattern-sample": 16,
                  "#sandbox-event": 30, "#sandbox-pattern": 30}


def problems(screen: Any, fields: dict[str, int]) -> list[str]:
    """Why a field cannot be seen or used: cut, too narrow, on top of another one."""
    found = []
    regions = {}
    for selector, least in fields.items():
        widget = screen.query_one(selector)
        region = widget.region
        regions[selector] = region
        if not widget.display or region.area == 0:
            found.append(f"{selector} is not shown")
            continue
        if clip(widget).intersection(region) != region:
            found.append(f"{selector} {region} is cut (room: {clip(widget)})")
        need = least or len(str(widget.label)) + 2
        if region.width < need:
            found.append(f"{selector} is {region.width} wide, needs {need}")
    names = list(regions)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if regions[a].overlaps(regions[b]):
                found.append(f"{a} {regions[a]} overlaps {b} {regions[b]}")
    return found


async def _open(pilot: Any, tab: str) -> EventsWorkbench:
    await settle(pilot)
    pilot.app.push_screen(EventsWorkbench(watch_wait=0, tab=tab))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, EventsWorkbench)
    return screen


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_put_form_fields_and_put_button_fit(target: Any, size: tuple[int, int]) -> None:
    app = make_app(target)
    async with app.run_test(size=size) as pilot:
        screen = await _open(pilot, "put")
        assert problems(screen, PUT_FIELDS) == []
        assert screen.query_one("#put-detail").region.height >= 6  # 4 lines of JSON at least

        await pilot.press("ctrl+s")  # the verdict lines show under the button, whole
        result = screen.query_one("#put-result", Static)
        await wait_for(pilot, lambda: "accepted" in str(result.render()), what="the put")
        await settle(pilot)
        assert problems(screen, PUT_FIELDS) == []
        assert result.region.height == 2
        assert clip(result).intersection(result.region) == result.region


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_sandbox_fields_and_explanation_fit(target: Any, size: tuple[int, int]) -> None:
    app = make_app(target)
    async with app.run_test(size=size) as pilot:
        screen = await _open(pilot, "sandbox")
        box = screen.query_one(PatternSandbox)
        await settle(pilot, until=lambda: box.target_state == "agree")
        assert problems(screen, SANDBOX_FIELDS) == []
        for area in ("#sandbox-event", "#sandbox-pattern"):
            assert screen.query_one(area).region.height >= 6

        target_line = screen.query_one("#sandbox-target", Static)
        assert clip(target_line).intersection(target_line.region) == target_line.region
        # The explanation (verdict and one line per field) fits its box, or the box scrolls
        # and still shows several lines of it.
        scroll = screen.query_one("#sandbox-result-box")
        explanation = screen.query_one("#sandbox-result", Static)
        lines = str(explanation.render()).rstrip("\n").count("\n") + 1
        assert lines >= 2
        shown = scroll.content_region.height
        assert shown >= lines or (shown >= 6 and scroll.max_scroll_y > 0 and scroll.can_focus)
        assert clip(scroll).intersection(scroll.region) == scroll.region


async def test_put_form_with_many_rules_scrolls_to_the_verdicts(target: Any) -> None:
    """More verdicts than rows at 80x24: the form scrolls, the Put button stays whole."""
    from playground.aws.events.service import EventsService

    service = EventsService(target)
    for i in range(12):
        service.put_rule(f"rule-{i:02d}", {"source": ["com.example.orders"]})
    app = make_app(target)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, "put")
        await pilot.press("ctrl+s")
        result = screen.query_one("#put-result", Static)
        await wait_for(pilot, lambda: "rule-11" in str(result.render()), what="the verdicts")
        await settle(pilot)
        assert result.region.height == 13
        form = screen.query_one("#put-form")
        assert form.max_scroll_y > 0  # scrolled down to them, the button still in view
        for widget in (result, screen.query_one("#put-send")):
            assert clip(widget).intersection(widget.region) == widget.region
        assert screen.query_one(TabbedContent).active == "put"
