"""Generated input for the EventBridge forms, through the functions the widgets call: put events,
the rule dialog's pattern, the pattern sandbox, which rules take a put event, and the bus,
rule, target, archive and replay names. Nothing raises; every rejection says why."""

from __future__ import annotations

from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from playground.aws.events.delivery import RuleSummary
from playground.aws.events.validate import (
    NAME_MAX,
    check_archive,
    check_name,
    check_pattern_size,
    check_put_event,
    check_replay,
)
from playground.aws.validation import blocking
from playground.patterns import PatternError, validate_event_pattern
from playground.patterns.json_input import parse_json
from playground.ui.events.pattern_sandbox import judge
from playground.ui.events.put_form import PutRequest, judge_rules
from tests.form_strategies import FIELD, JSON_TEXT, NUMBERISH, deep_json_text, rejected_with_words
from tests.patterns.strategies import PATTERN, as_json_text, json_values

PATTERN_TEXT = st.one_of(PATTERN.map(as_json_text).filter(lambda t: t is not None), JSON_TEXT)


@given(FIELD, FIELD, JSON_TEXT)
@example("[/x]", "\ud800", deep_json_text(5000, "object"))
def test_put_form_answers_anything(source: str, detail_type: str, detail: str) -> None:
    issues = check_put_event(source, detail_type, detail)
    rejected_with_words(issues)
    if not blocking(issues):  # what PutEventForm.action_put then sends
        assert isinstance(parse_json(detail), dict)


@given(PATTERN_TEXT)
def test_rule_dialog_pattern_answers_anything(text: str) -> None:
    try:
        size = check_pattern_size(text)
        rejected_with_words(size)
        if not size:
            validate_event_pattern(text)
    except PatternError as exc:
        assert str(exc).strip()


@given(PATTERN_TEXT, JSON_TEXT)
@example('{"a": ["[/x]"]}', deep_json_text(5000, "array"))
@example(deep_json_text(3000, "object"), '{"a": 1}')
def test_sandbox_judges_anything(pattern: str, event: str) -> None:
    verdict = judge(pattern, event)
    if verdict.result is None:
        assert verdict.problem.strip()
    else:
        assert verdict.event is not None and verdict.pattern is not None


@given(st.lists(st.one_of(st.none(), PATTERN, json_values()), max_size=3), json_values(), FIELD)
def test_rules_are_judged_for_any_put(patterns: list[Any], detail: Any, source: str) -> None:
    rules = [RuleSummary(f"r{i}", "default", "arn", True, p if isinstance(p, dict) else None)
             for i, p in enumerate(patterns)]
    request = PutRequest("default", source, "t", detail if isinstance(detail, dict) else {})
    for verdict in judge_rules(request, "id", rules):
        assert verdict.matched or verdict.why.strip()


@given(st.sampled_from(sorted(NAME_MAX)), FIELD)
def test_names_answer_anything(kind: str, name: str) -> None:
    rejected_with_words(check_name(kind, name))


@given(FIELD, NUMBERISH, NUMBERISH)
def test_archive_and_replay_dialogs_answer_anything(name: str, days: str, minutes: str) -> None:
    archive = check_archive(name, days)
    rejected_with_words(archive)
    if not archive:
        int(days)
    replay = check_replay(name, minutes)
    rejected_with_words(replay)
    if not replay:
        assert int(minutes) >= 1
