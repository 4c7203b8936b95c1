"""The words a learner reads: FieldReason.text, summaries and explain()."""

from __future__ import annotations

from typing import Any

import pytest

from playground.patterns import FieldReason, MatchResult, match_event_pattern, match_filter_policy
from tests.patterns.cases import attrs, body, order


def reason_for(result: MatchResult, path: str, branch: str = "") -> FieldReason:
    matches = [r for r in result.reasons if r.path == path and r.branch == branch]
    assert len(matches) == 1, result.explain()
    return matches[0]


def test_field_reason_text_format() -> None:
    reason = FieldReason("price", False, "numeric >= 100", "42")
    assert reason.text == "price: numeric >= 100 — got 42, no match"
    assert FieldReason("detail.state", True, 'one of "running"', '"running"').text == (
        'detail.state: one of "running" — got "running", match'
    )


@pytest.mark.parametrize(
    ("field", "values", "event", "text"),
    [
        ("state", ["shipped"], order(), 'detail.state: one of "shipped" — got "shipped", match'),
        (
            "state",
            ["pending", "cancelled"],
            order(),
            'detail.state: one of "pending", "cancelled" — got "shipped", no match',
        ),
        (
            "order-id",
            [{"prefix": "inv-"}],
            order(),
            'detail.order-id: prefix "inv-" — got "ord-1042", no match',
        ),
        (
            "file",
            [{"suffix": {"equals-ignore-case": ".png"}}],
            order(),
            'detail.file: suffix ".png" (ignoring case) — got "invoices/2024/photo.PNG", match',
        ),
        (
            "state",
            [{"anything-but": ["cancelled", "refunded"]}],
            order(),
            'detail.state: anything but "cancelled", "refunded" — got "shipped", match',
        ),
        (
            "region",
            [{"anything-but": {"prefix": "us-"}}],
            order(region="us-east-2"),
            'detail.region: anything but prefix "us-" — got "us-east-2", no match',
        ),
        (
            "quantity",
            [{"numeric": [">", 0, "<=", 2]}],
            order(),
            "detail.quantity: numeric > 0 and <= 2 — got 3, no match",
        ),
        (
            "x-limit",
            [{"numeric": ["=", 3.018e2]}],
            order(x_limit=301.8),
            "detail.x-limit: numeric = 301.8 — got 301.8, match",
        ),
        ("warehouse", [{"exists": True}], order(), "detail.warehouse: exists — got missing, no match"),
        (
            "customer",
            [{"exists": False}],
            order(),
            "detail.customer: does not exist — got an object (not a value), match",
        ),
        (
            "source-ip",
            [{"cidr": "10.0.1.0/24"}],
            order(),
            'detail.source-ip: IP address in 10.0.1.0/24 — got "10.0.0.77", no match',
        ),
        (
            "file",
            [{"wildcard": "invoices/*.pdf"}, "none"],
            order(),
            'detail.file: wildcard "invoices/*.pdf" or "none" — got "invoices/2024/photo.PNG", no match',
        ),
        ("coupon", [None], order(), "detail.coupon: one of null — got null, match"),
        (
            "scores",
            [{"numeric": [">", 90]}],
            order(scores=[55, 97]),
            ("detail.scores: numeric > 90 — got [55, 97], match"),
        ),
    ],
)
def test_eventbridge_reason_text(field: str, values: list[Any], event: dict[str, Any], text: str) -> None:
    result = match_event_pattern({"detail": {field: values}}, event)
    assert reason_for(result, f"detail.{field}").text == text


def test_eventbridge_summaries_and_explain() -> None:
    pattern = {
        "source": ["com.example.orders"],
        "detail": {"price": [{"numeric": [">=", 500]}], "state": ["shipped"]},
    }
    result = match_event_pattern(pattern, order())
    assert not result.matched
    assert result.summary == "No match: 1 of 3 conditions failed (detail.price)."
    assert result.explain() == "\n".join(
        [
            "No match: 1 of 3 conditions failed (detail.price).",
            '  ✓ source: one of "com.example.orders" — got "com.example.orders", match',
            "  ✗ detail.price: numeric >= 500 — got 150, no match",
            '  ✓ detail.state: one of "shipped" — got "shipped", match',
        ]
    )
    assert [r.path for r in result.failed] == ["detail.price"]
    ok = match_event_pattern({"source": ["com.example.orders"]}, order())
    assert ok.summary == "Match: the event satisfies all 1 condition of the pattern."


