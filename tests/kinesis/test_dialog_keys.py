"""Every dialog takes ctrl+s for its main action: the Kinesis merge confirmation ignored it."""

from __future__ import annotations

from typing import Any

from playground.aws.kinesis.service import KinesisService
from playground.ui.common.dialogs import ConfirmDialog, PromptDialog
from playground.ui.kinesis.shard_map import ShardMap
from playground.ui.kinesis.stream_list import StreamTable
from tests.kinesis.helpers import open_kinesis
from tests.ui.helpers import make_app, wait_for


def _calls(target: Any, operation: str) -> list[Any]:
    return [r for r in target.recorder.records if r.operation == operation]


async def test_merge_confirmed_with_ctrl_s(target: Any) -> None:
    KinesisService(target).create_stream("clicks", 2)
    app = make_app(target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_kinesis(
            pilot, lambda s: s.query_one(StreamTable).row_count == 1 and s.shards)
        screen.query_one(ShardMap).focus()
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen, what="dialog closed")
        await wait_for(pilot, lambda: len(_calls(target, "MergeShards")) == 1, what="merge sent")


async def test_prompt_accepts_ctrl_s(target: Any) -> None:
    app = make_app(target)
    answers: list[str | None] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.push_screen(PromptDialog("How many?", "a number", "7"), answers.append)
        await wait_for(pilot, lambda: isinstance(app.screen, PromptDialog))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: answers == ["7"], what="answer")
