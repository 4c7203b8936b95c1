"""Map iterations and Parallel branches read out of a history: histories recorded on LocalStack
2026.3.0 (AWS-shaped: nested events tied by previousEventId), the emulator's (which has no
nested events: the parity note), any event list at all, and opening one in the workbench."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from playground.aws.stepfunctions.nested import lanes, nested
from playground.aws.stepfunctions.remote import role_arn
from playground.aws.stepfunctions.service import StepFunctionsService
from tests.stepfunctions.strategies import TEXT

RECORDED = json.loads((Path(__file__).parent / "histories" / "localstack-nested.json")
                      .read_text())
"""Recorded by running each definition on LocalStack 2026.3.0 (timestamps left out)."""


def _read(key: str) -> Any:
    case = RECORDED[key]
    return nested(case["events"], case["definition"])


def _steps(line: Any) -> list[tuple[str, str, str | None, str | None]]:
    return [(s.name, s.status, s.input, s.output) for s in line.steps]


def test_map_iterations_each_with_their_states_inputs_and_outputs() -> None:
    found = _read("map")
    assert found.has_nested
    assert [(s.name, s.status) for s in found.top.steps] == [("M", "succeeded")]
    runs = found.runs_of(found.top.steps[0].entered)
    assert [(r.label, r.status) for r in runs] == [("iteration 0", "succeeded"),
                                                   ("iteration 1", "succeeded")]
    assert _steps(runs[1].timeline) == [
        ("Double", "succeeded", "2", '{"v":2}'), ("Check", "succeeded", '{"v":2}', '{"v":2}'),
        ("Fine", "succeeded", '{"v":2}', '{"v":2}')]


def test_a_failed_iteration_names_its_fail_state_and_the_map_is_caught() -> None:
    found = _read("map-fails")
    assert [(s.name, s.status) for s in found.top.steps] == [("M", "caught"),
                                                             ("Caught", "succeeded")]
    runs = found.runs_of(found.top.steps[0].entered)
    assert [(r.label, r.status) for r in runs] == [("iteration 0", "succeeded"),
                                                   ("iteration 1", "failed")]
    three = runs[1].timeline.steps[-1]
    assert (three.name, three.status, three.error, three.cause) == (
        "Three", "failed", "NoThrees", "3 is refused")


def test_parallel_branches_by_definition_order_and_a_map_inside_one() -> None:
    found = _read("parallel")
    both = found.top.steps[0]
    assert [s.name for s in found.top.steps] == ["Both", "Done"]
    branches = found.runs_of(both.entered)
    assert [(r.label, r.status) for r in branches] == [
        ("branch 1 (starts at Left)", "succeeded"), ("branch 2 (starts at Right)", "succeeded")]
    assert [s.name for s in branches[0].timeline.steps] == ["Left", "Left2"]
    right = branches[1].timeline.steps[0]
    assert (right.name, right.kind, right.output) == ("Right", "Map", '["a","b"]')
    inner = found.runs_of(right.entered)
    assert [(r.label, _steps(r.timeline)) for r in inner] == [
        ("iteration 0", [("Each", "succeeded", '"a"', '"a"')]),
        ("iteration 1", [("Each", "succeeded", '"b"', '"b"')])]


def test_the_branch_that_failed_and_the_one_it_stopped() -> None:
    found = _read("parallel-caught")
    branches = found.runs_of(found.top.steps[0].entered)
    assert [(r.label, r.status) for r in branches] == [
        ("branch 1 (starts at L)", "aborted"), ("branch 2 (starts at R)", "failed")]
    stopped = branches[0].timeline.steps[0]
    assert stopped.status == "running" and stopped.error == "stopped when its Map or " \
                                                            "Parallel ended"
    assert branches[1].timeline.steps[0].error == "E"


def test_a_retried_parallel_has_its_branches_per_attempt() -> None:
    found = _read("retry-catch")
    charge = next(s for s in found.top.steps if s.name == "Charge")
    assert charge.status == "caught"
    assert [r.label for r in found.runs_of(charge.entered)] == [
        "attempt 1, branch 1 (starts at Decline)", "attempt 2, branch 1 (starts at Decline)"]


def test_on_the_emulator_a_map_has_no_nested_events(target: Any) -> None:
    """The embedded emulator writes no events inside a Map: nothing to open, and the flag
    the workbench turns into the parity note."""
    svc = StepFunctionsService(target)
    definition = RECORDED["map"]["definition"]
    arn = svc.create_state_machine("map", definition, role_arn=role_arn(target))
    execution = svc.start_execution(arn, {"items": [1, 2]})
    deadline = time.monotonic() + 20
    while svc.describe_execution(execution)["status"] == "RUNNING" \
            and time.monotonic() < deadline:
        time.sleep(0.1)
    found = nested(svc.history(execution), definition)
    assert not found.has_nested and found.runs == {}
    assert [(s.name, s.status) for s in found.top.steps] == [("M", "succeeded")]


KINDS = ["ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapIterationStarted",
         "MapIterationSucceeded", "MapIterationFailed", "MapStateSucceeded", "MapStateFailed",
         "MapStateExited", "ParallelStateEntered", "ParallelStateStarted",
         "ParallelStateFailed", "ParallelStateSucceeded", "ParallelStateExited",
         "PassStateEntered", "PassStateExited", "FailStateEntered", "TaskScheduled",
         "TaskFailed", "ExecutionSucceeded", "ExecutionFailed", "Unknown"]
EVENT = st.fixed_dictionaries(
    {"type": st.sampled_from(KINDS)},
    optional={"previousEventId": st.one_of(st.integers(-2, 40), TEXT, st.none()),
              "stateEnteredEventDetails": st.fixed_dictionaries(
                  {}, optional={"name": st.one_of(TEXT, st.integers()), "input": TEXT}),
              "mapIterationStartedEventDetails": st.fixed_dictionaries(
                  {}, optional={"index": st.one_of(st.integers(), TEXT)}),
              "taskFailedEventDetails": st.fixed_dictionaries(
                  {}, optional={"error": TEXT, "cause": TEXT})})


@settings(max_examples=200, deadline=None)
@given(events=st.lists(EVENT, max_size=30), definition=st.sampled_from(
    [None, "text", *[case["definition"] for case in RECORDED.values()]]))
def test_any_event_list_is_read_not_raised(events: list[dict[str, Any]],
                                           definition: Any) -> None:
    """Whatever a target writes: every event lands in one lane, and no traceback."""
    for i, event in enumerate(events):
        event["id"] = i + 1
    lane, _, _ = lanes(events)
    assert set(lane) == {e["id"] for e in events}
    found = nested(events, definition)
    for runs in found.runs.values():
        assert all(r.status in ("succeeded", "failed", "aborted", "running") for r in runs)


# --- the workbench ----------------------------------------------------------------------------
REPLAYED = "arn:aws:states:us-east-1:000000000000:execution:map-fails:run"


async def replay(pilot: Any, target: Any, key: str = "map-fails") -> Any:
    """The workbench showing a recorded AWS-shaped history: the machine is created on the
    emulator (so the graph is drawn from it), the history handed to the screen as its poll
    would hand it (the emulator has no execution of that name, so the poll reads none)."""
    from playground.ui.stepfunctions.graph_view import GraphView
    from playground.ui.stepfunctions.messages import ExecutionLoaded
    from playground.ui.stepfunctions.screen import StepFunctionsWorkbench
    from tests.ui.helpers import wait_for

    StepFunctionsService(target).create_state_machine(key, RECORDED[key]["definition"],
                                                      role_arn=role_arn(target))
    app = pilot.app
    await wait_for(pilot, lambda: app.target is not None)
    screen = StepFunctionsWorkbench()
    app.push_screen(screen)
    await wait_for(pilot, lambda: screen.query_one(GraphView).definition, what="graph")
    await wait_for(pilot, lambda: screen.query_one("#parity-notes").display, timeout=30,
                   what="parity")
    screen._choose_execution(REPLAYED)
    found = nested(RECORDED[key]["events"], RECORDED[key]["definition"])
    screen.post_message(ExecutionLoaded(REPLAYED, found.top, nested=found))
    await wait_for(pilot, lambda: screen.timeline is not None, what="replayed history")
    return screen


async def replay_at_the_map(pilot: Any, target: Any) -> tuple[Any, Any]:
    """The recorded Map history replayed, its first step (the Map) picked: the screen and its
    step list."""
    from playground.ui.stepfunctions.steps import StepList
    from tests.ui.helpers import wait_for

    screen = await replay(pilot, target)
    steps = screen.query_one(StepList)
    await wait_for(pilot, lambda: steps.option_count == 2)
    steps.highlighted = 0
    return screen, steps


async def open_iteration(pilot: Any, screen: Any, index: int) -> None:
    from playground.ui.stepfunctions.runs import RunPicker
    from playground.ui.stepfunctions.steps import StepList
    from tests.ui.helpers import wait_for

    steps = screen.query_one(StepList)
    steps.focus()
    steps.highlighted = 0
    await pilot.press("o")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, RunPicker), what="picker")
    for _ in range(index):
        await pilot.press("down")
    await pilot.press("enter")
    await wait_for(pilot, lambda: pilot.app.screen is screen and screen.path, what="opened")


async def test_open_a_failed_iteration_then_go_back_up(target: Any) -> None:
    from playground.ui.stepfunctions.graph_view import GraphView
    from tests.stepfunctions.test_workbench import _text
    from tests.ui.helpers import make_app, wait_for

    app = make_app(target)
    async with app.run_test(size=(140, 44)) as pilot:
        screen, steps = await replay_at_the_map(pilot, target)
        await pilot.pause()
        said = _text(screen.query_one("#sfn-detail"))
        assert "2 iterations: 1 succeeded, 1 failed; o opens one" in said
        await open_iteration(pilot, screen, 1)
        assert [str(steps.get_option_at_index(i).prompt).split()[2] for i in range(3)] == [
            "Double", "Check", "Three"]
        assert "execution › M: iteration 1" in str(steps.border_subtitle)
        steps.highlighted = 2
        await pilot.pause()
        said = _text(screen.query_one("#sfn-detail"))
        assert "error NoThrees" in said and "3 is refused" in said and '"v": 3' in said
        assert screen.query_one(GraphView).statuses.get("Three") == "failed"
        await pilot.press("u")
        await wait_for(pilot, lambda: steps.option_count == 2, what="back at the top")
        assert not screen.path and not str(steps.border_subtitle)


async def test_a_describe_answered_after_the_history_keeps_the_graph_coloured(
        target: Any) -> None:
    """The machine's description can come back after the history coloured the graph (a slow
    target, a refresh): the picked step's colours stay on the new drawing."""
    from playground.ui.stepfunctions.graph_view import GraphView
    from playground.ui.stepfunctions.messages import MachineDescribed
    from tests.ui.helpers import make_app, wait_for

    app = make_app(target)
    async with app.run_test(size=(140, 44)) as pilot:
        screen, _ = await replay_at_the_map(pilot, target)
        graph = screen.query_one(GraphView)
        await wait_for(pilot, lambda: graph.statuses.get("M") == "caught", what="coloured")
        assert graph.drawing is not None
        screen.post_message(MachineDescribed(screen.machine, graph.drawing))
        await pilot.pause()
        await pilot.pause()
        assert graph.statuses.get("M") == "caught" and graph.current == "M"


async def test_on_the_emulator_o_says_why_nothing_opens(target: Any) -> None:
    from playground.ui.stepfunctions.steps import StepList
    from tests.stepfunctions.test_workbench import _open_execution, _text
    from tests.ui.helpers import make_app, wait_for

    svc = StepFunctionsService(target)
    arn = svc.create_state_machine("map", RECORDED["map"]["definition"],
                                   role_arn=role_arn(target))
    svc.start_execution(arn, {"items": [1, 2]}, "run")
    app = make_app(target)
    async with app.run_test(size=(140, 44)) as pilot:
        screen = await _open_execution(pilot)
        await wait_for(pilot, lambda: screen.timeline is not None
                       and screen.timeline.status == "SUCCEEDED", what="history")
        screen.query_one(StepList).focus()
        await wait_for(pilot, lambda: "iterations and branches cannot be opened here" in _text(
            screen.query_one("#sfn-detail")), what="the detail's note")
        await pilot.press("o")
        await wait_for(pilot, lambda: "parity note" in _text(screen.query_one("#sfn-note")),
                       what="the note on o")
        assert app.screen is screen and not screen.path
