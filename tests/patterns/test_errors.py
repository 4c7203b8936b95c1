"""Invalid patterns, policies and messages: the right error, path and rule."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from playground.patterns import (
    EventError,
    PatternError,
    match_event_pattern,
    match_filter_policy,
    validate_event_pattern,
    validate_filter_policy,
)
from playground.patterns.compiler import Options, combinations, compile_pattern
from playground.patterns.operators import SNS


def d(field: str, *values: Any) -> dict[str, Any]:
    return {"detail": {field: list(values)}}


@pytest.mark.parametrize(
    ("pattern", "path", "rule"),
    [
        ('{"source": ["aws.ec2"]', "", "the event pattern is not valid JSON"),
        ('["aws.ec2"]', "", "the event pattern must be a JSON object"),
        ({}, "", "the pattern is empty"),
        ({"source": "aws.ec2"}, "source", "must be an object or an array"),
        ({"source": []}, "source", "empty arrays are not allowed"),
        ({"detail": {}}, "detail", "empty objects are not allowed"),
        (d("s", ["a"]), "detail.s", "arrays cannot be nested"),
        (d("s", {}), "detail.s", "empty match expression"),
        (d("s", {"regex": "^a"}), "detail.s", 'unknown operator "regex"'),
        (d("s", {"prefix": "a", "suffix": "b"}), "detail.s", "exactly one operator"),
        (d("s", {"prefix": 5}), "detail.s", "prefix needs a string, got 5"),
        (d("s", {"prefix": {"wildcard": "a*"}}), "detail.s", 'prefix accepts only {"equals'),
        (d("s", {"equals-ignore-case": ["a"]}), "detail.s", "equals-ignore-case needs a string"),
        (d("s", {"exists": "yes"}), "detail.s", "exists must be true or false"),
        (d("n", {"numeric": 5}), "detail.n", "numeric needs a non-empty array"),
        (d("n", {"numeric": []}), "detail.n", "numeric needs a non-empty array"),
        (d("n", {"numeric": ["=>", 5]}), "detail.n", 'unknown numeric operator "=>"'),
        (d("n", {"numeric": [5, ">"]}), "detail.n", "numeric must start with an operator"),
        (d("n", {"numeric": [">", "5"]}), "detail.n", 'numeric operator ">" needs a number'),
        (d("n", {"numeric": [">", True]}), "detail.n", 'numeric operator ">" needs a number'),
        (d("n", {"numeric": ["<", 5, ">", 1]}), "detail.n", 'numeric "<" takes exactly one'),
        (d("n", {"numeric": [">", 1, ">", 5]}), "detail.n", 'must close with "<" or "<="'),
        (d("n", {"numeric": [">", 1, "<"]}), "detail.n", 'numeric operator "<" needs a number'),
        (d("n", {"numeric": [">", 1, "<", 5, 6]}), "detail.n", "too many terms"),
        (d("n", {"numeric": [">", 5, "<=", 5]}), "detail.n", "must be below upper bound 5"),
        (d("n", {"numeric": [">", 6e9]}), "detail.n", "outside EventBridge's numeric range"),
        (d("n", {"numeric": ["<", 1.1234567]}), "detail.n", "more than 6 digits after"),
        (d("s", {"wildcard": "a**"}), "detail.s", "consecutive wildcard characters at character 2"),
        (d("s", {"wildcard": "a\\b"}), "detail.s", "invalid escape at character 2"),
        (d("s", {"wildcard": 7}), "detail.s", "wildcard needs a string"),
        (d("ip", {"cidr": "10.0.0.0"}), "detail.ip", "needs exactly one '/'"),
        (d("ip", {"cidr": "10.0.0.0/x"}), "detail.ip", "mask bits must be an integer"),
        (d("ip", {"cidr": "10.0.0.300/24"}), "detail.ip", "invalid IP address"),
        (d("ip", {"cidr": "10.0.0.1/32"}), "detail.ip", "mask must be 0 to 31 for IPv4"),
        (d("ip", {"cidr": "2001:db8::1/128"}), "detail.ip", "mask must be 0 to 127 for IPv6"),
        (d("s", {"anything-but": []}), "detail.s", "anything-but list must not be empty"),
        (d("s", {"anything-but": ["a", 1]}), "detail.s", "all strings or all numbers"),
        (d("s", {"anything-but": None}), "detail.s", "anything-but takes strings or numbers"),
        (d("s", {"anything-but": [True]}), "detail.s", "anything-but takes strings or numbers"),
        (d("s", {"anything-but": {"contains": "x"}}), "detail.s", 'anything-but "contains"'),
        (d("s", {"anything-but": {"prefix": ""}}), "detail.s", "must not be an empty string"),
        (d("s", {"anything-but": {"suffix": 3}}), "detail.s", "anything-but suffix needs a string"),
        (d("s", {"anything-but": {"prefix": "a", "suffix": "b"}}), "detail.s", "exactly one of"),
        (d("s", {"anything-but": [1e10]}), "detail.s", "outside EventBridge's numeric range"),
        ({"$or": {"source": ["a"]}}, "$or", "$or must be an array of at least 2 objects"),
        ({"$or": [{"source": ["a"]}]}, "$or", "$or needs at least 2 alternatives"),
        ({"$or": [{"source": ["a"]}, "b"]}, "$or", "every $or alternative must be an object"),
        ({"detail": {"$or": [{"a": ["x"]}, {}]}}, "detail.$or", "empty objects are not allowed"),
        ({"$or": [{"numeric": [1]}, {"b": ["y"]}]}, "$or", '"numeric" is a reserved operator'),
        ({"$or": [{"a": ["x"]}, {"b": []}]}, "b", "empty arrays are not allowed"),
    ],
)
def test_invalid_event_patterns(pattern: Any, path: str, rule: str) -> None:
    with pytest.raises(PatternError) as caught:
        validate_event_pattern(pattern)
    assert caught.value.path == path
    assert rule in caught.value.rule
    assert str(caught.value) == (f"{path}: {caught.value.rule}" if path else caught.value.rule)


def test_numeric_range_error_reads_as_one_line() -> None:
    with pytest.raises(PatternError) as caught:
        validate_event_pattern({"detail": {"price": [{"numeric": [">", 100, "<", 10]}]}})
    assert str(caught.value) == "detail.price: numeric range lower bound 100 is above upper bound 10"
    assert isinstance(caught.value, ValueError)


def test_match_also_rejects_invalid_patterns() -> None:
    with pytest.raises(PatternError, match="unknown operator"):
        match_event_pattern({"source": [{"contains": "ec2"}]}, {"source": "aws.ec2"})


@pytest.mark.parametrize("event", ['{"source": "aws.ec2"', '["aws.ec2"]', "42"])
def test_invalid_event_json(event: str) -> None:
    with pytest.raises(EventError):
        match_event_pattern({"source": ["aws.ec2"]}, event)


def test_valid_pattern_is_returned_parsed() -> None:
    text = json.dumps({"detail": {"price": [{"numeric": [">=", 1.5]}]}})
    parsed = validate_event_pattern(text)
    assert parsed["detail"]["price"][0]["numeric"][0] == ">="


SIX = ["a", "b", "c", "d", "e", "f"]


@pytest.mark.parametrize(
    ("policy", "scope", "path", "rule"),
    [
        ('{"store": ', "MessageAttributes", "", "the filter policy is not valid JSON"),
        (
            {"a": SIX, "b": SIX[:5], "c": SIX},
            "MessageAttributes",
            "",
            "too complex: 180 combinations, SNS allows at most 150",
        ),
        (
            {"a": {"b": SIX, "c": SIX[:3]}, "d": {"e": SIX[:3]}},
            "MessageBody",
            "",
            "too complex: 432 combinations",
        ),
        ({k: ["x"] for k in SIX}, "MessageAttributes", "", "uses 6 keys; SNS allows at most 5"),
        (
            {"a": {"b": {"c": ["x"], "d": ["x"], "e": ["x"]}}, "f": ["x"], "g": ["x"], "h": ["x"]},
            "MessageBody",
            "",
            "uses 6 leaf keys",
        ),
        (
            {"customer": {"tier": ["gold"]}},
            "MessageAttributes",
            "customer",
            "MessageAttributes scope does not accept nested filter policies",
        ),
        (
            {"store": [{"prefix": {"equals-ignore-case": "EX"}}]},
            "MessageAttributes",
            "store",
            "SNS does not support prefix with equals-ignore-case",
        ),
        (
            {"store": [{"anything-but": {"equals-ignore-case": "x"}}]},
            "MessageAttributes",
            "store",
            'SNS does not support anything-but "equals-ignore-case"',
        ),
        (
            {"store": [{"anything-but": {"prefix": ["a", "b"]}}]},
            "MessageAttributes",
            "store",
            "anything-but prefix takes a single string",
        ),
        (
            {"price": [{"numeric": [">", 2e9]}]},
            "MessageAttributes",
            "price",
            "outside SNS's numeric range -1000000000 to 1000000000",
        ),
        (
            {"price": [{"numeric": [">", 0.123456]}]},
            "MessageAttributes",
            "price",
            "more than 5 digits after the decimal point",
        ),
        (
            {"file": [{"wildcard": "*a*b*c*"}]},
            "MessageAttributes",
            "file",
            "uses 4 wildcard characters; SNS allows at most 3",
        ),
        ({"store": []}, "MessageAttributes", "store", "empty arrays are not allowed"),
        ({"store": [{"exists": 1}]}, "MessageAttributes", "store", "exists must be true or false"),
    ],
)
def test_invalid_filter_policies(policy: Any, scope: str, path: str, rule: str) -> None:
    with pytest.raises(PatternError) as caught:
        validate_filter_policy(policy, scope)
    assert (caught.value.path, rule in caught.value.rule) == (path, True), caught.value


def test_sns_wildcard_complexity_limit() -> None:
    # 3 wildcards = 9 points per pattern; 4 patterns -> (4 x 9) x 4 = 144 > 100.
    policy = {"file": [{"wildcard": f"*{i}*x*"} for i in range(4)]}
    with pytest.raises(PatternError, match="wildcard complexity is 144"):
        validate_filter_policy(policy)
    validate_filter_policy({"file": [{"wildcard": "*.txt"}, {"wildcard": "log*"}]})


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        # Both examples are worked through in the SNS "AND/OR logic" page.
        (
            {
                "source": ["aws.cloudwatch"],
                "$or": [
                    {"metricName": ["CPUUtilization", "ReadLatency"]},
                    {
                        "metricType": ["MetricType"],
                        "$or": [
                            {"metricId": [1234, 4321]},
                            {"spaceId": [1000, 2000, 3000]},
                        ],
                    },
                ],
            },
            7,
        ),
        (
            {
                "$or": [
                    {"metricName": ["CPUUtilization", "ReadLatency"]},
                    {"namespace": ["AWS/EC2", "AWS/ES"]},
                ],
                "detail": {
                    "scope": ["Service"],
                    "$or": [
                        {"source": ["aws.cloudwatch"]},
                        {"type": ["CloudWatch Alarm State Change"]},
                    ],
                },
            },
            32,
        ),
        # "Filter policy constraints": 4 values x 3 levels x 3 values x 2 levels = 72.
        ({"key_a": {"key_b": {"key_c": ["1", "2", "3", "4"]}}, "key_d": {"key_e": ["1", "2", "3"]}}, 72),
        ({"key_a": ["1", "2", "3"], "key_b": ["1"], "key_c": ["1", "2"]}, 6),
    ],
)
def test_sns_combination_examples_from_the_docs(policy: dict[str, Any], expected: int) -> None:
    group = compile_pattern(policy, Options(dialect=SNS, or_fallback_to_key=True))
    assert combinations(group) == expected
    validate_filter_policy(policy, "MessageBody")


def test_sns_malformed_or_is_an_attribute_name() -> None:
    # "$or" with a single object is not an OR; SNS reads it as an attribute named "$or".
    with pytest.raises(PatternError) as caught:
        validate_filter_policy({"$or": [{"store": ["a"]}]})
    assert caught.value.path == "$or"
    assert 'unknown operator "store"' in caught.value.rule
    validate_filter_policy({"$or": ["literal"]})


def test_sns_scope_must_be_known() -> None:
    with pytest.raises(ValueError, match="scope must be"):
        validate_filter_policy({"a": ["b"]}, scope="Body")


@pytest.mark.parametrize(
    "attributes",
    [
        {"price": "42"},
        {"price": {"StringValue": "42"}},
        {"price": {"DataType": "Number", "StringValue": "forty-two"}},
        {"tags": {"DataType": "String.Array", "StringValue": "not json"}},
        {"tags": {"DataType": "Text", "StringValue": "x"}},
    ],
)
def test_malformed_message_attributes(attributes: dict[str, Any]) -> None:
    policy = {"price": [{"exists": True}], "tags": [{"exists": True}]}
    with pytest.raises(EventError):
        match_filter_policy(policy, message_attributes=attributes)


def test_package_imports_neither_textual_nor_boto3() -> None:
    code = (
        "import sys, playground.patterns as p; "
        "bad = [m for m in ('textual', 'boto3', 'botocore') if m in sys.modules]; "
        "print(*bad); sys.exit(1 if bad else 0)"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=root)
    assert done.returncode == 0, done.stderr
