"""Table-driven cases for the pattern matchers, kept as plain JSON-able data.

``EVENTBRIDGE_CASES`` rows are ``(id, pattern, event, expected_match)`` with full
EventBridge events (the envelope ``TestEventPattern`` requires), so the same table
can be replayed against an emulator or real AWS. Only behaviour documented by AWS
(or validated against AWS by others' TestEventPattern suites) is listed here.

``SNS_CASES`` rows are ``(id, policy, message, expected_match)`` where ``message`` is
the keyword arguments of ``match_filter_policy``: ``scope``, ``message_body`` and,
for the MessageAttributes scope, ``message_attributes`` in the SNS Publish shape.
"""

from __future__ import annotations

import json
from typing import Any

JSON = dict[str, Any]

_IDS = iter(range(1, 10_000))


def event(detail: JSON, **envelope: Any) -> JSON:
    """A complete EventBridge event; keyword overrides use ``_`` for ``-``."""
    base: JSON = {
        "version": "0",
        "id": f"8f5b2a10-0c3e-4b6e-9d3a-{next(_IDS):012d}",
        "detail-type": "Order Placed",
        "source": "com.example.orders",
        "account": "123456789012",
        "time": "2024-05-01T12:00:00Z",
        "region": "us-east-1",
        "resources": [],
        "detail": detail,
    }
    for key, value in envelope.items():
        base[key.replace("_", "-")] = value
    return base


ORDER = {
    "order-id": "ord-1042",
    "state": "shipped",
    "quantity": 3,
    "price": 150,
    "gift": True,
    "coupon": None,
    "note": "",
    "customer": {"name": "Alice", "tier": "gold"},
    "file": "invoices/2024/photo.PNG",
    "source-ip": "10.0.0.77",
}


def order(**changes: Any) -> JSON:
    """An ``Order Placed`` event whose detail is ORDER with some fields changed
    (a value of ``...`` removes the field; ``_`` in a name stands for ``-``)."""
    changes = {k.replace("_", "-"): v for k, v in changes.items()}
    detail = {k: v for k, v in ORDER.items() if k not in changes}
    detail.update({k: v for k, v in changes.items() if v is not ...})
    return event(detail)


def d(**fields: Any) -> JSON:
    """Shorthand for a pattern on ``detail`` fields (``_`` stands for ``-``)."""
    return {"detail": {k.replace("_", "-"): v for k, v in fields.items()}}


EC2_ARN = "arn:aws:ec2:us-east-1:123456789012:instance/i-0abc"
SFN_ARN = "arn:aws:states:us-east-1:123456789012:execution:orders:run-7"

