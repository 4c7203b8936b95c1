"""How a hop reads: the payload's changes (an SNS envelope, the part a state sent on, fields
added, changed, removed), the event a rule's pattern suggests; any text gives lines, never an
error."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from playground.flows.hops import Hop
from playground.flows.trace_events import example_from_pattern
from playground.flows.trace_text import hop_detail, payload_diff

ORDER = {"order": 7, "traceId": "t1"}


def test_an_envelope_is_said_as_such() -> None:
    sent = json.dumps(ORDER)
    envelope = json.dumps({"Type": "Notification", "MessageId": "m", "TopicArn": "arn:t",
                           "Message": sent})
    assert payload_diff(sent, envelope) == [
        "wrapped in the SNS envelope: Message holds the message as a string"]
    changed = json.dumps({"Type": "Notification", "Message": json.dumps({"order": 8})})
    assert payload_diff(sent, changed) == [
        "wrapped in the SNS envelope: Message holds the message as a string, changed",
        "~ order: 7 → 8", "- traceId"]


def test_fields_added_changed_removed_and_the_part_sent_on() -> None:
    before = json.dumps({"detail": ORDER, "n": 1, "gone": True})
    after = json.dumps({"detail": {**ORDER, "order": 8}, "n": 1, "added": [1]})
    assert payload_diff(before, after) == ["~ detail.order: 7 → 8", "+ added: [1]", "- gone"]
    assert payload_diff(before, json.dumps(ORDER)) == [
        "the part at detail of it (the rest left behind)"]
    assert payload_diff("plain", "other") == ["was: plain", "now: other"]
    assert payload_diff(None, "x") == [] and payload_diff("x", "x") == ["unchanged"]
    assert payload_diff("x", None) == ["the message is not known here"]
    many = payload_diff("{}", json.dumps({f"k{i}": i for i in range(30)}))
    assert len(many) == 12 and many[-1] == "… 19 more"


def test_a_pattern_suggests_an_event_it_matches() -> None:
    pattern = {"source": ["shop"], "detail-type": [{"prefix": "Order"}],
               "detail": {"amount": [{"numeric": [">", 10]}], "kind": ["refund", "sale"],
                          "$or": [{"a": [1]}]}}
    assert example_from_pattern(pattern) == {"source": "shop", "detail-type": "Order",
                                             "detail": {"kind": "refund"}}
    assert example_from_pattern(["not", "a", "pattern"]) == {}


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                           lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                           max_leaves=30)


@given(st.one_of(st.text(max_size=300), json_values.map(json.dumps)),
       st.one_of(st.none(), st.text(max_size=300), json_values.map(json.dumps)))
def test_any_payload_gives_lines(before: str, after: str | None) -> None:
    hop = Hop(1, 0.5, "arn:x", "queue x", "received", "reached", after, before,
              explanation="[/x] not markup")
    lines = hop_detail(hop) + payload_diff(before, after)
    assert all(isinstance(line, str) and "\n" not in line for line in lines)


def test_nesting_too_deep_to_compare_is_text() -> None:
    deep = "[" * 5000 + "]" * 5000
    assert payload_diff(deep, deep[1:-1]) == [f"was: {deep[:59]}…", f"now: {deep[1:60]}…"]
