"""The shell with hostile text: the endpoint prompt (10 MB paste included), and the call log
showing calls whose parameters and errors hold markup, escape sequences and 1 MiB bodies."""

from __future__ import annotations

import contextlib
import time
from typing import Any

import pytest
from textual.widgets import DataTable

from playground.aws.sqs.service import SqsService
from playground.ui.common.dialogs import PromptDialog
from playground.ui.shell.call_log import CallLogPane
from tests.ui.helpers import make_app
from tests.ui.hostile import (
    HOSTILE,
    HOSTILE_TEXTS,
    MARK,
    Notices,
    calm,
    fill,
    markup_watch,
    paste_everywhere,
    until,
)


async def test_hostile_text_in_the_endpoint_prompt_and_the_call_log(target: Any) -> None:
    sqs = SqsService(target)
    url = sqs.create_queue("hostile")
    sqs.send(url, HOSTILE, attributes={"a": {"DataType": "String", "StringValue": HOSTILE}})
    sqs.send(url, "x" * 1_000_000)
    with contextlib.suppress(Exception):  # SQS refuses it: its error is in the log too
        sqs.send(url, "\x1b[31m" + HOSTILE)
    notices = Notices()
    app = make_app(target)
    with markup_watch() as seen:
        async with app.run_test(size=(140, 45), message_hook=notices) as pilot:
            await until(pilot, lambda: app.target is not None, what="the target")
            app.ask_endpoint()
            await until(pilot, lambda: isinstance(app.screen, PromptDialog)
                           and app.screen.query("Input"))
            for text in HOSTILE_TEXTS:
                await fill(pilot, app.screen, text)
            await paste_everywhere(pilot, app.screen, notices)
            app.screen.action_cancel()

            await pilot.press("l")
            log = app.screen.query_one(CallLogPane)
            table = log.query_one(DataTable)
            await until(pilot, lambda: table.row_count >= 4, what="the calls listed")
            for row in range(table.row_count):
                start = time.monotonic()
                table.move_cursor(row=row)
                await pilot.pause()
                assert time.monotonic() - start < 2, "a call took seconds to show"
            calm(app, notices, seen)


async def test_profiles_with_markup_in_their_names_in_the_palette(target: Any,
                                                                  tmp_path: Any) -> None:
    config = tmp_path / "aws-config"
    config.write_text(f"[profile {MARK}x[/b]]\nregion = us-east-1\n\n"
                      f"[profile {MARK}[@click=app.quit]q]\nregion = us-east-1\n",
                      encoding="utf-8")
    notices = Notices()
    app = make_app(target)
    with markup_watch() as seen, pytest.MonkeyPatch.context() as patch:
        patch.setenv("AWS_CONFIG_FILE", str(config))
        async with app.run_test(size=(140, 45), message_hook=notices) as pilot:
            await until(pilot, lambda: app.target is not None, what="the target")
            await pilot.press("ctrl+p")
            await pilot.pause(0.3)  # every command listed, profiles included
            await pilot.press(*"profile")
            await pilot.pause(0.6)  # the palette searches after a short debounce
            calm(app, notices, seen)
