"""The consumer's start position, chosen like a learner would: t, the dialog, a picked record."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, Select

from playground.aws.kinesis.service import KinesisService
from playground.ui.kinesis.consumer import ConsumerPane, LatestRecords
from playground.ui.kinesis.dialogs import StartDialog
from playground.ui.kinesis.screen import KinesisWorkbench
from playground.ui.kinesis.stream_list import StreamTable
from tests.kinesis.helpers import open_kinesis
from tests.ui.helpers import make_app, wait_for


def _stream_pos(target: Any, records: int) -> None:
    """Stream pos, one shard, holding records r1, r2, ... put with key k."""
    svc = KinesisService(target)
    svc.create_stream("pos", 1)
    for n in range(1, records + 1):
        svc.put_record("pos", f"r{n}".encode(), "k")


def _iterators(target: Any) -> list[Any]:
    return [r for r in target.recorder.records if r.operation == "GetShardIterator"]


def _data(screen: KinesisWorkbench) -> list[bytes]:
    return [r.data for r in screen.query_one(LatestRecords).records]


async def _dialog(pilot: Any) -> StartDialog:
    await pilot.press("t")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, StartDialog), what="dialog")
    dialog = pilot.app.screen
    assert isinstance(dialog, StartDialog)
    return dialog


async def test_start_from_a_picked_record_at_and_after_with_validation(target: Any) -> None:
    _stream_pos(target, 6)
    app = make_app(target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_kinesis(pilot)

        dialog = await _dialog(pilot)
        dialog.query_one("#start-kind", Select).value = "TRIM_HORIZON"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(_data(screen)) == 6, what="six records")

        screen.query_one(ConsumerPane).focus()
        await pilot.press("up", "up", "up", "up")  # none → r6 (newest), r5, r4, r3
        picked = screen.query_one(ConsumerPane).selected
        assert picked is not None and picked.data == b"r3"

        dialog = await _dialog(pilot)
        assert dialog.query_one("#start-kind", Select).value == "AT_SEQUENCE_NUMBER"
        seq_field = dialog.query_one("#start-seq", Input)
        assert seq_field.value == picked.sequence
        calls = len(_iterators(target))
        seq_field.value = "12a[b]"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and "digits only" in str(
            dialog.query_one(".dialog-errors").render())
        assert len(_iterators(target)) == calls
        seq_field.value = picked.sequence
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: _data(screen) == [b"r3", b"r4", b"r5", b"r6"],
                       what="r3 onwards")
        assert "AT_SEQUENCE_NUMBER" in str(screen.query_one("#con-mode").render())

        screen.query_one(ConsumerPane).focus()
        await pilot.press("up", "up", "up", "up")  # from none: r6, r5, r4, r3
        dialog = await _dialog(pilot)
        dialog.query_one("#start-kind", Select).value = "AFTER_SEQUENCE_NUMBER"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: _data(screen) == [b"r4", b"r5", b"r6"], what="r4 onwards")

        dialog = await _dialog(pilot)
        dialog.query_one("#start-kind", Select).value = "AT_TIMESTAMP"
        await pilot.pause()
        time_field = dialog.query_one("#start-time", Input)
        assert time_field.display or time_field.parent.display  # type: ignore[union-attr]
        calls = len(_iterators(target))
        time_field.value = "[red]yesterday"
        await pilot.press("ctrl+s")
        await pilot.pause()
        errors = str(dialog.query_one(".dialog-errors").render())
        assert "'[red]yesterday' is not ISO 8601" in errors
        assert len(_iterators(target)) == calls
        time_field.value = "-1h"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(_data(screen)) == 6, what="the last hour: all six")
        assert _iterators(target)[-1].params["ShardIteratorType"] == "AT_TIMESTAMP"
        assert screen.query_one(StreamTable).row_count == 1


async def test_enhanced_fan_out_from_the_dialog_at_80x24(target: Any) -> None:
    from textual.widgets import Checkbox

    from tests.ui.helpers import clip

    _stream_pos(target, 3)
    app = make_app(target)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_kinesis(pilot)
        dialog = await _dialog(pilot)
        dialog.query_one("#start-kind", Select).value = "TRIM_HORIZON"
        box = dialog.query_one("#start-fan-out", Checkbox)
        await pilot.pause()
        for widget in (box, dialog.query_one("#ok")):
            assert clip(widget).contains_region(widget.region), widget
        box.value = True
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: _data(screen) == [b"r1", b"r2", b"r3"], timeout=20,
                       what="pushed records")
        assert "fan-out" in str(screen.query_one("#con-mode").render())
        assert any(r.operation == "SubscribeToShard" for r in target.recorder.records)
        dialog = await _dialog(pilot)
        dialog.query_one("#start-kind", Select).value = "LATEST"
        dialog.query_one("#start-fan-out", Checkbox).value = False
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any(r.operation == "DeregisterStreamConsumer"
                                          for r in target.recorder.records), timeout=20,
                       what="the consumer deregistered")
