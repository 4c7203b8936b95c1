"""What a box says under its name: its retriers, a Map's items and selector; cut to the box,
full in the state's details."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from playground.aws.stepfunctions.graph import find_state, layout, notes_of, retry_note
from playground.ui.stepfunctions.graph_view import draw

JITTERY = {"ErrorEquals": ["Lambda.TooManyRequestsException", "Lambda.ServiceException"],
           "IntervalSeconds": 2, "BackoffRate": 2.0, "MaxAttempts": 6, "MaxDelaySeconds": 30,
           "JitterStrategy": "FULL"}


def test_a_retrier_reads_errors_attempts_interval_backoff() -> None:
    assert retry_note({"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 3,
                       "IntervalSeconds": 2, "BackoffRate": 2}) == \
        "retry States.TaskFailed ×3 2s ×2.0"
    # Left out, the values AWS uses: 3 attempts, 1 s, backoff 2.0.
    assert retry_note({"ErrorEquals": ["States.ALL"]}) == "retry States.ALL ×3 1s ×2.0"
    assert retry_note(JITTERY) == ("retry Lambda.TooManyRequestsException, "
                                   "Lambda.ServiceException ×6 2s ×2.0 ≤30s jitter FULL")


def test_a_long_retrier_is_cut_error_names_first_and_says_so() -> None:
    assert retry_note(JITTERY, 60) == "retry Lambda.TooManyRequestsExc… ×6 2s ×2.0 ≤30s jitter FULL"
    assert retry_note(JITTERY, 34) == "retry Lambda.TooManyR… ×6 2s ×2.0…"
    for width in range(1, 80):
        assert len(retry_note(JITTERY, width)) <= width


def _boxes(definition: dict[str, Any]) -> list[str]:
    return [line.text for line in layout(definition)]


def test_retriers_are_drawn_inside_their_box() -> None:
    definition = {"StartAt": "T", "States": {"T": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True,
        "Retry": [JITTERY, {"ErrorEquals": ["States.Timeout"], "MaxAttempts": 1},
                  {"ErrorEquals": ["A"]}, {"ErrorEquals": ["B"]}, {"ErrorEquals": ["C"]}]}}}
    lines = _boxes(definition)
    assert lines[:7] == [
        "╭────────────────────────────────────╮",
        "│ T                             Task │",
        "│ retry Lambda.TooManyR… ×6 2s ×2.0… │",
        "│ retry States.Timeout ×1 1s ×2.0    │",
        "│ retry A ×3 1s ×2.0                 │",
        "│ +2 more retriers                   │",
        "╰────────────────────────────────────╯"]
    # In full for the state's details: every retrier, nothing cut.
    full = notes_of(find_state(definition, "T"))
    assert len(full) == 5 and full[0] == retry_note(JITTERY) and full[4].startswith("retry C")


def test_a_map_says_its_items_selector_and_how_its_processor_runs() -> None:
    definition = {"StartAt": "Each", "States": {"Each": {
        "Type": "Map", "ItemsPath": "$.orders", "MaxConcurrency": 5,
        "ItemSelector": {"order.$": "$$.Map.Item.Value"},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "[/x]",
                          "States": {"[/x]": {"Type": "Pass", "End": True}}},
        "End": True}}}
    lines = _boxes(definition)
    assert lines[:7] == [
        "╭────────────────────────────────────╮",
        "│ Each                           Map │",
        "│ items $.orders                     │",
        '│ selector {"order.$": "…tem.Value"} │',
        "╰────────────────────────────────────╯",
        "  ┆ ItemProcessor (INLINE, ≤5 at once)",
        "    ╭──────────────────╮"]
    assert "    │ [/x]        Pass │" in lines
    assert notes_of(find_state(definition, "Each")) == [
        "items $.orders", 'selector {"order.$": "$$.Map.Item.Value"}']


def test_a_jsonata_map_says_its_items() -> None:
    definition = {"QueryLanguage": "JSONata", "StartAt": "Each", "States": {"Each": {
        "Type": "Map", "Items": "{% $states.input.orders %}",
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
        "End": True}}}
    assert "│ items {% $states.input.orders %} │" in _boxes(definition)


def test_a_legacy_iterator_map_names_its_parameters() -> None:
    definition = {"StartAt": "Each", "States": {"Each": {
        "Type": "Map", "ItemsPath": "$.items", "Parameters": {"x.$": "$$.Map.Item.Value"},
        "Iterator": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
        "End": True}}}
    texts = _boxes(definition)
    assert "│ items $.items" in texts[2] and texts[3].startswith("│ parameters {")
    assert "  ┆ Iterator" in texts


def test_notes_are_plain_text_not_markup() -> None:
    definition = {"StartAt": "T", "States": {"T": {
        "Type": "Task", "Resource": "r", "End": True,
        "Retry": [{"ErrorEquals": ["[bold red]x[/]", "\x1b[31m"]}]}}}
    drawn = draw(_drawing(definition), {})
    assert "[bold red]x[/]" in drawn.plain and "\x1b" not in drawn.plain


def _drawing(definition: dict[str, Any]) -> Any:
    import json

    from playground.aws.stepfunctions.graph import draw_definition
    return draw_definition(json.dumps(definition))


JSONISH = st.recursive(st.none() | st.booleans() | st.integers()
                       | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30),
                       lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)


@settings(max_examples=200, deadline=None)
@given(retry=JSONISH, items=JSONISH, selector=JSONISH)
def test_any_retry_or_map_fields_draw_boxes_of_one_width(retry: Any, items: Any,
                                                        selector: Any) -> None:
    definition = {"StartAt": "M", "States": {"M": {
        "Type": "Map", "Retry": retry if not isinstance(retry, dict) else [retry],
        "ItemsPath": items, "ItemSelector": selector, "End": True,
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}}}}
    lines = [line.text for line in layout(definition) if line.state == "M"
             and line.kind in ("box", "note")]
    assert len({cell_len(text) for text in lines}) == 1
