"""Generated input for the input transformer preview: any InputPathsMap, template and event
gives a preview or a TransformError with a message, fast (profiles: tests/conftest.py)."""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from playground.aws.events.transform import Preview, TransformError, apply_transformer
from tests.patterns.strategies import EVENT, KEY, TEXT, as_json_text, json_values, nested
from tests.patterns.test_generated import timed

PATH = st.one_of(
    st.sampled_from(["$", "$.detail", "$.a", "$.a.a", "$.a[0]", "$.*", "$.a[*].b", "$.detail.items[*].sku",
                     "$..a", "$['a']", "$." + "a." * 130 + "a"]),
    TEXT.map(lambda t: "$." + t),
    TEXT,
)
NAME = st.one_of(st.sampled_from(["a", "b", "c", "aws.events.event", "x" * 300]), TEXT)
PATHS_MAP = st.dictionaries(NAME, st.one_of(PATH, json_values()), max_size=5)
PATHS = st.one_of(PATHS_MAP, PATHS_MAP.map(as_json_text).filter(lambda t: t is not None), TEXT,
                  st.builds(lambda d: '{"a":' * d + '"$.a"' + "}" * d, st.integers(1, 3000)))

PIECE = st.one_of(TEXT, st.sampled_from([
    "<a>", "<b>", "<c>", "<aws.events.event>", "<aws.events.event.json>", "<aws.events.rule-name>",
    "{", "}", "[", "]", '"', ":", ",", "\\", " "]))
TEMPLATE = st.one_of(
    st.lists(PIECE, max_size=12).map("".join),
    json_values().map(as_json_text).filter(lambda t: t is not None),
    st.builds(lambda d: '{"a":' * d + "<a>" + "}" * d, st.integers(1, 3000)),
    st.builds(lambda d: "[" * d + "]" * d, st.integers(1, 5000)),
)
TRANSFORM_EVENT = st.one_of(
    EVENT,
    st.dictionaries(KEY, st.sampled_from([math.nan, math.inf, -math.inf, 10**5000, 1e308]), min_size=1),
    st.builds(nested, st.integers(90, 1500), st.just({"a": 1})),
)


@given(PATHS, TEMPLATE, TRANSFORM_EVENT)
def test_preview_answers_anything(paths: Any, template: str, event: Any) -> None:
    try:
        preview = timed(lambda: apply_transformer(paths, template, event), "transformer preview")
    except TransformError as exc:
        assert exc.field and exc.rule.strip(), "a rejection without a message"
        str(exc).encode("utf-8")
        return
    assert isinstance(preview, Preview)
    if preview.json_template and preview.valid_json:
        json.loads(preview.output)
    for note in preview.notes:
        assert note.strip()
