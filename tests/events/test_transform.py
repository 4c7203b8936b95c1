"""Input transformer semantics, from the examples on the AWS page "Amazon EventBridge input
transformation" and recorded AWS behaviour (missing paths, undefined placeholders)."""

from __future__ import annotations

import json

import pytest

from playground.aws.events.transform import (
    TransformError,
    apply_transformer,
    minify,
    parse_path,
    validate_transformer,
)

EC2 = {
    "version": "0",
    "id": "7bf73129-1428-4cd3-a780-95db273d1602",
    "detail-type": "EC2 Instance State-change Notification",
    "source": "aws.ec2",
    "account": "123456789012",
    "time": "2015-11-11T21:29:54Z",
    "region": "us-east-1",
    "resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],
    "detail": {"instance-id": "i-0123456789", "state": "RUNNING"},
}
PATHS = {"timestamp": "$.time", "instance": "$.detail.instance-id", "state": "$.detail.state"}


@pytest.mark.parametrize(("template", "expected"), [
    ('"instance <instance> is in <state>"', '"instance i-0123456789 is in RUNNING"'),
    ('"instance \\"<instance>\\" is in <state>"', '"instance \\"i-0123456789\\" is in RUNNING"'),
    ("<instance> is in state <state>", "i-0123456789 is in state RUNNING"),
])
def test_string_templates_splice_values_as_text(template: str, expected: str) -> None:
    preview = apply_transformer(PATHS, template, EC2)
    assert not preview.json_template
    assert preview.output == expected


def test_json_template_quotes_strings_in_value_position_and_minifies() -> None:
    template = '{\n  "instance" : <instance>,\n  "state": [ 9, <state>, true ],\n  "Transformed" : "Yes"\n}'
    preview = apply_transformer(PATHS, template, EC2)
    assert preview.json_template and preview.valid_json
    assert preview.output == '{"instance":"i-0123456789","state":[9,"RUNNING",true],"Transformed":"Yes"}'


def test_json_template_splices_text_inside_strings() -> None:
    template = ('{"instance": <instance>, "state": "<state>", '
                '"status": "instance \\"<instance>\\" is in <state>"}')
    out = json.loads(apply_transformer(PATHS, template, EC2).output)
    assert out == {"instance": "i-0123456789", "state": "RUNNING",
                   "status": 'instance "i-0123456789" is in RUNNING'}


def test_numbers_and_objects_keep_their_json_type() -> None:
    event = {**EC2, "detail": {"price": 12.5, "tags": {"team": "a"}, "ok": True, "none": None}}
    paths = {"p": "$.detail.price", "t": "$.detail.tags", "ok": "$.detail.ok", "n": "$.detail.none"}
    out = json.loads(apply_transformer(paths, '{"p": <p>, "t": <t>, "ok": <ok>, "n": <n>}', event).output)
    assert out == {"p": 12.5, "t": {"team": "a"}, "ok": True, "n": None}


def test_missing_path_gives_an_empty_value_with_a_note() -> None:
    paths = {**PATHS, "zone": "$.detail.zone"}
    preview = apply_transformer(paths, '{"zone": <zone>, "text": "in <zone>!"}', EC2)
    assert json.loads(preview.output) == {"zone": "", "text": "in !"}
    assert any("$.detail.zone is not in the event" in n for n in preview.notes)
    assert [v.found for v in preview.variables if v.name == "zone"] == [False]


def test_predefined_variables() -> None:
    template = ('{"rule": <aws.events.rule-name>, "arn": <aws.events.rule-arn>, '
                '"original": <aws.events.event>, "full": <aws.events.event.json>}')
    out = json.loads(apply_transformer({}, template, EC2, rule_name="r1",
                                       rule_arn="arn:aws:events:us-east-1:1:rule/r1",
                                       ingestion_time="2015-11-11T21:30:00Z").output)
    assert out["rule"] == "r1" and out["arn"].endswith(":rule/r1")
    assert "detail" not in out["original"] and out["original"]["detailType"] == EC2["detail-type"]
    assert out["original"]["time"] == "2015-11-11T21:30:00Z"
    assert out["full"] == EC2
    text = apply_transformer({}, '"<aws.events.rule-name> triggered"', EC2, rule_name="example")
    assert text.output == '"example triggered"'


