"""Local checks of Lambda input: limits from the botocore model, and free text never raises."""

from __future__ import annotations

import re

import botocore.loaders
from hypothesis import given
from hypothesis import strategies as st

from playground.aws.lambda_ import validate


def _model() -> dict:
    return botocore.loaders.Loader().load_service_model("lambda", "service-2")


def _doc(shape: str, member: str) -> str:
    return re.sub(r"<[^>]+>", "", _model()["shapes"][shape]["members"][member]["documentation"])


def test_limits_are_quoted_from_the_model() -> None:
    shapes = _model()["shapes"]
    assert shapes["BatchSize"]["max"] == validate.BATCH_MAX
    assert shapes["MaximumBatchingWindowInSeconds"]["max"] == validate.WINDOW_MAX
    assert (shapes["MemorySize"]["min"], shapes["MemorySize"]["max"]) == (
        validate.MEMORY_MIN, validate.MEMORY_MAX)
    assert "maximum allowed value is 900 seconds" in _doc("CreateFunctionRequest", "Timeout")
    assert "6 MB for synchronous invocations" in _doc("InvocationRequest", "Payload")
    window = _doc("CreateEventSourceMappingRequest", "MaximumBatchingWindowInSeconds")
    assert "greater than 10, you must set MaximumBatchingWindowInSeconds to at least 1" in window
    assert "For FIFO queues the max is 10" in _doc("CreateEventSourceMappingRequest", "BatchSize")


def test_names() -> None:
    assert validate.function_name("orders-consumer_1") == []
    assert validate.function_name("")[0].message == "required"
    assert "64" in validate.function_name("a" * 65)[0].message
    assert "letters" in validate.function_name("my.fn")[0].message


def test_payloads() -> None:
    assert validate.payload("") == ({}, [])
    assert validate.payload('{"a": 1}') == ({"a": 1}, [])
    value, issues = validate.payload("{not json")
    assert value is None and issues[0].message.startswith("not JSON")
    assert "too large" in validate.payload('{"n": 1e999999999}')[1][0].message
    assert "surrogate" in validate.payload('{"s": "\ud800"}')[1][0].message
    huge = '"' + "x" * (6 * 1024 * 1024) + '"'
    assert "6 MB" in validate.payload(huge)[1][0].message
    assert "nested" in validate.payload("[" * 5000 + "]" * 5000)[1][0].message


def test_python_source_shows_the_error_and_its_line() -> None:
    issues = validate.python_source("import json\ndef handler(event, context)\n    return 1\n")
    assert issues[0].field.startswith("index.py line 2")
    assert issues[0].message.startswith("SyntaxError")
    no_handler = validate.python_source("def main(event, context):\n    return 1\n")
    assert not no_handler[0].blocking and "handler" in no_handler[0].message
    assert validate.python_source("def handler(e, c):\n    return 1\n") == []


def test_mapping_settings() -> None:
    assert validate.mapping(10, 0) == []
    assert "at least 1 second" in validate.mapping(100, 0)[0].message
    assert validate.mapping(100, 1) == []
    assert "FIFO" in validate.mapping(11, 1, fifo=True)[0].message
    assert validate.mapping(0, 0)[0].field == "batch size"
    assert validate.mapping(1, 301)[0].field == "batching window"


@given(st.text())
def test_any_payload_text_is_a_value_or_a_message(text: str) -> None:
    value, issues = validate.payload(text)
    assert (value is None) == bool(issues)
    assert all(i.message for i in issues)


@given(st.text())
def test_any_handler_text_is_checked_without_raising(text: str) -> None:
    for issue in validate.python_source(text):
        assert issue.message


@given(st.text())
def test_any_name_is_checked_without_raising(text: str) -> None:
    issues = validate.function_name(text)
    assert issues == [] or issues[0].field == "function name"
