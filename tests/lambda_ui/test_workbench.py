"""The Lambda workbench driven like a learner would: a function from a template, a syntax
error that keeps the text, a deploy, invoke (not JSON first), a mapping from a queue toggled,
and an SNS topic pointing at the function."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Checkbox, Input, Select, TextArea
from textual.widgets.select import InvalidSelectValueError

from playground.aws.lambda_.roles import emulator_role
from playground.aws.lambda_.service import LambdaService
from playground.aws.lambda_.templates import TEMPLATES
from playground.aws.sns.service import SnsService
from playground.aws.sqs.service import SqsService
from playground.ui.lambda_.dialogs import MappingDialog, NewFunctionDialog
from playground.ui.lambda_.panes import FunctionTable, MappingTable
from playground.ui.lambda_.screen import LambdaWorkbench
from tests.ui.helpers import make_app, open_workbench, rendered, wait_for

SIZE = (120, 40)


async def test_create_break_fix_deploy_and_invoke(target: Any) -> None:
    app = make_app(target)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workbench(pilot, LambdaWorkbench)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewFunctionDialog))
        app.screen.query_one("#fn-name", Input).value = "greeter"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.function == "greeter", timeout=30,
                       what="function created and selected")
        editor = screen.query_one("#fn-editor", TextArea)
        await wait_for(pilot, lambda: "def handler" in editor.text, what="handler in the editor")

        broken = TEMPLATES["echo"].source.replace("return {", "return {{")
        editor.load_text(broken)
        await pilot.press("ctrl+s")
        await pilot.pause()
        status = rendered(screen.query_one("#fn-editor-status"))
        assert "index.py line 6" in status and "SyntaxError" in status
        assert editor.text == broken  # nothing lost
        assert editor.cursor_location[0] == 5
        assert not [r for r in target.recorder.records if r.operation == "UpdateFunctionCode"]

        fixed = TEMPLATES["echo"].source.replace('{"echo": event}', '{"hello": event["name"]}')
        editor.load_text(fixed)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "deployed" in rendered(screen.query_one("#fn-note")),
                       timeout=30, what="deployed")

        payload = screen.query_one("#fn-payload", Input)
        payload.focus()
        payload.value = "{name: 'Ada'}"
        await pilot.press("enter")
        await pilot.pause()
        assert "not JSON" in rendered(screen.query_one("#fn-result"))
        assert payload.value == "{name: 'Ada'}"
        payload.value = '{"name": "Ada"}'
        await pilot.press("enter")
        result = screen.query_one("#fn-result")
        await wait_for(pilot, lambda: '"hello": "Ada"' in rendered(result), timeout=30,
                       what="result")
        assert 'event: {"name": "Ada"}' in rendered(result)  # the invocation's own log lines

        payload.value = "{}"
        await pilot.press("enter")
        await wait_for(pilot, lambda: "function error" in rendered(result), timeout=30)
        assert "KeyError" in rendered(result)
        tail = screen.query_one("#fn-tail-text")
        await wait_for(pilot, lambda: "✗" in rendered(tail) and "✓" in rendered(tail), timeout=30,
                       what="both invocations in the live tail")


async def test_mapping_from_a_queue_toggled_and_a_topic_shown(target: Any) -> None:
    svc = LambdaService(target)
    fn = svc.create_function("consumer", TEMPLATES["sqs-consumer"].source,
                             role=emulator_role(target))
    SqsService(target).create_queue("orders")
    sns = SnsService(target)
    topic = sns.create_topic("news")
    svc.allow_invoke("consumer", "sns.amazonaws.com", topic, "news")
    target.client("sns").subscribe(TopicArn=topic, Protocol="lambda", Endpoint=fn.arn)
    app = make_app(target)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workbench(pilot, LambdaWorkbench)
        await wait_for(pilot, lambda: screen.function == "consumer")
        triggers = screen.query_one("#fn-trigger-text")
        await wait_for(pilot, lambda: "SNS topic news" in rendered(triggers), timeout=20,
                       what="the topic pointing at it")
        screen.query_one(FunctionTable).focus()
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MappingDialog), timeout=20)
        dialog = app.screen
        dialog.query_one("#map-source", Select).value = "queue orders"
        dialog.query_one("#map-batch", Input).value = "50"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "at least 1 second" in rendered(dialog.query_one(".dialog-errors"))
        dialog.query_one("#map-window", Input).value = "5"
        dialog.query_one("#map-report", Checkbox).value = True
        await pilot.press("ctrl+s")
        table = screen.query_one(MappingTable)
        await wait_for(pilot, lambda: table.row_count == 1, timeout=20, what="mapping")
        mapping = svc.mappings("consumer")[0]
        assert (mapping.batch_size, mapping.batching_window, mapping.report_failures) == (
            50, 5, True)
        table.focus()
        await pilot.press("e")
        await wait_for(pilot, lambda: table.selected is not None
                       and table.selected.state == "Disabled", timeout=20, what="disabled")
        assert "ReportBatchItemFailures" in rendered(triggers)


HOSTILE = ["[/x] not markup", "\ud800", "1e999999999", "[" * 5000 + "]" * 5000,
           "x" * 10_000_000]


async def test_hostile_payloads_and_handlers_get_a_message_not_a_traceback(target: Any) -> None:
    LambdaService(target).create_function("echo", TEMPLATES["echo"].source,
                                          role=emulator_role(target))
    app = make_app(target)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workbench(pilot, LambdaWorkbench)
        await wait_for(pilot, lambda: screen.function == "echo")
        payload = screen.query_one("#fn-payload", Input)
        result = screen.query_one("#fn-result")
        for text in HOSTILE:
            payload.value = text
            payload.focus()
            await pilot.press("enter")
            await wait_for(pilot, lambda: "payload" in rendered(result)
                           or "✓" in rendered(result) or "✗" in rendered(result), timeout=30)
            assert payload.value == text
        editor = screen.query_one("#fn-editor", TextArea)
        for text in ["[/x]\ndef handler(e, c):\n    return 1\n", "def handler(:\n", "\ud800"]:
            editor.load_text(text)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert editor.text == text
        assert "lone surrogate" in rendered(screen.query_one("#fn-editor-status"))


async def test_node_templates_only_where_node_functions_run(target: Any) -> None:
    from playground.parity import NOTES

    app = make_app(target)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workbench(pilot, LambdaWorkbench)
        screen.show_parity([NOTES["lambda-node"].text()])  # as on a target without `node`
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewFunctionDialog))
        select = app.screen.query_one("#fn-template", Select)
        select.value = "echo"
        with pytest.raises(InvalidSelectValueError):
            select.value = "node-echo"  # not offered


async def test_a_stream_mapping_with_bisect_and_a_starting_position(target: Any) -> None:
    from playground.aws.kinesis.service import KinesisService

    LambdaService(target).create_function("reader", TEMPLATES["kinesis-consumer"].source,
                                          role=emulator_role(target))
    kinesis = KinesisService(target)
    kinesis.create_stream("clicks", 1)
    kinesis.wait_active("clicks")
    app = make_app(target)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workbench(pilot, LambdaWorkbench)
        await wait_for(pilot, lambda: screen.function == "reader")
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MappingDialog), timeout=20)
        dialog = app.screen
        dialog.query_one("#map-source", Select).value = "stream clicks"
        dialog.query_one("#map-batch", Input).value = "4"
        dialog.query_one("#map-start", Select).value = "TRIM_HORIZON"
        dialog.query_one("#map-bisect", Checkbox).value = True
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.query_one(MappingTable).row_count == 1, timeout=20)
        [mapping] = LambdaService(target).mappings("reader")
        assert (mapping.source_name, mapping.batch_size, mapping.bisect,
                mapping.starting_position) == ("clicks", 4, True, "TRIM_HORIZON")
        await wait_for(pilot, lambda: "bisect on error" in rendered(
            screen.query_one("#fn-trigger-text")), timeout=20)


async def test_on_aws_the_execution_role_is_made_only_after_a_yes(target: Any) -> None:
    from playground.ui.common.dialogs import ConfirmDialog
    from playground.ui.lambda_.messages import RoleNeeded
    from playground.ui.lambda_.workers import NewFunction

    app = make_app(target)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workbench(pilot, LambdaWorkbench)
        screen.post_message(RoleNeeded("The playground will create the role r …",
                                       NewFunction("greeter", "echo")))
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "will create the role r" in rendered(app.screen.query_one(".dialog-body"))
        await pilot.press("n")
        await wait_for(pilot, lambda: "needs an execution role" in rendered(
            screen.query_one("#fn-note")))
        assert LambdaService(target).list_functions() == []


async def test_bisect_replay_isolates_the_poison_record(target: Any) -> None:
    from playground.aws.kinesis.service import KinesisService

    svc = LambdaService(target)
    svc.create_function("reader", TEMPLATES["kinesis-consumer"].source,
                        role=emulator_role(target))
    kinesis = KinesisService(target)
    kinesis.create_stream("clicks", 1)
    kinesis.wait_active("clicks")
    sequences = [kinesis.put_record("clicks", data, "k")[1]
                 for data in (b"a", b"b", b"poison", b"d")]
    svc.create_mapping("reader", kinesis.stream_arns()["clicks"], batch_size=4, bisect=True,
                       starting_position="TRIM_HORIZON", enabled=False)
    app = make_app(target)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workbench(pilot, LambdaWorkbench)
        await wait_for(pilot, lambda: screen.query_one(MappingTable).row_count == 1,
                       timeout=20)
        screen.query_one(MappingTable).focus()
        await pilot.press("b")
        result = screen.query_one("#fn-result")
        await wait_for(pilot, lambda: "isolated:" in rendered(result), timeout=60, what="replay")
        shown = rendered(result)
        assert f"isolated: …{sequences[2][-6:]}" in shown
        assert "(3 other records processed)" in shown
        assert "poison record" in shown  # the function's own error, on the failing batches
