"""Explainable matchers for EventBridge event patterns and SNS filter policies.

Pure Python (no textual, no boto3) so the UI, the CLI and tests can all ask "would
this match, and why?" without an AWS account. Every result carries one reason per
pattern field, in words.
"""

from __future__ import annotations

from playground.patterns.errors import EventError, PatternError
from playground.patterns.eventbridge import (
    compile_event_pattern,
    match_event_pattern,
    validate_event_pattern,
)
from playground.patterns.model import FieldReason, MatchResult
from playground.patterns.sns import match_filter_policy, validate_filter_policy

__all__ = [
    "EventError",
    "FieldReason",
    "MatchResult",
    "PatternError",
    "compile_event_pattern",
    "match_event_pattern",
    "match_filter_policy",
    "validate_event_pattern",
    "validate_filter_policy",
]
