"""Replay every EventBridge case through the target's TestEventPattern: our matcher and the
service must agree. Where the emulator departs from documented AWS behaviour the case keeps
the AWS answer and is marked xfail(strict=True) here, with the difference recorded in
docs/parity-notes.md."""

from __future__ import annotations

import json

import pytest

from playground.aws.events.service import EventsService
from playground.patterns import match_event_pattern
from tests.patterns.cases import EVENTBRIDGE_CASES

EMULATOR_DIFFERS: dict[str, str] = {}
"""case id -> how ministack differs from AWS (none today: ministack 1.5.33 agrees on all)."""


def _params() -> list:
    out = []
    for case_id, pattern, event, expected in EVENTBRIDGE_CASES:
        marks = []
        if case_id in EMULATOR_DIFFERS:
            marks.append(pytest.mark.xfail(strict=True,
                                           reason=f"ministack differs: {EMULATOR_DIFFERS[case_id]}"))
        out.append(pytest.param(pattern, event, expected, id=case_id, marks=marks))
    return out


@pytest.fixture(scope="module")
def events(emulator_target) -> EventsService:
    """TestEventPattern is stateless, so one emulator serves every case without a reset."""
    return EventsService(emulator_target)


@pytest.mark.parametrize(("pattern", "event", "expected"), _params())
def test_target_agrees_with_our_matcher(events: EventsService, pattern, event, expected) -> None:
    ours = match_event_pattern(pattern, event).matched
    assert ours is expected, "our matcher no longer gives the AWS-documented answer"
    theirs = events.client.test_event_pattern(EventPattern=json.dumps(pattern),
                                              Event=json.dumps(event))["Result"]
    assert theirs is ours
