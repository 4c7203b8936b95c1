"""EventBridge event patterns: validate them and test them against events.

Semantics follow the AWS docs ("Event pattern syntax", "Comparison operators for use
in event patterns", "Arrays in event patterns", "Matching null values and empty
strings") and Event Ruler, the engine EventBridge runs. ``TestEventPattern`` is the
AWS API this mirrors; here every field also gets a reason in words.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from playground.patterns.compiler import AndGroup, Options, compile_pattern, load_json_object
from playground.patterns.conditions import MatchContext
from playground.patterns.errors import EventError
from playground.patterns.evaluate import evaluate_document
from playground.patterns.json_input import JsonLimitError, check_json, parse_json
from playground.patterns.model import MatchResult
from playground.patterns.operators import EVENTBRIDGE

_OPTIONS = Options(dialect=EVENTBRIDGE)


def validate_event_pattern(pattern: str | Mapping[str, Any]) -> dict[str, Any]:
    """Return the parsed pattern, or raise PatternError naming the field and rule."""
    parsed = load_json_object(pattern, "the event pattern")
    compile_pattern(parsed, _OPTIONS)
    return parsed


def compile_event_pattern(pattern: str | Mapping[str, Any]) -> AndGroup:
    """Validate once and keep the compiled form, for testing many events."""
    return compile_pattern(load_json_object(pattern, "the event pattern"), _OPTIONS)


def match_event_pattern(
    pattern: str | Mapping[str, Any] | AndGroup, event: str | Mapping[str, Any]
) -> MatchResult:
    """Does ``event`` match ``pattern``? Raises PatternError / EventError on bad input."""
    group = pattern if isinstance(pattern, AndGroup) else compile_event_pattern(pattern)
    document, size = _load_event(event)
    outcome = evaluate_document(group, document, MatchContext(), size)
    if outcome.matched:
        summary = (
            f"Match: the event satisfies all {outcome.checked} condition"
            f"{'s' if outcome.checked != 1 else ''} of the pattern."
        )
    else:
        names = ", ".join(outcome.failed)
        summary = (
            f"No match: {len(outcome.failed)} of {outcome.checked} condition"
            f"{'s' if outcome.checked != 1 else ''} failed ({names})."
        )
    return MatchResult(outcome.matched, outcome.reasons, summary)


def _load_event(event: str | Mapping[str, Any]) -> tuple[Mapping[str, Any], int]:
    """The event as a mapping, and how many values it holds; EventError if it is not a
    JSON object the matcher can read (see json_input.py for the limits)."""
    try:
        parsed = parse_json(event, decimals=True) if isinstance(event, str) else event
        size = check_json(parsed)
    except JsonLimitError as exc:
        raise EventError(f"the event {exc}") from None
    except ValueError as exc:
        raise EventError(f"the event is not valid JSON: {exc}") from None
    if not isinstance(parsed, Mapping):
        raise EventError("the event must be a JSON object")
    return parsed, size