def test_or_explanation_names_the_matching_alternative() -> None:
    pattern = {
        "source": ["com.example.orders"],
        "detail": {
            "$or": [
                {"state": ["pending"]},
                {"customer": {"tier": ["gold"]}, "$or": [{"gift": [False]}, {"quantity": [3]}]},
            ]
        },
    }
    result = match_event_pattern(pattern, order())
    assert result.matched
    head = reason_for(result, "detail.$or")
    assert head.text == "detail.$or: at least one of 2 alternatives — got alt 2 matched, match"
    assert reason_for(result, "detail.state", "alt 1/2").text == (
        'detail.state: one of "pending" — got "shipped", no match'
    )
    nested = reason_for(result, "detail.$or", "alt 2/2")
    assert nested.actual == "alt 2 matched"
    assert reason_for(result, "detail.quantity", "alt 2/2 › alt 2/2").matched
    assert result.explain().splitlines()[3:5] == [
        '    ✗ [alt 1/2] detail.state: one of "pending" — got "shipped", no match',
        '    ✓ [alt 2/2] detail.customer.tier: one of "gold" — got "gold", match',
    ]


def test_or_without_a_winner() -> None:
    result = match_event_pattern({"$or": [{"source": ["a"]}, {"source": ["b"]}]}, order())
    assert not result.matched
    assert result.reasons[0].text == (
        "$or: at least one of 2 alternatives — got no alternative matched, no match"
    )
    assert result.summary == "No match: 1 of 1 condition failed ($or)."


def test_array_of_objects_explains_the_closest_element() -> None:
    pattern = {"detail": {"items": {"sku": ["B2"], "qty": [{"numeric": [">", 9]}]}}}
    event = order(items=[{"sku": "A1", "qty": 1}, {"sku": "B2", "qty": 5}])
    result = match_event_pattern(pattern, event)
    assert not result.matched
    # The B2 element is closest (its sku matches), so its qty is what needs fixing.
    assert [r.text for r in result.reasons] == [
        'detail.items.sku: one of "B2" — got "B2", match',
        "detail.items.qty: numeric > 9 — got 5, no match",
    ]


def test_sns_reason_texts() -> None:
    policy = {
        "interests": ["tennis"],
        "blob": [{"exists": True}],
        "price": [{"numeric": [">=", 100]}],
    }
    message = attrs(
        interests=("String.Array", '["rugby", "baseball"]'),
        blob=("Binary", "AQID"),
        price=("Number", "42"),
    )
    result = match_filter_policy(policy, **message)
    assert [r.text for r in result.reasons] == [
        'interests: one of "tennis" — got ["rugby", "baseball"], no match',
        "blob: exists — got a Binary attribute (SNS ignores Binary attributes), no match",
        "price: numeric >= 100 — got 42, no match",
    ]
    assert result.summary == "Filtered out: 3 of 3 conditions failed (interests, blob, price)."


def test_sns_exists_false_without_attributes_says_why() -> None:
    result = match_filter_policy({"store": [{"exists": False}]}, message_attributes={})
    assert result.reasons[0].text == ("store: does not exist — got no message attributes at all, no match")


def test_sns_delivered_summary_and_body_paths() -> None:
    policy = {"customer": {"address": {"country": ["FR"]}}}
    result = match_filter_policy(policy, **body({"customer": {"address": {"country": "FR"}}}))
    assert result.summary == ("Delivered: the message satisfies all 1 condition of the filter policy.")
    assert result.reasons[0].text == ('customer.address.country: one of "FR" — got "FR", match')


def test_sns_body_that_is_not_json() -> None:
    result = match_filter_policy({"store": ["x"]}, scope="MessageBody", message_body="hello")
    assert not result.matched
    assert result.summary.startswith("Filtered out: the message body is not a JSON object")
    assert result.reasons[0].actual == "nothing (the body is not a JSON object)"


def test_empty_sns_policy_accepts_everything() -> None:
    result = match_filter_policy({}, message_attributes={})
    assert result.matched and result.reasons == ()
    assert "every message" in result.summary
