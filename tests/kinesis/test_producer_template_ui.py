"""The producer pane's template and key list, typed like a learner would, at 80x24."""

from __future__ import annotations

import json
from typing import Any

from textual.widgets import Input, Select

from playground.aws.kinesis.service import KinesisService
from playground.ui.kinesis.producer import ProducerPanel
from tests.kinesis.helpers import open_kinesis
from tests.ui.helpers import clip, make_app, wait_for


async def test_template_and_key_list_are_checked_then_sent(target: Any) -> None:
    KinesisService(target).create_stream("clicks", 2)
    app = make_app(target)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_kinesis(pilot)
        await pilot.press("3")  # the producer pane (the load view)
        panel = screen.query_one(ProducerPanel)
        status = panel.query_one("#prod-status")
        panel.query_one("#prod-rate", Input).value = "10"
        panel.query_one("#prod-seconds", Input).value = "1"
        template = panel.query_one("#prod-template", Input)
        template.value = '{"n": {{n}}, "x": [bold]{{nope}}}'
        panel.query_one("#prod-spread", Select).value = "list"
        await pilot.pause()
        keys = panel.query_one("#prod-keys", Input)
        assert keys.display and keys.parent.display  # type: ignore[union-attr]
        assert clip(keys).contains_region(keys.region) or keys.region.height == 0
        keys.value = "eu,,us"
        panel.toggle()
        await pilot.pause()
        shown = str(status.render())
        assert "known placeholders" in shown and "key 2: 1 to 256" in shown
        assert not [r for r in target.recorder.records if r.operation == "PutRecords"]
        template.value = '{"n": {{n}}, "who": "{{choice:[b]ann,bob}}"}'
        keys.value = "eu, us"
        panel.toggle()
        await wait_for(pilot, lambda: "done" in str(status.render()), what="producer done")
        assert "10 of 10 sent" in str(status.render())
        puts = [r for r in target.recorder.records if r.operation == "PutRecords"]
        sent = [e for call in puts for e in call.params["Records"]]
        assert [e["PartitionKey"] for e in sent] == ["eu", "us"] * 5
        datas = [json.loads(e["Data"]) for e in sent]
        assert [d["n"] for d in datas] == list(range(10))
        assert {d["who"] for d in datas} <= {"[b]ann", "bob"}
