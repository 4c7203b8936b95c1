"""The Kinesis workbench driven like a learner would: keys, dialogs, put, split, produce."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, Static

from playground.aws.kinesis.hash import hash_key, shard_for
from playground.aws.kinesis.service import KinesisService
from playground.ui.common.dialogs import ConfirmDialog
from playground.ui.kinesis.consumer import ConsumerPane, LatestRecords
from playground.ui.kinesis.dialogs import NewStreamDialog, SplitDialog
from playground.ui.kinesis.messages import TailUpdated
from playground.ui.kinesis.put_form import PutForm
from playground.ui.kinesis.screen import KinesisWorkbench
from playground.ui.kinesis.shard_map import ShardMap
from playground.ui.kinesis.stream_list import StreamTable
from playground.ui.kinesis.throughput import ThroughputChart
from tests.kinesis.helpers import open_kinesis
from tests.ui.helpers import make_app, wait_for

SIZE = (120, 40)


def _calls(target: Any, operation: str) -> list[Any]:
    return [r for r in target.recorder.records if r.operation == operation]


def _text(widget: Any) -> str:
    return str(widget.render())


async def _open(pilot: Any, streams: int = 1) -> KinesisWorkbench:
    screen = await open_kinesis(pilot, lambda s: s.query_one(StreamTable).row_count == streams,
                                "stream list")
    if streams:
        await wait_for(pilot, lambda: screen.shards, what="shards")
    else:
        await wait_for(pilot, lambda: "No stream yet" in _text(screen.query_one("#kin-note")),
                       what="first listing")
    return screen


async def test_create_stream_validates_waits_for_active_and_tags(target: Any) -> None:
    app = make_app(target)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, streams=0)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewStreamDialog))
        dialog = app.screen
        await pilot.press(*"bad name", "ctrl+s")
        await pilot.pause()
        assert "only letters, digits" in _text(dialog.query_one(".dialog-errors", Static))
        dialog.query_one("#stream-name", Input).value = "clicks"
        dialog.query_one("#stream-shards", Input).value = "0"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and not _calls(target, "CreateStream")
        dialog.query_one("#stream-shards", Input).value = "3"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.stream == "clicks" and len(screen.shards) == 3,
                       what="new stream selected")
        table = screen.query_one(StreamTable)
        assert table.streams["clicks"].status == "ACTIVE"
        assert table.streams["clicks"].open_shards == 3
        await wait_for(pilot, lambda: "created clicks" in _text(screen.query_one("#kin-note")))
        tags = KinesisService(target).client.list_tags_for_stream(StreamName="clicks")["Tags"]
        assert {"Key": "playground:managed", "Value": "true"} in tags
        assert [r.operation for r in target.recorder.records if not r.background][:2] == [
            "CreateStream", "DescribeStreamSummary"]


async def test_put_record_shows_the_predicted_shard_and_it_matches(target: Any) -> None:
    KinesisService(target).create_stream("clicks", 4)
    app = make_app(target)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        form = screen.query_one(PutForm)
        await pilot.press("p")
        key_input = form.query_one("#put-key", Input)
        key_input.value = "user-7"
        await pilot.pause()
        expected = shard_for(hash_key("user-7"), screen.shards)
        assert expected is not None
        shown = _text(form.query_one("#put-hash", Static))
        assert str(hash_key("user-7")) in shown
        assert f"lands on shard {int(expected.shard_id.rsplit('-', 1)[1])}" in shown
        assert screen.query_one(ShardMap).marked == hash_key("user-7")

        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "put on" in _text(form.query_one("#put-result")))
        result = _text(form.query_one("#put-result", Static))
        assert f"✓ put on {expected.shard_id} · as predicted" in result
        put = _calls(target, "PutRecord")
        assert len(put) == 1 and not put[0].background
        assert "SequenceNumber " in result

        key_input.value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "partition key: 1 to 256 characters (got 0)" in _text(form.query_one("#put-result"))
        assert len(_calls(target, "PutRecord")) == 1
        assert form.query_one("#put-data", Input).value, "the form keeps its content"


async def test_split_shows_lineage_and_the_consumer_follows(target: Any) -> None:
    KinesisService(target).create_stream("clicks", 2)
    app = make_app(target)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        shard_map = screen.query_one(ShardMap)
        shard_map.focus()
        first = shard_map.selected
        assert first is not None and first.shard_id == "shardId-000000000000"
        await wait_for(pilot, lambda: len(screen.query_one(ConsumerPane).lags) == 2)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SplitDialog))
        field = app.screen.query_one("#split-key", Input)
        assert int(field.value) == (first.end_hash + 1) // 2
        field.value = "half"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "decimal integer" in _text(app.screen.query_one(".dialog-errors"))
        field.value = str(first.end_hash + 5)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "must be inside the shard" in _text(app.screen.query_one(".dialog-errors"))
        field.value = str((first.end_hash + 1) // 4)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len([s for s in screen.shards if s.open]) == 3,
                       what="three open shards")
        split = _calls(target, "SplitShard")
        assert len(split) == 1 and split[0].params["NewStartingHashKey"] == str(
            (first.end_hash + 1) // 4)
        children = [r for r in shard_map.rows if r.shard.parent == first.shard_id]
        assert [r.note.split(" (")[0] for r in children] == ["split from shard 0"] * 2
        assert children[0].shard.end_hash + 1 == (first.end_hash + 1) // 4
        pane = screen.query_one(ConsumerPane)
        await wait_for(pilot, lambda: any("now reading shard 2, shard 3" in e for e in pane.events),
                       what="consumer follows the children")
        assert not any(r.background is False for r in _calls(target, "GetRecords"))


async def test_producer_and_consumer_show_records_and_throughput(target: Any) -> None:
    KinesisService(target).create_stream("clicks", 2)
    app = make_app(target)
    seen: list[TailUpdated] = []
    async with app.run_test(size=SIZE, message_hook=lambda m: seen.append(m)
                            if isinstance(m, TailUpdated) else None) as pilot:
        screen = await _open(pilot)
        pane = screen.query_one(ConsumerPane)
        await wait_for(pilot, lambda: len(pane.lags) == 2, what="consumer started")
        screen.query_one("#prod-rate", Input).value = "300"
        screen.query_one("#prod-seconds", Input).value = "2"
        await pilot.press("g")
        records = screen.query_one(LatestRecords)
        await wait_for(pilot, lambda: sum(lag.read for lag in pane.lags.values()) == 600,
                       what="600 records read")
        assert len(records.records) == 200  # bounded
        assert any(r.data.startswith(b'{"n":599,') for r in records.records)
        await wait_for(pilot, lambda: "600 of 600 sent" in _text(screen.query_one("#prod-status")))
        per_shard = [screen.meter.total(s.shard_id) for s in screen.shards]
        assert sum(per_shard) == 600 and min(per_shard) > 0
        chart = screen.query_one(ThroughputChart)
        assert chart.shard_ids == [s.shard_id for s in screen.shards]
        assert len(seen) < 60, "worker updates are coalesced"
        foreground = [r.operation for r in target.recorder.records if not r.background]
        assert foreground.count("PutRecords") == 1
        assert "GetRecords" not in foreground and "ListShards" not in foreground


async def test_read_only_refuses_the_put_and_keeps_the_form(target: Any) -> None:
    KinesisService(target).create_stream("clicks", 1)
    app = make_app(target)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        target.read_only = True
        form = screen.query_one(PutForm)
        form.action_put()
        await wait_for(pilot, lambda: "✗" in _text(form.query_one("#put-result")))
        assert "read-only" in _text(form.query_one("#put-result")).lower()
        assert not _calls(target, "PutRecord") or not _calls(target, "PutRecord")[0].ok
        assert form.query_one("#put-key", Input).value == "user-42"


async def test_delete_is_confirmed(target: Any) -> None:
    KinesisService(target).create_stream("old", 1)
    app = make_app(target)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")
        await pilot.pause()
        assert not _calls(target, "DeleteStream")
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: screen.query_one(StreamTable).row_count == 0)
        assert KinesisService(target).list_streams() == []
        assert screen.stream is None
