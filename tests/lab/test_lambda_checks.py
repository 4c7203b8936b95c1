"""The Lambda lab checks and actions on the emulator: what each says when the step is not done,
and that they see what the workbench or the CLI made."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from playground.lab.actions.lambda_ import (
    create_execution_role,
    create_function,
    create_mapping,
    invoke_function,
    subscribe_function,
    target_function,
    wait_for_function,
)
from playground.lab.checks.lambda_ import (
    _bodies,
    function_batch_isolated,
    function_exists,
    function_logged,
    function_mapping,
    function_received,
    function_subscribed,
    rule_targets_function,
)
from playground.lab.cleanup import LabCleaner
from playground.lab.context import LabContext, LabError
from tests.lab.helpers import lab_contexts

ctx, look = lab_contexts("lambda-labs", "pg-lt-")


def _function(ctx: LabContext, name: str, template: str = "echo") -> None:
    create_execution_role(ctx, "pg-lt-role")
    create_function(ctx, name, template, "pg-lt-role")


def test_function_exists_says_what_is_missing(ctx: LabContext, look: LabContext) -> None:
    assert function_exists(look, "pg-lt-fn").message == "function pg-lt-fn does not exist yet"
    _function(ctx, "pg-lt-fn")
    assert function_exists(look, "pg-lt-fn", runtime="python3.12").passed
    wrong = function_exists(look, "pg-lt-fn", runtime="nodejs20.x")
    assert not wrong.passed and "runs python3.12" in wrong.message


def test_function_mapping_names_each_setting_that_differs(ctx: LabContext,
                                                          look: LabContext) -> None:
    _function(ctx, "pg-lt-fn", "sqs-consumer")
    assert "queue pg-lt-q does not exist" in function_mapping(look, "pg-lt-fn", queue="pg-lt-q").message
    ctx.sqs.create_queue("pg-lt-q", tags=ctx.lab_tags())
    assert "no event source mapping" in function_mapping(look, "pg-lt-fn", queue="pg-lt-q").message
    create_mapping(ctx, "pg-lt-fn", queue="pg-lt-q", batch_size=5)
    result = function_mapping(look, "pg-lt-fn", queue="pg-lt-q", batch_size=10,
                              report_failures=True)
    assert not result.passed
    assert "batch size is 5; the step wants 10" in result.message
    assert "ReportBatchItemFailures is False; the step wants True" in result.message
    assert function_mapping(look, "pg-lt-fn", queue="pg-lt-q", batch_size=5).passed


def test_received_and_logged_read_the_invocations(ctx: LabContext, look: LabContext) -> None:
    _function(ctx, "pg-lt-fn")
    assert "not been invoked" in function_received(look, "pg-lt-fn", event={"a": 1}).message
    invoke_function(ctx, "pg-lt-fn", {"a": 1, "b": 2})
    wait_for_function(ctx, "pg-lt-fn", event={"a": 1})
    assert function_received(look, "pg-lt-fn", event={"a": 1}).passed
    other = function_received(look, "pg-lt-fn", event={"a": 2})
    assert not other.passed and "invoked 1 time" in other.message
    assert function_logged(look, "pg-lt-fn", 'event: {"a": 1').passed
    assert not function_received(look, "pg-lt-fn", event={"a": 1}, at_least=2).passed


def test_subscription_and_rule_target_are_seen(ctx: LabContext, look: LabContext) -> None:
    _function(ctx, "pg-lt-fn")
    ctx.sns.create_topic("pg-lt-topic", tags=ctx.lab_tags())
    assert "not subscribed" in function_subscribed(look, "pg-lt-fn", "pg-lt-topic").message
    subscribe_function(ctx, "pg-lt-topic", "pg-lt-fn")
    assert function_subscribed(look, "pg-lt-fn", "pg-lt-topic").passed
    assert "does not exist" in rule_targets_function(look, "pg-lt-fn", "pg-lt-rule").message
    ctx.events.put_rule("pg-lt-rule", {"source": ["x"]}, tags=ctx.lab_tags())
    assert "no target" in rule_targets_function(look, "pg-lt-fn", "pg-lt-rule").message
    target_function(ctx, "pg-lt-rule", "pg-lt-fn")
    assert rule_targets_function(look, "pg-lt-fn", "pg-lt-rule").passed


def test_a_batch_of_one_poison_record_counts_as_isolated(ctx: LabContext,
                                                         look: LabContext) -> None:
    _function(ctx, "pg-lt-fn", "kinesis-consumer")

    def record(data: str) -> dict[str, Any]:
        return {"kinesis": {"data": base64.b64encode(data.encode()).decode(),
                            "sequenceNumber": data}}

    invoke_function(ctx, "pg-lt-fn", {"Records": [record("ok"), record("poison")]})
    wait_for_function(ctx, "pg-lt-fn", logged="record poison")
    two = function_batch_isolated(look, "pg-lt-fn", "poison")
    assert not two.passed and "batches of 2, never alone" in two.message
    invoke_function(ctx, "pg-lt-fn", {"Records": [record("poison")]})
    wait_for_function(ctx, "pg-lt-fn", logged="record poison", at_least=2)
    assert function_batch_isolated(look, "pg-lt-fn", "poison").passed


def test_bodies_of_sqs_sns_and_kinesis_records() -> None:
    event = {"Records": [
        {"body": '{"n": 1}'}, {"Sns": {"Message": "plain text"}},
        {"kinesis": {"data": base64.b64encode(json.dumps({"k": 2}).encode()).decode()}},
        {"kinesis": {"data": "!!not base64"}}, "not a record"]}
    assert _bodies(event) == [{"n": 1}, "plain text", {"k": 2}, None]
    assert _bodies(None) == [] and _bodies({"Records": "x"}) == []


def test_create_function_needs_the_role_and_a_known_template(ctx: LabContext) -> None:
    with pytest.raises(LabError, match="role pg-lt-role does not exist"):
        create_function(ctx, "pg-lt-fn", "echo", "pg-lt-role")
    with pytest.raises(LabError, match="unknown template"):
        create_function(ctx, "pg-lt-fn", "cobol", "pg-lt-role")


def test_reset_takes_the_labs_function_and_role_and_leaves_another_labs(
        ctx: LabContext, target: Any) -> None:
    _function(ctx, "pg-lt-fn", "sqs-consumer")
    other = LabContext(target, "other-lab", {"prefix": "pg-lt-"})
    create_function(other, "pg-lt-theirs", "echo", "pg-lt-role")
    ctx.sqs.create_queue("pg-lt-q", tags=ctx.lab_tags())
    create_mapping(ctx, "pg-lt-fn", queue="pg-lt-q")
    report = LabCleaner(ctx, ["lambda", "sqs"]).reset()
    assert sorted(report.deleted) == ["execution role pg-lt-role", "function pg-lt-fn",
                                      "queue pg-lt-q"]
    assert [k.split(":")[0] for k in report.kept] == ["function pg-lt-theirs"]
    assert ctx.lambda_.mappings() == []