EVENTBRIDGE_CASES: list[tuple[str, JSON, JSON, bool]] = [
    # --- exact matching: strings, numbers, booleans, null, empty string --------------
    ("exact-string-match", {"source": ["com.example.orders"]}, order(), True),
    ("exact-string-no-match", {"source": ["com.example.billing"]}, order(), False),
    ("exact-string-is-case-sensitive", d(state=["Shipped"]), order(), False),
    ("exact-any-of-several-values", d(state=["pending", "shipped"]), order(), True),
    ("exact-none-of-several-values", d(state=["pending", "cancelled"]), order(), False),
    ("exact-number-match", d(quantity=[3]), order(), True),
    ("exact-number-no-match", d(quantity=[4]), order(), False),
    ("exact-string-does-not-match-number", d(quantity=["3"]), order(), False),
    ("exact-number-does-not-match-string", d(order_id=[1042]), order(order_id="1042"), False),
    ("exact-boolean-match", d(gift=[True]), order(), True),
    ("exact-boolean-no-match", d(gift=[False]), order(), False),
    ("exact-null-match", d(coupon=[None]), order(), True),
    ("exact-null-does-not-match-missing", d(coupon=[None]), order(coupon=...), False),
    ("exact-empty-string-match", d(note=[""]), order(), True),
    ("exact-empty-string-does-not-match-null", d(note=[""]), order(note=None), False),
    ("nested-field-match", d(customer={"tier": ["gold"]}), order(), True),
    ("nested-field-no-match", d(customer={"tier": ["silver"]}), order(), False),
    ("missing-field-no-match", d(warehouse=["berlin"]), order(), False),
    (
        "and-all-fields-match",
        {"source": ["com.example.orders"], "detail-type": ["Order Placed"], **d(state=["shipped"])},
        order(),
        True,
    ),
    (
        "and-one-field-fails",
        {"source": ["com.example.orders"], "detail-type": ["Order Cancelled"]},
        order(),
        False,
    ),
    # --- arrays in the event: any element may match --------------------------------
    (
        "event-array-any-element-matches",
        {"resources": [EC2_ARN]},
        event({"state": "running"}, resources=["arn:aws:ec2:us-east-1:123456789012:instance/i-1", EC2_ARN]),
        True,
    ),
    (
        "event-array-no-element-matches",
        {"resources": [EC2_ARN]},
        event({"state": "running"}, resources=["arn:aws:ec2:us-east-1:123456789012:instance/i-1"]),
        False,
    ),
    (
        "event-array-of-objects-same-element",
        d(items={"sku": ["A1"], "qty": [2]}),
        event({"items": [{"sku": "A1", "qty": 2}, {"sku": "B2", "qty": 5}]}),
        True,
    ),
    # --- prefix (and prefix ignoring case) -----------------------------------------
    ("prefix-match", d(order_id=[{"prefix": "ord-"}]), order(), True),
    ("prefix-no-match", d(order_id=[{"prefix": "inv-"}]), order(), False),
    ("prefix-is-case-sensitive", d(order_id=[{"prefix": "ORD-"}]), order(), False),
    ("prefix-only-matches-strings", d(quantity=[{"prefix": "3"}]), order(), False),
    (
        "prefix-ignore-case-match",
        d(order_id=[{"prefix": {"equals-ignore-case": "ORD-"}}]),
        order(),
        True,
    ),
    (
        "prefix-ignore-case-no-match",
        d(order_id=[{"prefix": {"equals-ignore-case": "INV-"}}]),
        order(),
        False,
    ),
    # --- suffix (and suffix ignoring case) -----------------------------------------
    ("suffix-match", d(file=[{"suffix": ".PNG"}]), order(), True),
    ("suffix-no-match", d(file=[{"suffix": ".jpg"}]), order(), False),
    ("suffix-is-case-sensitive", d(file=[{"suffix": ".png"}]), order(), False),
    ("suffix-ignore-case-match", d(file=[{"suffix": {"equals-ignore-case": ".png"}}]), order(), True),
    (
        "suffix-ignore-case-no-match",
        d(file=[{"suffix": {"equals-ignore-case": ".jpg"}}]),
        order(),
        False,
    ),
    # --- equals-ignore-case --------------------------------------------------------
    ("equals-ignore-case-match", d(state=[{"equals-ignore-case": "SHIPPED"}]), order(), True),
    ("equals-ignore-case-no-match", d(state=[{"equals-ignore-case": "PENDING"}]), order(), False),
    # --- anything-but: values, lists, numbers, nested forms ------------------------
    ("anything-but-string-match", d(state=[{"anything-but": "cancelled"}]), order(), True),
    ("anything-but-string-no-match", d(state=[{"anything-but": "shipped"}]), order(), False),
    (
        "anything-but-list-match",
        d(state=[{"anything-but": ["cancelled", "refunded"]}]),
        order(),
        True,
    ),
    (
        "anything-but-list-no-match",
        d(state=[{"anything-but": ["cancelled", "shipped"]}]),
        order(),
        False,
    ),
    ("anything-but-number-match", d(quantity=[{"anything-but": 0}]), order(), True),
    ("anything-but-number-no-match", d(quantity=[{"anything-but": 3}]), order(), False),
    (
        "anything-but-number-list-match",
        d(price=[{"anything-but": [100, 200, 300]}]),
        order(),
        True,
    ),
    (
        "anything-but-number-list-no-match",
        d(price=[{"anything-but": [100, 150]}]),
        order(),
        False,
    ),
    (
        "anything-but-does-not-match-missing-field",
        d(warehouse=[{"anything-but": "berlin"}]),
        order(),
        False,
    ),
    ("anything-but-matches-null", d(coupon=[{"anything-but": "SPRING"}]), order(), True),
    (
        "anything-but-prefix-match",
        d(region=[{"anything-but": {"prefix": "us-"}}]),
        order(region="eu-west-1"),
        True,
    ),
    (
        "anything-but-prefix-no-match",
        d(region=[{"anything-but": {"prefix": "us-"}}]),
        order(region="us-east-2"),
        False,
    ),
    (
        "anything-but-suffix-match",
        d(file=[{"anything-but": {"suffix": ".tmp"}}]),
        order(),
        True,
    ),
    (
        "anything-but-suffix-no-match",
        d(file=[{"anything-but": {"suffix": ".PNG"}}]),
        order(),
        False,
    ),
    (
        "anything-but-ignore-case-match",
        d(state=[{"anything-but": {"equals-ignore-case": "CANCELLED"}}]),
        order(),
        True,
    ),
    (
        "anything-but-ignore-case-no-match",
        d(state=[{"anything-but": {"equals-ignore-case": "SHIPPED"}}]),
        order(),
        False,
    ),
    (
        "anything-but-ignore-case-list-no-match",
        d(state=[{"anything-but": {"equals-ignore-case": ["Refunded", "Shipped"]}}]),
        order(),
        False,
    ),
    (
        "anything-but-wildcard-match",
        d(file=[{"anything-but": {"wildcard": "*/tmp/*"}}]),
        order(),
        True,
    ),
    (
        "anything-but-wildcard-no-match",
        d(file=[{"anything-but": {"wildcard": "invoices/*"}}]),
        order(),
        False,
    ),
    # --- numeric -----------------------------------------------------------------------
    ("numeric-greater-match", d(price=[{"numeric": [">", 100]}]), order(), True),
    ("numeric-greater-boundary-no-match", d(price=[{"numeric": [">", 150]}]), order(), False),
    ("numeric-greater-or-equal-boundary", d(price=[{"numeric": [">=", 150]}]), order(), True),
    ("numeric-less-match", d(quantity=[{"numeric": ["<", 10]}]), order(), True),
    ("numeric-less-or-equal-no-match", d(price=[{"numeric": ["<=", 149.5]}]), order(), False),
    ("numeric-equals-match", d(x_limit=[{"numeric": ["=", 301.8]}]), order(x_limit=301.8), True),
    (
        "numeric-equals-exponent-notation",
        d(x_limit=[{"numeric": ["=", 3.018e2]}]),
        order(x_limit=301.8),
        True,
    ),
    ("numeric-equals-no-match", d(quantity=[{"numeric": ["=", 4]}]), order(), False),
    ("numeric-range-match", d(quantity=[{"numeric": [">", 0, "<=", 3]}]), order(), True),
    ("numeric-range-below", d(quantity=[{"numeric": [">", 3, "<=", 5]}]), order(), False),
    ("numeric-range-above", d(price=[{"numeric": [">=", 10, "<", 150]}]), order(), False),
    ("numeric-negative", d(balance=[{"numeric": ["<", 0]}]), order(balance=-4.5), True),
    (
        "numeric-ignores-numeric-strings",
        d(quantity=[{"numeric": [">", 1]}]),
        order(quantity="3"),
        False,
    ),
    (
        "numeric-event-array-any-element",
        d(scores=[{"numeric": [">", 90]}]),
        order(scores=[55, 97]),
        True,
    ),
    # --- exists --------------------------------------------------------------------------
    ("exists-true-match", d(state=[{"exists": True}]), order(), True),
    ("exists-true-no-match", d(warehouse=[{"exists": True}]), order(), False),
    ("exists-false-match", d(warehouse=[{"exists": False}]), order(), True),
    ("exists-false-no-match", d(state=[{"exists": False}]), order(), False),
    ("exists-false-on-object-is-not-a-leaf", d(customer=[{"exists": False}]), order(), True),
    ("exists-true-on-object-is-not-a-leaf", d(customer=[{"exists": True}]), order(), False),
    # --- wildcard ------------------------------------------------------------------------
    ("wildcard-suffix-match", d(file=[{"wildcard": "invoices/*.PNG"}]), order(), True),
    ("wildcard-no-match", d(file=[{"wildcard": "receipts/*"}]), order(), False),
    (
        "wildcard-several-stars",
        {"resources": [{"wildcard": "arn:aws:states:*:execution:orders:*"}]},
        event({"status": "SUCCEEDED"}, resources=[SFN_ARN]),
        True,
    ),
    ("wildcard-star-matches-empty", d(file=[{"wildcard": "invoices/*2024/*"}]), order(), True),
    (
        "wildcard-escaped-star-is-literal",
        d(label=[{"wildcard": "sale\\*"}]),
        order(label="sale*"),
        True,
    ),
    (
        "wildcard-escaped-star-no-match",
        d(label=[{"wildcard": "sale\\*"}]),
        order(label="sales"),
        False,
    ),
    # --- cidr ----------------------------------------------------------------------------
    ("cidr-ipv4-match", d(source_ip=[{"cidr": "10.0.0.0/24"}]), order(), True),
    ("cidr-ipv4-no-match", d(source_ip=[{"cidr": "10.0.1.0/24"}]), order(), False),
    (
        "cidr-ipv6-match",
        d(source_ip=[{"cidr": "2001:db8::/32"}]),
        order(source_ip="2001:db8::7"),
        True,
    ),
    (
        "cidr-ipv6-no-match",
        d(source_ip=[{"cidr": "2001:db8::/32"}]),
        order(source_ip="2001:db9::7"),
        False,
    ),
    ("cidr-ignores-numbers", d(quantity=[{"cidr": "10.0.0.0/24"}]), order(), False),
    # --- $or -----------------------------------------------------------------------------
    (
        "or-first-alternative",
        {"$or": [d(state=["shipped"]), d(price=[{"numeric": [">", 1000]}])]},
        order(),
        True,
    ),
    (
        "or-second-alternative",
        {"$or": [d(state=["pending"]), d(price=[{"numeric": [">", 100]}])]},
        order(),
        True,
    ),
    (
        "or-no-alternative",
        {"$or": [d(state=["pending"]), d(price=[{"numeric": [">", 1000]}])]},
        order(),
        False,
    ),
    (
        "or-inside-detail-with-and",
        {
            "source": ["com.example.orders"],
            "detail": {"$or": [{"gift": [False]}, {"customer": {"tier": ["gold"]}}]},
        },
        order(),
        True,
    ),
    (
        "or-and-outer-field-fails",
        {
            "source": ["com.example.billing"],
            "detail": {"$or": [{"gift": [True]}, {"customer": {"tier": ["gold"]}}]},
        },
        order(),
        False,
    ),
    (
        "or-nested-or-match",
        {
            "detail": {
                "$or": [
                    {"state": ["pending"]},
                    {
                        "customer": {"tier": ["gold"]},
                        "$or": [{"quantity": [{"numeric": [">", 10]}]}, {"gift": [True]}],
                    },
                ]
            }
        },
        order(),
        True,
    ),
    (
        "or-nested-or-no-match",
        {
            "detail": {
                "$or": [
                    {"state": ["pending"]},
                    {
                        "customer": {"tier": ["gold"]},
                        "$or": [{"quantity": [{"numeric": [">", 10]}]}, {"gift": [False]}],
                    },
                ]
            }
        },
        order(),
        False,
    ),
    (
        "or-with-exists",
        {"detail": {"$or": [{"warehouse": [{"exists": True}]}, {"note": [{"exists": True}]}]}},
        order(),
        True,
    ),
]


