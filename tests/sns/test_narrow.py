"""The SNS workbench at a speaker's 80x24 (and the other sizes the issue names): every field
and button of the publish form is on screen, whole, wide enough to use, and on no other field
(at 80x24 the group field used to be drawn over the subject)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widget import Widget
from textual.widgets import Static

from playground.aws.sns.service import SnsService
from playground.ui.sns.publish_form import PublishForm
from playground.ui.sns.screen import SnsWorkbench
from tests.ui.helpers import clip, make_app, settle

SIZES = [(80, 24), (100, 30), (120, 40), (160, 48)]
FIELDS = {"#pub-message": 30, "#pub-subject": 12, "#pub-group": 10, "#pub-dedup": 10,
          "#pub-attr-add": 0, "#pub-one": 0, "#pub-batch": 0, "#pub-count": 4}
"""Each field and the least width that is still usable (0: a button, its label must fit)."""
ATTRIBUTE_FIELDS = {".attr-name": 10, ".attr-type": 14, ".attr-value": 10, ".attr-remove": 3}


def problems(widgets: dict[str, tuple[Widget, int]]) -> list[str]:
    """Why a field cannot be seen or used: cut, too narrow, on top of another one."""
    found = []
    for name, (widget, least) in widgets.items():
        region = widget.region
        if not widget.display or region.area == 0:
            found.append(f"{name} is not shown")
            continue
        if clip(widget).intersection(region) != region:
            found.append(f"{name} {region} is cut (room: {clip(widget)})")
        need = least or len(str(getattr(widget, "label", ""))) + 2
        if region.width < need:
            found.append(f"{name} is {region.width} wide, needs {need}")
    names = list(widgets)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            ra, rb = widgets[a][0].region, widgets[b][0].region
            if ra.overlaps(rb):
                found.append(f"{a} {ra} overlaps {b} {rb}")
    return found


def form_widgets(form: PublishForm) -> dict[str, tuple[Widget, int]]:
    widgets = {selector: (form.query_one(selector), least) for selector, least in FIELDS.items()}
    for row, editor in enumerate(form.query(".pub-attr")):
        for selector, least in ATTRIBUTE_FIELDS.items():
            widgets[f"{selector} #{row}"] = (editor.query_one(selector), least)
    return widgets


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_publish_form_fields_fit(target: Any, size: tuple[int, int]) -> None:
    SnsService(target).create_topic("prices", fifo=True)
    app = make_app(target)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.push_screen(SnsWorkbench(poll_wait=0))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SnsWorkbench)
        await settle(pilot, until=lambda: screen.topic_arn is not None)
        form = screen.query_one(PublishForm)
        assert problems(form_widgets(form)) == []
        assert form.query_one("#pub-message").region.height >= 3

        # Two attributes and three issues (no group id, two bad numbers): all still whole.
        form.add_attribute("price", "String.Array", "cheap")
        form.add_attribute("size", "Number", "big")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        issues = form.query_one("#pub-issues", Static)
        assert "MessageGroupId" in str(issues.render())
        # The issues are brought into view (the form scrolls when they do not fit under it).
        assert clip(issues).intersection(issues.region) == issues.region
        form.scroll_home(animate=False)
        await settle(pilot)
        assert problems(form_widgets(form)) == []
        assert form.query_one("#pub-message").region.height >= 2
