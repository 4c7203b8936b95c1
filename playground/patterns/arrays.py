"""Arrays of objects in an event: which element of each array a match reads, found without
listing every combination.

Event Ruler's JSON matching "will refuse to recognize any match in which any two fields are
within JSON objects that are in different elements of the same array" (event-ruler README,
"JSON Array Matching"). So a match reads one element per array (a *row*); with several
arrays the rows multiply (8 arrays of 1,000 objects: 10^24 rows). Rather than list rows,
the search walks the event: arrays under different keys are chosen independently, the
elements of one array are tried one at a time for the fields beneath it, and a ``$or`` is
split into its alternatives only at the object it sits in (all its fields live below
that object), and only where an array of two or more objects lies below; elsewhere the
row is fixed and the fields are simply evaluated. Sub-searches are remembered, so the
cost is the event's size times the number of distinct field sets the pattern sends down
each path.

Fields under one array that sit in different ``$or`` alternatives can still make that
number grow with the pattern (matching with arrays and ``$or`` in general is as hard as
SAT); ``SearchTooLarge`` stops such a search after a budget proportional to the event and
says so, instead of hanging.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from playground.patterns.compiler import AndGroup, FieldRule, OrGroup
from playground.patterns.conditions import MatchContext
from playground.patterns.errors import EventError
from playground.patterns.values import MISSING, Leaf, Path, Row, Scalar, to_scalar

Item = FieldRule | OrGroup
Choices = dict[tuple[Path, int], int]
"""(array path, id of the array) -> index of the chosen object element."""

_ABSENT: Any = object()
"""Stands for "nothing here" while walking the event (a missing key, or below a scalar)."""
_OBJECT = Leaf("object")

STEPS_PER_VALUE = 20
BASE_STEPS = 50_000


class SearchTooLarge(EventError):
    """The element combinations a pattern asks for exceed the search budget."""


def split_array(items: Sequence[object]) -> tuple[tuple[Scalar, ...], tuple[Mapping[str, Any], ...]]:
    """Scalars and objects of an array; nested arrays are flattened, as Event Ruler
    "crushes" array structure (iteratively, so deep nesting cannot recurse)."""
    scalars: list[Scalar] = []
    objects: list[Mapping[str, Any]] = []
    stack: list[Any] = [iter(items)]
    while stack:
        for item in stack[-1]:
            if isinstance(item, Mapping):
                objects.append(item)
            elif isinstance(item, list | tuple):
                stack.append(iter(item))
                break
            else:
                scalars.append(to_scalar(item))
        else:
            stack.pop()
    return tuple(scalars), tuple(objects)


def leaf_of(node: object, scalars: tuple[Scalar, ...] = (), has_objects: bool = False) -> Leaf:
    """What a pattern field at this spot reads. An array reads as its scalars; an array
    holding only objects reads as an object, like each of its elements."""
    if node is _ABSENT:
        return MISSING
    kind = type(node)
    if kind is str or kind is Decimal:  # the common case first: no ABC checks
        return Leaf("scalar", (node,))  # type: ignore[arg-type]
    if kind is dict or isinstance(node, Mapping):
        return _OBJECT
    if kind is list or isinstance(node, tuple):
        return _OBJECT if has_objects and not scalars else Leaf("array", scalars)
    return Leaf("scalar", (to_scalar(node),))


class _Plan:
    """What a set of pattern items asks of the value at ``prefix``, worked out once per
    distinct set (the search meets the same set at every element of an array)."""

    __slots__ = ("alternatives", "below", "deeper", "expanded", "fixed", "here", "items", "prefix", "split")

    def __init__(self, items: tuple[Item, ...], prefix: Path) -> None:
        self.items = items
        self.prefix = prefix
        self.fixed = False
        """No array below here offers a choice, so the items are simply evaluated."""
        self.expanded = False
        self.split: OrGroup | None = next(
            (i for i in items if isinstance(i, OrGroup) and i.path == prefix), None
        )
        self.alternatives: list[_Plan] = []
        self.here = [i for i in items if isinstance(i, FieldRule) and i.path == prefix]
        self.deeper: _Plan | None = None
        self.below: dict[str, _Plan] = {}


class ElementSearch:
    """One match of one pattern against one event (holds the plans, the memo and the budget)."""

    def __init__(self, document: Mapping[str, Any], ctx: MatchContext, size: int) -> None:
        self.document = document
        self.ctx = ctx
        self.budget = BASE_STEPS + STEPS_PER_VALUE * size
        self.steps = 0
        self._plans: dict[tuple[frozenset[int], Path], _Plan] = {}
        self._memo: dict[tuple[int, int], Choices | None] = {}
        self._choice_paths: set[Path] = set()
        self._arrays: dict[int, tuple[tuple[Scalar, ...], tuple[Mapping[str, Any], ...]]] = {}

    # --- plans -----------------------------------------------------------------------

    def _plan(self, items: Sequence[Item], prefix: Path) -> _Plan:
        key = (frozenset(map(id, items)), prefix)
        plan = self._plans.get(key)
        if plan is None:
            self._tick(len(items))
            plan = self._plans[key] = _Plan(tuple(items), prefix)
            plan.fixed = not self._choices_below(plan)
        return plan

    def _expand(self, plan: _Plan) -> _Plan:
        """Work out the plan's alternatives or its per-key sub-plans, once, when first needed
        (built eagerly, nested $or would multiply plans nobody visits)."""
        if plan.expanded:
            return plan
        plan.expanded = True
        self._tick(len(plan.items))
        prefix = plan.prefix
        if plan.split is not None:
            rest = tuple(i for i in plan.items if i is not plan.split)
            plan.alternatives = [self._plan(rest + alt.items, prefix) for alt in plan.split.alternatives]
            return plan
        deeper = [i for i in plan.items if not (isinstance(i, FieldRule) and i.path == prefix)]
        if deeper and plan.here:
            plan.deeper = self._plan(deeper, prefix)
        below: dict[str, list[Item]] = {}
        for item in deeper:
            below.setdefault(item.path[len(prefix)], []).append(item)
        plan.below = {name: self._plan(group, (*prefix, name)) for name, group in below.items()}
        return plan

    # --- does some row satisfy the group? -------------------------------------------

    def satisfying(self, group: AndGroup) -> Choices | None:
        """Element choices under which the group holds, or None when no row satisfies it."""
        self._choice_paths = self._arrays_with_choices(group.leaf_paths())
        return self._solve(self._plan(group.items, ()), self.document)

    def _arrays_with_choices(self, paths: set[Path]) -> set[Path]:
        """Paths where some array on the way to a pattern field holds two or more objects:
        the only places where a match has a choice to make."""
        names: dict[Path, set[str]] = {}
        for path in paths:
            for depth in range(len(path)):
                names.setdefault(path[:depth], set()).add(path[depth])
        found: set[Path] = set()
        stack: list[tuple[object, Path]] = [(self.document, ())]
        while stack:
            node, prefix = stack.pop()
            if isinstance(node, list | tuple):
                objects = self._split_array(node)[1]
                if len(objects) > 1:
                    found.add(prefix)
                stack.extend((element, prefix) for element in objects)
            elif isinstance(node, Mapping):
                for name in names.get(prefix, ()):
                    if name in node:
                        stack.append((node[name], (*prefix, name)))
        return found

    def _choices_below(self, plan: _Plan) -> bool:
        """Does an array with a choice sit at or below this plan's prefix, on the way to
        one of its fields?"""
        if not self._choice_paths:
            return False
        depth = len(plan.prefix)
        paths = _paths_of(plan.items)
        self._tick(len(paths))
        return any(
            choice[:depth] == plan.prefix and any(path[: len(choice)] == choice for path in paths)
            for choice in self._choice_paths
            if len(choice) >= depth
        )

    def _holds_fixed(self, items: tuple[Item, ...], node: object, prefix: Path) -> bool:
        """Evaluate items where the row is fixed: no choice below, so no search."""
        self._tick()
        for item in items:
            if isinstance(item, FieldRule):
                if not item.holds(self._walk(node, prefix, item.path, {}), self.ctx):
                    return False
            elif not any(self._holds_fixed(alt.items, node, prefix) for alt in item.alternatives):
                return False
        return True

    def _solve(self, plan: _Plan, node: object) -> Choices | None:
        """Choices under which the value ``node`` at ``plan.prefix`` satisfies the plan."""
        key = (id(plan), id(node))
        if key in self._memo:
            return self._memo[key]
        self._tick()
        result = self._solve_here(plan, node)
        self._memo[key] = result
        return result

    def _solve_here(self, plan: _Plan, node: object) -> Choices | None:
        if plan.fixed:
            return {} if self._holds_fixed(plan.items, node, plan.prefix) else None
        self._expand(plan)
        if plan.split is not None:
            for alternative in plan.alternatives:
                found = self._solve(alternative, node)
                if found is not None:
                    return found
            return None
        if isinstance(node, list | tuple):
            return self._solve_array(plan, node)
        if plan.here and not _all_hold(plan.here, leaf_of(node), self.ctx):
            return None
        choices: Choices = {}
        for name, sub in plan.below.items():
            found = self._solve(sub, _child(node, name))
            if found is None:
                return None
            choices.update(found)
        return choices

    def _solve_array(self, plan: _Plan, value: Sequence[object]) -> Choices | None:
        """Rules at the array's own path read all its scalars; everything deeper must
        hold within one object element."""
        scalars, objects = self._split_array(value)
        self._expand(plan)
        if plan.here and not _all_hold(plan.here, leaf_of(value, scalars, bool(objects)), self.ctx):
            return None
        deeper = plan.deeper if plan.here else plan
        if deeper is None:
            return {}
        if not objects:
            return self._solve(deeper, _ABSENT)
        for index, element in enumerate(objects):
            found = self._solve(deeper, element)
            if found is not None:
                return {**found, (plan.prefix, id(value)): index}
        return None

    # --- the row that comes closest, to explain a miss ------------------------------

    def closest(self, group: AndGroup) -> Choices:
        """Element choices under which the most pattern fields (in any alternative) hold."""
        return self._best(self._plan(_all_rules(group), ()), self.document)[1]

    def _best(self, plan: _Plan, node: object) -> tuple[int, Choices]:
        self._tick()
        self._expand(plan)
        if isinstance(node, list | tuple):
            return self._best_array(plan, node)
        score = _count_holding(plan.here, leaf_of(node), self.ctx) if plan.here else 0
        choices: Choices = {}
        for name, sub in plan.below.items():
            gained, found = self._best(sub, _child(node, name))
            score += gained
            choices.update(found)
        return score, choices

    def _best_array(self, plan: _Plan, value: Sequence[object]) -> tuple[int, Choices]:
        scalars, objects = self._split_array(value)
        score = 0
        if plan.here:
            score = _count_holding(plan.here, leaf_of(value, scalars, bool(objects)), self.ctx)
        deeper = plan.deeper if plan.here else plan
        if deeper is None:
            return score, {}
        if not objects:
            gained, choices = self._best(deeper, _ABSENT)
            return score + gained, choices
        best: tuple[int, Choices] = (-1, {})
        for index, element in enumerate(objects):
            gained, found = self._best(deeper, element)
            if gained > best[0]:
                best = (gained, {**found, (plan.prefix, id(value)): index})
        return score + best[0], best[1]

    # --- a row from choices ----------------------------------------------------------

    def row(self, paths: set[Path], choices: Choices) -> Row:
        """The leaf at every path under the given element choices (first element where
        the choices say nothing)."""
        return {path: self._leaf(path, choices) for path in paths}

    def _leaf(self, path: Path, choices: Choices) -> Leaf:
        return self._walk(self.document, (), path, choices)

    def _walk(self, node: object, prefix: Path, path: Path, choices: Choices) -> Leaf:
        """The leaf at ``path``, starting from ``node``, the value at ``prefix``."""
        depth = len(prefix)
        while True:
            if isinstance(node, list | tuple):
                scalars, objects = self._split_array(node)
                if depth == len(path):
                    return leaf_of(node, scalars, bool(objects))
                if not objects:
                    return MISSING
                node = objects[choices.get((path[:depth], id(node)), 0)]
            if depth == len(path):
                return leaf_of(node)
            node = _child(node, path[depth])
            depth += 1
            if node is _ABSENT:
                return MISSING

    # --- helpers ---------------------------------------------------------------------

    def _split_array(
        self, value: Sequence[object]
    ) -> tuple[tuple[Scalar, ...], tuple[Mapping[str, Any], ...]]:
        key = id(value)
        if key not in self._arrays:
            self._arrays[key] = split_array(value)
        return self._arrays[key]

    def _tick(self, work: int = 1) -> None:
        """Count work (roughly, pattern items looked at) against the budget."""
        self.steps += work
        if self.steps > self.budget:
            raise SearchTooLarge(
                f"matching needs more than {self.budget:,} steps: the pattern's $or alternatives "
                "over arrays of objects ask for too many element combinations to try"
            )


def _all_hold(rules: list[FieldRule], leaf: Leaf, ctx: MatchContext) -> bool:
    return all(rule.holds(leaf, ctx) for rule in rules)


def _count_holding(rules: list[FieldRule], leaf: Leaf, ctx: MatchContext) -> int:
    return sum(1 for rule in rules if rule.holds(leaf, ctx))


def _child(node: object, name: str) -> object:
    if type(node) is dict or isinstance(node, Mapping):
        return node.get(name, _ABSENT)
    return _ABSENT


def _paths_of(items: Sequence[Item]) -> list[Path]:
    """The field paths of these items, inside every alternative (iteratively)."""
    paths: list[Path] = []
    stack = list(items)
    while stack:
        item = stack.pop()
        if isinstance(item, FieldRule):
            paths.append(item.path)
        else:
            for alt in item.alternatives:
                stack.extend(alt.items)
    return paths


def _all_rules(group: AndGroup) -> list[FieldRule]:
    """Every field rule, in every alternative (iteratively)."""
    rules: list[FieldRule] = []
    stack = [group]
    while stack:
        for item in stack.pop().items:
            if isinstance(item, FieldRule):
                rules.append(item)
            else:
                stack.extend(item.alternatives)
    return rules
