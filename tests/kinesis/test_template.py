"""The producer's payload template: any text is a template whose every rendering is JSON, or a
one-line reason; and the producer sends its renderings with a list of keys in turn."""

from __future__ import annotations

import json
import random
import threading
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.aws.kinesis.consumer import StreamTail, TailBatch
from playground.aws.kinesis.producer import Producer, ProducerPlan, parse_keys
from playground.aws.kinesis.service import KinesisService
from playground.aws.kinesis.template import parse_template

PLACEHOLDERS = ["{{n}}", "{{uuid}}", "{{now}}", "{{rand:1:100}}", "{{rand:-5:5}}",
                "{{choice:a,b,c}}", '{{choice:1,null,x"y,\\}}', "{{ n }}", "{{rand:9:1}}",
                "{{bogus}}", "{{n", "}}", "{{choice:}}"]
PIECES = st.sampled_from(['{', '}', '[', ']', '"', ':', ',', ' ', '\\', 'a', '1', '-', 'null',
                          'true', 'NaN', '"k"', '\n', '\x00', 'é', *PLACEHOLDERS])


def _loads(text: str) -> Any:
    return json.loads(text, parse_int=str)  # numbers stay text: any size is JSON


def _check(text: str) -> None:
    template, issues = parse_template(text)
    if template is None:
        assert len(issues) == 1 and str(issues[0]).startswith("template: ")
        assert "\n" not in str(issues[0]) or "\n" in text
        return
    assert issues == []
    rng = random.Random(7)
    for n in (0, 1, 41, 10**12):
        _loads(template.render(n, rng))


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_any_assembly_of_json_pieces_renders_json_or_says_why(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_renders_json_or_says_why(text: str) -> None:
    _check(text)


@settings(max_examples=100, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                    lambda kids: st.lists(kids, max_size=3)
                    | st.dictionaries(st.text(max_size=3), kids, max_size=3), max_leaves=20))
def test_plain_json_is_a_template_that_renders_as_itself(value: object) -> None:
    text = json.dumps(value)
    template, issues = parse_template(text)
    if "{{" in text:
        return
    assert template is not None, issues
    assert json.loads(template.render(0, random.Random())) == value


def test_a_full_template_renders_each_field() -> None:
    text = ('{"n": {{n}}, "id": "{{uuid}}", "v": {{rand:1:100}}, "c": {{choice:a,2,null}}, '
            '"msg": "at {{now}} #{{n}}", "t": {{now}}}')
    template, _ = parse_template(text)
    assert template is not None
    rng = random.Random(3)
    seen = [json.loads(template.render(n, rng, now=lambda: 0.0)) for n in range(50)]
    assert [d["n"] for d in seen] == list(range(50))
    assert all(1 <= d["v"] <= 100 for d in seen)
    assert {d["c"] for d in seen} == {"a", 2, None}
    assert seen[7]["msg"] == "at 1970-01-01T00:00:00.000Z #7"
    assert len({d["id"] for d in seen}) == 50


@pytest.mark.parametrize(("text", "says"), [
    ("[" * 5000 + "]" * 5000, "nested deeper than 100 levels"),
    ('{"a": {{n}}5}', "must stand alone as a value"),
    ('{"a": {{n}} {{n}}}', "must stand alone"),
    ('{"a": {{n}', "never closed"),
    ('{"a": {{nope}}}', "known placeholders"),
    ('{"a": {{rand:1}}}', "two whole numbers"),
    ('{"a": {{rand:1:99999999999999999}}}', "two whole numbers"),
    ('{"a": NaN}', "NaN is not a JSON value"),
    ('{"a": 1', "not valid JSON"),
    ("", "empty"),
    ("x" * 100_001, "at most 100,000 characters"),
    ('"[red]{{bogus}}[/red]"', "known placeholders"),
])
def test_bad_templates_say_why(text: str, says: str) -> None:
    template, issues = parse_template(text)
    assert template is None and says in str(issues[0])


def test_huge_numbers_and_deep_but_allowed_nesting_render() -> None:
    big = "9" * 5000
    template, _ = parse_template(f'{{"big": {big}, "n": {{{{n}}}}, "deep": {"[" * 99}{"]" * 99}}}')
    assert template is not None
    assert _loads(template.render(3, random.Random()))["big"] == big


@pytest.mark.parametrize(("text", "says"), [
    ("", "type keys"), ("a,,b", "key 2: 1 to 256"), ("a," + "k" * 257, "key 2: 1 to 256"),
    (",".join("k" * 501), "at most 500 keys"),
])
def test_bad_key_lists(text: str, says: str) -> None:
    keys, issues = parse_keys(text)
    assert keys == () and says in str(issues[0])


def test_producer_sends_renderings_with_keys_in_turn(target: Any) -> None:
    svc = KinesisService(target)
    svc.create_stream("tpl", 2)
    template, _ = parse_template('{"n": {{n}}, "who": "{{choice:ann,bob}}"}')
    keys, _ = parse_keys("eu, us ,asia")
    plan = ProducerPlan(rate=30, seconds=0.2, spread="list", template=template, keys=keys)
    done = Producer(svc, "tpl", plan).run(threading.Event(), lambda _: None)
    assert (done.sent, done.failed, done.error) == (6, 0, None)
    tail = StreamTail(svc, "tpl", "TRIM_HORIZON")
    tail.begin()
    got = TailBatch()
    for _ in range(50):
        got = got.merged(tail.poll())
        if len(got.records) == 6:
            break
        threading.Event().wait(tail.wait_time())
    by_n = {json.loads(r.data)["n"]: r for r in got.records}
    assert sorted(by_n) == list(range(6))
    assert [by_n[n].partition_key for n in range(6)] == ["eu", "us", "asia"] * 2
    assert {json.loads(r.data)["who"] for r in got.records} <= {"ann", "bob"}
