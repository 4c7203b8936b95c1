"""Retention (shown, changed) and on-demand streams, on the real emulator."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input, Select

from playground.aws.kinesis.service import KinesisService
from playground.aws.kinesis.validate import limits, parse_retention
from playground.ui.kinesis.dialogs import NewStreamDialog, RetentionDialog
from playground.ui.kinesis.screen import KinesisWorkbench
from playground.ui.kinesis.stream_list import StreamTable
from tests.kinesis.helpers import open_kinesis
from tests.ui.helpers import make_app, wait_for


def _calls(target: Any, operation: str) -> list[Any]:
    return [r for r in target.recorder.records if r.operation == operation]


def test_the_model_still_says_24_to_8760_hours() -> None:
    assert (limits().retention_min, limits().retention_max) == (24, 8760)


@pytest.mark.parametrize(("text", "says"), [
    ("", "a whole number from 24 to 8,760"), ("1.5", "a whole number"),
    ("[b]48", "a whole number"), ("23", "24 to 8,760 (got 23)"),
    ("8761", "24 to 8,760 (got 8,761)"), ("24", "already keeps records 24 hours"),
    ("9" * 5000, "a whole number"),
])
def test_bad_retention_is_refused(text: str, says: str) -> None:
    hours, issues = parse_retention(text, 24)
    assert hours is None and says in str(issues[0])


def test_retention_up_and_down_and_mode_on_the_emulator(target: Any) -> None:
    svc = KinesisService(target)
    svc.create_stream("ret", 1)
    assert (svc.summary("ret").retention_hours, svc.summary("ret").mode) == (24, "PROVISIONED")
    svc.set_retention("ret", 48, 24)
    assert svc.summary("ret").retention_hours == 48
    svc.set_retention("ret", 30, 48)
    assert svc.summary("ret").retention_hours == 30
    assert [c.operation for c in target.recorder.records if "Retention" in c.operation] == [
        "IncreaseStreamRetentionPeriod", "DecreaseStreamRetentionPeriod"]
    svc.create_stream("od", on_demand=True)
    assert svc.summary("od").mode == "ON_DEMAND"
    assert svc.summary("od").open_shards >= 1


async def _open(pilot: Any) -> KinesisWorkbench:
    return await open_kinesis(pilot, lambda s: s.query_one(StreamTable).row_count == 1,
                              "streams")


async def test_retention_dialog_validates_and_changes_both_ways(target: Any) -> None:
    KinesisService(target).create_stream("clicks", 1)
    app = make_app(target)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        table = screen.query_one(StreamTable)
        await wait_for(pilot, lambda: "retention 24 h" in str(table.border_subtitle))
        assert "provisioned" in str(table.border_subtitle)
        for typed, hours, operation in (("48", 48, "Increase"), ("30", 30, "Decrease")):
            await pilot.press("h")
            await wait_for(pilot, lambda: isinstance(app.screen, RetentionDialog))
            dialog = app.screen
            field = dialog.query_one("#retention-hours", Input)
            field.value = "8761"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "24 to 8,760 (got 8,761)" in str(dialog.query_one(".dialog-errors").render())
            assert app.screen is dialog
            field.value = typed
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda h=hours: f"retention {h} h" in str(table.border_subtitle),
                           what=f"{hours} h shown")
            calls = _calls(target, f"{operation}StreamRetentionPeriod")
            assert len(calls) == 1 and calls[0].params["RetentionPeriodHours"] == hours
            assert not calls[0].background


async def test_new_on_demand_stream_shows_its_mode(target: Any) -> None:
    KinesisService(target).create_stream("clicks", 1)
    app = make_app(target)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewStreamDialog))
        dialog = app.screen
        dialog.query_one("#stream-name", Input).value = "auto"
        dialog.query_one("#stream-mode", Select).value = "ON_DEMAND"
        await pilot.pause()
        assert not dialog.query_one("#stream-shards-row").display
        dialog.query_one("#stream-shards", Input).value = "nonsense"  # hidden: not checked
        await pilot.press("ctrl+s")
        table = screen.query_one(StreamTable)
        await wait_for(pilot, lambda: table.streams.get("auto") is not None
                       and table.streams["auto"].mode == "ON_DEMAND", what="on-demand listed")
        create = _calls(target, "CreateStream")[-1]
        assert create.params["StreamModeDetails"] == {"StreamMode": "ON_DEMAND"}
        assert "ShardCount" not in create.params
        await wait_for(pilot, lambda: "on-demand" in str(table.border_subtitle))
        assert str(table.get_cell("auto", "mode")) == "o-d"
        assert str(table.get_cell("clicks", "mode")) == "prov"