def test_array_index_and_wildcard_paths() -> None:
    event = {**EC2, "detail": {"items": [{"sku": "A1", "qty": 2}, {"sku": "B2", "qty": 1}]}}
    paths = {"first": "$.detail.items[0].sku", "all": "$.detail.items[*].sku", "out": "$.detail.items[5]"}
    preview = apply_transformer(paths, '{"first": <first>, "all": <all>, "out": <out>}', event)
    assert json.loads(preview.output) == {"first": "A1", "all": ["A1", "B2"], "out": ""}
    assert parse_path("$.detail.a/b.items[0]") == ["detail", "a/b", "items", 0]


def test_unescaped_object_inside_a_string_is_reported_not_hidden() -> None:
    preview = apply_transformer({"d": "$.detail"}, '{"text": "got <d>"}', EC2)
    assert not preview.valid_json
    assert preview.output == '{"text": "got {"instance-id":"i-0123456789","state":"RUNNING"}"}'
    assert any("does not escape" in n for n in preview.notes)


def test_object_or_array_in_a_text_template_loses_its_inner_quotes() -> None:
    # Recorded AWS output (LocalStack's AWS-validated test_input_transformer_nested_keys_replacement):
    # "Payload of <payload> ..." -> "Payload of {acc_id:0a787ecb-4015,sf_id:baz} ...", "[HIGH]".
    event = {**EC2, "detail": {"payload": {"acc_id": "0a787ecb-4015", "sf_id": "baz"},
                               "listsingle": ["HIGH"], "listmulti": ["ACTIVE", "INACTIVE"]}}
    paths = {"payload": "$.detail.payload", "one": "$.detail.listsingle",
             "many": "$.detail.listmulti", "id": "$.detail.payload.acc_id"}
    preview = apply_transformer(paths, '"<one> single, <many> multiple, <payload> payload, <id>"', event)
    assert not preview.json_template
    assert preview.output == ('"[HIGH] single, [ACTIVE,INACTIVE] multiple, '
                              '{acc_id:0a787ecb-4015,sf_id:baz} payload, 0a787ecb-4015"')


@pytest.mark.parametrize(("paths", "template", "field", "rule"), [
    ({}, '"<nope>"', "InputTemplate", "<nope> is not defined in InputPathsMap"),
    ({"a": "detail.x"}, "<a>", "InputPathsMap.a", "a path starts with $"),
    ({"a": "$.detail['x']"}, "<a>", "InputPathsMap.a", "dot notation only"),
    ({"a.b": "$.x"}, "<a.b>", "InputPathsMap.a.b", "variable names are 1-256"),
    ({"aws.events.rule-name": "$.x"}, "<x>", "InputPathsMap.aws.events.rule-name", "predefined"),
    ({f"v{i}": "$.x" for i in range(101)}, "x", "InputPathsMap", "at most 100"),
    ({"a": "$.x"}, "", "InputTemplate", "cannot be empty"),
    ({"a": "$.x"}, "x" * 8193, "InputTemplate", "at most 8,192"),
    ({"a": "$.x"}, '{<a>: 1}', "InputTemplate", "used as an object key"),
    ({"a": "$.x"}, '{"a": <a>,}', "InputTemplate", "must be valid JSON"),
    ('{"a": ', "<a>", "InputPathsMap", "not valid JSON"),
])
def test_bad_transformers_name_the_field_and_the_rule(
    paths: str | dict[str, str], template: str, field: str, rule: str,
) -> None:
    with pytest.raises(TransformError) as err:
        validate_transformer(paths, template)
    assert err.value.field == field
    assert rule in err.value.rule


def test_minify_keeps_strings_intact() -> None:
    assert minify('{ "a b" : [1, 2.50 ], "c": "x  y" }') == '{"a b":[1,2.50],"c":"x  y"}'
