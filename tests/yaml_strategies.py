"""Hypothesis strategies for YAML people edit: random documents, and one mutation of a valid one
(a wrong type, a missing or renamed key, a shared node that YAML writes as an anchor and alias)."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from playground.safe_yaml import Loc, field_path

scalars = (st.none() | st.booleans() | st.integers(-(10**20), 10**20)
           | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=30))
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12)
"""Any value a YAML document can hold (plain data: what yaml.safe_dump writes)."""


def documents(words: list[str]) -> st.SearchStrategy[Any]:
    """Random documents whose keys are often the schema's own words, so they get past the
    first "extra inputs" check and reach the code behind it."""
    keys = st.sampled_from(words) | st.text(max_size=10)
    return st.recursive(
        scalars | st.sampled_from(words),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=6),
        max_leaves=16)


yaml_noise = st.text(alphabet=st.sampled_from(list(":-[]{}&*!|>'\"#%@`,? \n\t\\abc019")),
                     min_size=1, max_size=12)
"""Characters that mean something to YAML, to splice into a valid file."""


def paths(data: Any, here: Loc = ()) -> list[Loc]:
    """Every key and list item below the root."""
    out: list[Loc] = []
    items = (data.items() if isinstance(data, dict)
             else enumerate(data) if isinstance(data, list) else ())
    for key, value in items:
        if isinstance(key, (str, int)):
            out.append((*here, key))
            out += paths(value, (*here, key))
    return out


def get(data: Any, loc: Loc) -> Any:
    for part in loc:
        data = data[part]
    return data


@dataclass
class Mutation:
    kind: str
    """replace | delete | rename | share"""
    loc: Loc
    new_key: str | None = None

    def related(self, field: str) -> bool:
        """Whether a problem's field names the mutated place (itself, inside it or around it)."""
        places = [field_path(self.loc)]
        if self.new_key is not None:
            places.append(field_path((*self.loc[:-1], self.new_key)))
        return any(field == p or field.startswith((f"{p}.", f"{p}["))
                   or p.startswith((f"{field}.", f"{field}[")) for p in places if p)


@st.composite
def mutated(draw: st.DrawFn, original: dict[str, Any]) -> tuple[dict[str, Any], Mutation]:
    """`original` with one thing changed, and what was changed."""
    data = copy.deepcopy(original)
    everywhere = paths(data)
    shallow = [p for p in everywhere if len(p) <= draw(st.integers(1, 4))]
    loc = draw(st.sampled_from(shallow if shallow and draw(st.booleans()) else everywhere))
    parent, key = get(data, loc[:-1]), loc[-1]
    kinds = ["replace", "share"] + (["delete", "rename"] if isinstance(parent, dict) else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "replace":
        parent[key] = draw(values)
        return data, Mutation(kind, loc)
    if kind == "delete":
        del parent[key]
        return data, Mutation(kind, loc)
    if kind == "rename":
        new_key = draw(st.text(max_size=12).filter(lambda k: k not in parent))
        parent[new_key] = parent.pop(key)
        return data, Mutation(kind, loc, new_key)
    # share: the same list or mapping in two places; yaml.safe_dump writes &id001 / *id001
    containers = [p for p in paths(data) if isinstance(get(data, p), (dict, list))]
    if not containers:
        parent[key] = draw(values)
        return data, Mutation("replace", loc)
    parent[key] = get(data, draw(st.sampled_from(containers)))
    return data, Mutation(kind, loc)


@st.composite
def spliced(draw: st.DrawFn, text: str) -> str:
    """`text` with YAML noise inserted, or cut short, somewhere."""
    at = draw(st.integers(0, len(text)))
    if draw(st.booleans()):
        return text[:at]
    return text[:at] + draw(yaml_noise | st.text(max_size=12)) + text[at:]
