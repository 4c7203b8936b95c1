"""Local EventBridge checks, the event TestEventPattern needs, and the shipped samples."""

from __future__ import annotations

import json
import re

import pytest
from botocore.loaders import Loader

from playground.aws.events.validate import (
    MAX_PATTERN,
    NAME_MAX,
    TEST_EVENT_FIELDS,
    check_name,
    check_put_event,
    complete_event,
    entry_size,
)
from playground.locations import content_dir
from playground.patterns import match_event_pattern, validate_event_pattern

MODEL = Loader().load_service_model("events", "service-2")


def _clean(text: str) -> str:
    return re.sub("<[^>]+>", "", text)


def test_limits_come_from_the_model() -> None:
    shapes = MODEL["shapes"]
    put_events = _clean(MODEL["operations"]["PutEvents"]["documentation"])
    assert "the total entry size must be less than 1MB" in put_events
    assert "a maximum of 128 characters" in _clean(
        shapes["PutEventsRequestEntry"]["members"]["DetailType"]["documentation"])
    assert shapes["EventPattern"]["max"] == MAX_PATTERN
    assert shapes["RuleName"]["max"] == NAME_MAX["rule"]
    assert shapes["ArchiveName"]["max"] == NAME_MAX["archive"]
    assert shapes["ReplayName"]["max"] == NAME_MAX["replay"]
    assert shapes["TargetId"]["max"] == NAME_MAX["target id"]
    doc = _clean(shapes["TestEventPatternRequest"]["members"]["Event"]["documentation"])
    assert all(name in doc for name in TEST_EVENT_FIELDS)


@pytest.mark.parametrize(("args", "message"), [
    (("", "T", "{}"), "source: EventBridge fails an entry without a Source"),
    (("s", "", "{}"), "detail-type: EventBridge fails an entry without a DetailType"),
    (("s", "x" * 129, "{}"), "detail-type: at most 128 characters"),
    (("s", "T", "{"), "detail: not valid JSON"),
    (("s", "T", "[1]"), "detail: Detail must be a JSON object"),
    (("s", "T", json.dumps({"x": "y" * 1_048_576})), "PutEvents takes less than 1 MB"),
])
def test_bad_put_event_input_names_the_field(args, message: str) -> None:
    assert any(message in str(i) for i in check_put_event(*args) if i.blocking)


def test_aws_sources_only_warn() -> None:
    issues = check_put_event("aws.ec2", "T", "{}")
    assert [i.blocking for i in issues] == [False]


def test_entry_size_follows_the_user_guide() -> None:
    assert entry_size("ab", "cd", '{"é": 1}', ["r"], with_time=True) == 14 + 2 + 2 + 9 + 1


def test_names() -> None:
    assert check_name("rule", "big-orders") == []
    assert "at most 64" in str(check_name("rule", "x" * 65)[0])
    assert "only letters" in str(check_name("archive", "a b")[0])
    assert check_name("bus", "team/orders") == []
    assert "default bus" in str(check_name("bus", "default")[0])


def test_complete_event_fills_what_test_event_pattern_requires() -> None:
    full, filled = complete_event({"source": "shop", "detail": {"a": 1}})
    assert all(name in full for name in TEST_EVENT_FIELDS)
    assert "source" not in filled and "id" in filled
    assert complete_event({"source": "shop"})[0]["id"] == complete_event({"source": "shop"})[0]["id"]


def _samples(kind: str) -> dict[str, str]:
    return {p.stem: p.read_text() for p in sorted((content_dir("assets") / kind).glob("*.json"))}


def test_sample_patterns_cover_every_operator() -> None:
    text = " ".join(_samples("patterns").values())
    for operator in ("prefix", "suffix", "equals-ignore-case", "anything-but", "numeric", "exists",
                     "wildcard", "cidr", "$or"):
        assert f'"{operator}"' in text, operator


def test_every_sample_pattern_and_event_agrees_with_the_target(emulator_target) -> None:
    client = emulator_target.client("events")
    events = {name: complete_event(json.loads(text))[0] for name, text in _samples("events").items()}
    for name, text in _samples("patterns").items():
        pattern = validate_event_pattern(text)
        matched = [e for e, event in events.items() if match_event_pattern(pattern, event).matched]
        assert matched, f"sample pattern {name} matches no sample event"
        for event_name, event in events.items():
            theirs = client.test_event_pattern(EventPattern=text, Event=json.dumps(event))["Result"]
            assert theirs is (event_name in matched), (name, event_name)