def attrs(**attributes: tuple[str, str]) -> JSON:
    """SNS Publish MessageAttributes from ``name=(DataType, StringValue)``."""
    return {
        "scope": "MessageAttributes",
        "message_body": "order update",
        "message_attributes": {
            name: {
                "DataType": data_type,
                ("BinaryValue" if data_type == "Binary" else "StringValue"): value,
            }
            for name, (data_type, value) in attributes.items()
        },
    }


def body(payload: Any) -> JSON:
    """A MessageBody-scope message whose body is ``payload`` as JSON text."""
    text = payload if isinstance(payload, str) else json.dumps(payload)
    return {"scope": "MessageBody", "message_body": text}


S = "String"
N = "Number"
SA = "String.Array"
INTERESTS = (SA, '["rugby", "baseball"]')
BALLS = (SA, '["baseball", "basketball"]')
OTHERS = (SA, '["hockey", "rugby", "soccer"]')

SNS_CASES: list[tuple[str, JSON, JSON, bool]] = [
    # --- MessageAttributes: exact strings, String.Array -------------------------------
    ("attr-exact-match", {"store": ["example_corp"]}, attrs(store=(S, "example_corp")), True),
    ("attr-exact-no-match", {"store": ["example_corp"]}, attrs(store=(S, "other_corp")), False),
    ("attr-exact-case-sensitive", {"store": ["Example_Corp"]}, attrs(store=(S, "example_corp")), False),
    ("attr-exact-one-of", {"sport": ["rugby", "tennis"]}, attrs(sport=(S, "tennis")), True),
    ("attr-string-array-any-element", {"interests": ["rugby"]}, attrs(interests=INTERESTS), True),
    ("attr-string-array-no-element", {"interests": ["tennis"]}, attrs(interests=INTERESTS), False),
    ("attr-missing-attribute", {"store": ["example_corp"]}, attrs(event=(S, "order_placed")), False),
    (
        "attr-and-both-keys",
        {"store": ["example_corp"], "event": ["order_placed"]},
        attrs(store=(S, "example_corp"), event=(S, "order_placed")),
        True,
    ),
    (
        "attr-and-one-key-fails",
        {"store": ["example_corp"], "event": ["order_cancelled"]},
        attrs(store=(S, "example_corp"), event=(S, "order_placed")),
        False,
    ),
    # --- numeric -------------------------------------------------------------------------
    ("attr-numeric-equals", {"price": [{"numeric": ["=", 301.5]}]}, attrs(price=(N, "301.5")), True),
    (
        "attr-numeric-equals-exponent",
        {"price": [{"numeric": ["=", 301.5]}]},
        attrs(price=(N, "3.015e2")),
        True,
    ),
    ("attr-numeric-less", {"price": [{"numeric": ["<", 0]}]}, attrs(price=(N, "-5")), True),
    (
        "attr-numeric-range-match",
        {"price": [{"numeric": [">", 0, "<=", 150]}]},
        attrs(price=(N, "150")),
        True,
    ),
    (
        "attr-numeric-range-no-match",
        {"price": [{"numeric": [">", 0, "<=", 150]}]},
        attrs(price=(N, "150.5")),
        False,
    ),
    (
        "attr-numeric-anything-but-match",
        {"price": [{"anything-but": [100, 500]}]},
        attrs(price=(N, "101")),
        True,
    ),
    (
        "attr-numeric-anything-but-no-match",
        {"price": [{"anything-but": [100, 500]}]},
        attrs(price=(N, "100")),
        False,
    ),
    # --- prefix / suffix / equals-ignore-case / wildcard -------------------------------
    ("attr-prefix-match", {"sport": [{"prefix": "bas"}]}, attrs(sport=(S, "basketball")), True),
    ("attr-prefix-no-match", {"sport": [{"prefix": "bas"}]}, attrs(sport=(S, "rugby")), False),
    ("attr-suffix-match", {"sport": [{"suffix": "ball"}]}, attrs(sport=(S, "baseball")), True),
    ("attr-suffix-no-match", {"sport": [{"suffix": "ball"}]}, attrs(sport=(S, "rugby")), False),
    (
        "attr-equals-ignore-case-match",
        {"sport": [{"equals-ignore-case": "tennis"}]},
        attrs(sport=(S, "TENNIS")),
        True,
    ),
    (
        "attr-equals-ignore-case-no-match",
        {"sport": [{"equals-ignore-case": "tennis"}]},
        attrs(sport=(S, "padel")),
        False,
    ),
    ("attr-wildcard-match", {"interests": [{"wildcard": "*ball"}]}, attrs(interests=BALLS), True),
    ("attr-wildcard-no-match", {"interests": [{"wildcard": "*ball"}]}, attrs(interests=(S, "rugby")), False),
    # --- anything-but ----------------------------------------------------------------------
    (
        "attr-anything-but-array-has-other-value",
        {"interests": [{"anything-but": ["rugby", "tennis"]}]},
        attrs(interests=INTERESTS),
        True,
    ),
    (
        "attr-anything-but-no-match",
        {"interests": [{"anything-but": ["rugby", "tennis"]}]},
        attrs(interests=(S, "rugby")),
        False,
    ),
    (
        "attr-anything-but-prefix-match",
        {"event": [{"anything-but": {"prefix": "order-"}}]},
        attrs(event=(S, "data-entry")),
        True,
    ),
    (
        "attr-anything-but-prefix-no-match",
        {"event": [{"anything-but": {"prefix": "order-"}}]},
        attrs(event=(S, "order-cancelled")),
        False,
    ),
    (
        "attr-anything-but-suffix-match",
        {"interests": [{"anything-but": {"suffix": "ball"}}]},
        attrs(interests=OTHERS),
        True,
    ),
    (
        "attr-anything-but-suffix-no-match",
        {"interests": [{"anything-but": {"suffix": "ball"}}]},
        attrs(interests=BALLS),
        False,
    ),
    (
        "attr-anything-but-wildcard-match",
        {"interests": [{"anything-but": {"wildcard": "*ball"}}]},
        attrs(interests=OTHERS),
        True,
    ),
    (
        "attr-anything-but-wildcard-no-match",
        {"interests": [{"anything-but": {"wildcard": "*ball"}}]},
        attrs(interests=BALLS),
        False,
    ),
    # --- cidr ------------------------------------------------------------------------------
    ("attr-cidr-match", {"source_ip": [{"cidr": "10.0.0.0/24"}]}, attrs(source_ip=(S, "10.0.0.255")), True),
    ("attr-cidr-no-match", {"source_ip": [{"cidr": "10.0.0.0/24"}]}, attrs(source_ip=(S, "10.1.1.0")), False),
    # --- exists and Binary attributes ----------------------------------------------------
    ("attr-exists-true-match", {"store": [{"exists": True}]}, attrs(store=(S, "fans")), True),
    ("attr-exists-true-no-match", {"store": [{"exists": True}]}, attrs(event=(S, "x")), False),
    ("attr-exists-false-match", {"store": [{"exists": False}]}, attrs(event=(S, "x")), True),
    ("attr-exists-false-no-match", {"store": [{"exists": False}]}, attrs(store=(S, "fans")), False),
    ("attr-exists-false-needs-some-attribute", {"store": [{"exists": False}]}, attrs(), False),
    (
        "attr-binary-is-ignored-for-exists",
        {"blob": [{"exists": True}]},
        attrs(blob=("Binary", "AQID")),
        False,
    ),
    ("attr-binary-never-matches-values", {"blob": ["AQID"]}, attrs(blob=("Binary", "AQID")), False),
    # --- $or -------------------------------------------------------------------------------
    (
        "attr-or-second-alternative",
        {
            "source": ["aws.cloudwatch"],
            "$or": [{"metricName": ["CPUUtilization"]}, {"namespace": ["AWS/EC2"]}],
        },
        attrs(source=(S, "aws.cloudwatch"), namespace=(S, "AWS/EC2")),
        True,
    ),
    (
        "attr-or-no-alternative",
        {
            "source": ["aws.cloudwatch"],
            "$or": [{"metricName": ["CPUUtilization"]}, {"namespace": ["AWS/EC2"]}],
        },
        attrs(source=(S, "aws.cloudwatch"), namespace=(S, "AWS/ES")),
        False,
    ),
    ("attr-empty-policy-accepts-all", {}, attrs(store=(S, "anything")), True),
    # --- MessageBody scope -----------------------------------------------------------------
    ("body-exact-match", {"store": ["example_corp"]}, body({"store": "example_corp"}), True),
    ("body-exact-no-match", {"store": ["example_corp"]}, body({"store": "other"}), False),
    (
        "body-nested-match",
        {"customer": {"address": {"country": ["DE", "FR"]}}},
        body({"customer": {"address": {"country": "FR", "city": "Lyon"}}}),
        True,
    ),
    (
        "body-nested-no-match",
        {"customer": {"address": {"country": ["DE", "FR"]}}},
        body({"customer": {"address": {"country": "ES"}}}),
        False,
    ),
    ("body-array-any-element", {"interests": ["rugby"]}, body({"interests": ["rugby", "baseball"]}), True),
    (
        "body-anything-but-array",
        {"interests": [{"anything-but": ["rugby", "tennis"]}]},
        body({"interests": ["rugby", "baseball"]}),
        True,
    ),
    ("body-numeric-match", {"price_usd": [{"numeric": [">=", 100]}]}, body({"price_usd": 210.75}), True),
    ("body-numeric-no-match", {"price_usd": [{"numeric": [">=", 100]}]}, body({"price_usd": 42}), False),
    ("body-exists-true-needs-non-null", {"store": [{"exists": True}]}, body({"store": None, "x": 1}), False),
    (
        "body-exists-false-match",
        {"store": [{"exists": False}]},
        body({"customer_interests": ["baseball"]}),
        True,
    ),
    ("body-not-json-never-matches", {"store": ["example_corp"]}, body("store=example_corp"), False),
    (
        "body-or-nested",
        {
            "$or": [{"metricName": ["CPUUtilization", "ReadLatency"]}, {"namespace": ["AWS/EC2", "AWS/ES"]}],
            "detail": {
                "scope": ["Service"],
                "$or": [{"source": ["aws.cloudwatch"]}, {"type": ["CloudWatch Alarm State Change"]}],
            },
        },
        body(
            {"namespace": "AWS/ES", "detail": {"scope": "Service", "type": "CloudWatch Alarm State Change"}}
        ),
        True,
    ),
    (
        "body-or-nested-no-match",
        {
            "$or": [{"metricName": ["CPUUtilization", "ReadLatency"]}, {"namespace": ["AWS/EC2", "AWS/ES"]}],
            "detail": {
                "scope": ["Service"],
                "$or": [{"source": ["aws.cloudwatch"]}, {"type": ["CloudWatch Alarm State Change"]}],
            },
        },
        body(
            {"namespace": "AWS/ES", "detail": {"scope": "Resource", "type": "CloudWatch Alarm State Change"}}
        ),
        False,
    ),
]
