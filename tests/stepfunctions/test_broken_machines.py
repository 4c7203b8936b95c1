"""State machines made outside the app, broken in every way the emulator lets through (it
takes any definition): the workbench opens, shows each with its problem named, and keeps going."""

from __future__ import annotations

import json
from typing import Any

from textual.widgets import Input, Static, TextArea
from textual.worker import Worker, WorkerState

from playground.aws.stepfunctions.remote import role_arn
from playground.ui.stepfunctions.dialogs import NewMachineDialog, StartExecutionDialog
from playground.ui.stepfunctions.graph_view import DefinitionProblems, GraphView
from playground.ui.stepfunctions.screen import StepFunctionsWorkbench
from playground.ui.stepfunctions.tables import ExecutionTable, MachineTable
from tests.ui.helpers import make_app, wait_for

SIZE = (160, 50)
PASS_END = {"Type": "Pass", "End": True}
DEEP = '{"States": ' * 5_000 + "1" + "}" * 5_000


def _parallel_text(levels: int) -> str:
    """Parallel states nested `levels` deep, written as text (json.dumps would recurse)."""
    head = '{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": ['
    inner = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}'
    return head * levels + inner + "]}}}" * levels


def _chain(states: int) -> str:
    chain: dict[str, Any] = {f"S{n}": {"Type": "Pass", "Next": f"S{n + 1}"} for n in range(states)}
    chain[f"S{states}"] = {"Type": "Succeed"}
    return json.dumps({"StartAt": "S0", "States": chain})


def _machine(**states: Any) -> str:
    return json.dumps({"StartAt": next(iter(states)), "States": states})


# (name, definition text, what the graph pane says)
BROKEN: list[tuple[str, str, str]] = [
    ("yaml", "StartAt: A\nStates:\n  A: {Type: Pass, End: true}",
     "cannot draw: the definition is not JSON (line 1, column 1: Expecting value)"),
    ("startat-5", '{"StartAt": 5, "States": [{}]}',
     "cannot draw: States must be an object with at least one state (got a list)"),
    ("a-list", "[1, 2]", "cannot draw: the definition must be a JSON object (got a list)"),
    ("choices-3", _machine(A={"Type": "Choice", "Choices": 3, "Default": "B"}, B=PASS_END),
     "✗ States.A.Choices: a Choice state needs a non-empty Choices list (got a number)"),
    ("state-a-number", _machine(A={"Type": "Pass", "Next": "B"}, B=7),
     "✗ States.B: a state must be a JSON object (got a number)"),
    ("next-nowhere", _machine(A={"Type": "Pass", "Next": "Nowhere"}),
     '✗ States.A.Next: "Nowhere" is not a state'),
    ("branches-string", _machine(P={"Type": "Parallel", "Branches": "x", "End": True}),
     "✗ States.P.Branches: a Parallel state needs at least one branch (got a string)"),
    ("iterator-list", _machine(M={"Type": "Map", "Iterator": [1], "End": True}),
     "✗ States.M.Iterator: must be an object with StartAt and States (got a list)"),
    ("loop-no-end", _machine(A={"Type": "Pass", "Next": "B"}, B={"Type": "Pass", "Next": "A"}),
     "✗ definition: no state ends the workflow"),
    ("unknown-type", _machine(A={"Type": "Lambda", "End": True}),
     '✗ States.A.Type: must be one of Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map '
     '(got "Lambda")'),
    ("jsonata", json.dumps({"QueryLanguage": "JSONata", "StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.n > 1 %}",
                                             "Next": "Big"}], "Default": "Big"},
        "Big": {"Type": "Pass", "Output": "{% $states.input %}", "End": True}}}),
     "├─ {% $states.input.n > 1 %} → Big"),
    ("deep-5000", DEEP, "cannot draw: nested more than 100 levels deep"),
    ("deep-parallel", _parallel_text(1_250), "cannot draw: nested more than 100 levels deep"),
    ("chain-1mib", _chain(20_000), "… 19,701 more states not drawn"),
    ("markup", _machine(**{"[/x]": {"Type": "Fail", "Error": "[/bold]", "Cause": "[red]"}}),
     "┃ [/x]" + " " * 8 + "Fail ┃"),
    ("surrogate", '{"StartAt": "\\ud800", "States": {"\\ud800": {"Type": "Pass", "End": true}}}',
     "│ \\ud800" + " " * 6 + "Pass │"),
]


RUNS_ON = {"loop-no-end", "chain-1mib"}
"""Not started here: the emulator runs them past AWS's 25,000 events (the loop for ever);
test_a_history_past_the_limit_is_read_no_further has one."""


def _create(target: Any) -> dict[str, str]:
    """CreateStateMachine with boto3 directly (the app would refuse these), and one execution
    of each where the emulator starts one."""
    client = target.client("stepfunctions")
    arns = {}
    for name, text, _ in BROKEN:
        arn = client.create_state_machine(name=name, definition=text,
                                          roleArn=role_arn(target))["stateMachineArn"]
        arns[name] = arn
        if name not in RUNS_ON:
            client.start_execution(stateMachineArn=arn, input="{}", name=f"{name}-run")
    return arns


def _text(widget: Any) -> str:
    return str(widget.render())


def _pane(screen: Any) -> str:
    """The graph pane as read: the problems (when shown) above the drawing."""
    problems = screen.query_one(DefinitionProblems)
    return (_text(problems) + "\n" if problems.display else "") + _text(screen.query_one(GraphView))


async def test_every_broken_machine_is_shown_with_its_problem(target: Any) -> None:
    arns = _create(target)
    failed: list[Worker[Any]] = []

    def hook(message: Any) -> None:
        if isinstance(message, Worker.StateChanged) and message.state is WorkerState.ERROR:
            failed.append(message.worker)

    app = make_app(target)
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await wait_for(pilot, lambda: app.target is not None)
        app.open_service("stepfunctions")
        screen = app.screen
        assert isinstance(screen, StepFunctionsWorkbench)
        await wait_for(pilot, lambda: screen.query_one(MachineTable).row_count == len(BROKEN),
                       what="the list")
        table = screen.query_one(MachineTable)
        graph = screen.query_one(GraphView)
        table.focus()
        for name, _, shown in BROKEN:
            arn = arns[name]
            table.move_cursor(row=table.get_row_index(arn))
            await wait_for(pilot, lambda arn=arn: screen.machine == arn  # type: ignore[misc]
                           and graph.drawing is not None, what=f"{name} described", timeout=20)
            assert shown in _pane(screen), (name, _pane(screen)[:800])
            if name in RUNS_ON:
                continue
            # Its execution is read too (history, or why not), through the approval check.
            await wait_for(pilot, lambda: screen.query_one(ExecutionTable).row_count == 1
                           and (screen.timeline is not None
                                or "history not read" in _text(screen.query_one("#sfn-note"))),
                           what=f"{name} execution", timeout=20)
        assert app.screen is screen and not failed, [w.error for w in failed]
        note = _text(screen.query_one("#sfn-note"))
        assert "refresh failed" not in note


async def test_the_pane_names_a_definition_that_cannot_be_drawn(target: Any) -> None:
    client = target.client("stepfunctions")
    client.create_state_machine(name="yaml", definition=BROKEN[0][1], roleArn=role_arn(target))
    app = make_app(target)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.target is not None)
        app.open_service("stepfunctions")
        screen = app.screen
        await wait_for(pilot, lambda: screen.query_one(GraphView).drawing is not None,
                       what="described")
        assert _text(screen.query_one(DefinitionProblems)) == (
            "cannot draw: the definition is not JSON (line 1, column 1: Expecting value)")
        assert _text(screen.query_one(GraphView)).splitlines()[:3] == [
            "as the target holds it:", "StartAt: A", "States:"]
        assert "this definition cannot be drawn: the definition is not JSON" in _text(
            screen.query_one("#sfn-note"))


def _errors(dialog: Any) -> str:
    return _text(dialog.query_one(".dialog-errors", Static))


async def test_deep_or_empty_text_in_the_dialogs_is_named_and_nothing_is_sent(target: Any) -> None:
    target.client("stepfunctions").create_state_machine(
        name="ok", definition=_machine(A=PASS_END), roleArn=role_arn(target))
    target.recorder.clear()
    app = make_app(target)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.target is not None)
        app.open_service("stepfunctions")
        screen = app.screen
        await wait_for(pilot, lambda: screen.query_one(GraphView).definition, what="described")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewMachineDialog))
        dialog = app.screen
        area = dialog.query_one("#sfn-definition", TextArea)
        for text, expected in ((DEEP, "definition: nested more than 100 levels deep"),
                               (_parallel_text(30), "definition: nested more than 100 levels"),
                               ("[" * 100_000, "definition: nested more than 100 levels deep"),
                               ('{"StartAt": 5, "States": [{}]}',
                                "definition: States must be an object")):
            area.text = text
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert expected in _errors(dialog) and "nothing was sent" in _errors(dialog)
            assert app.screen is dialog
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, StartExecutionDialog))
        dialog = app.screen
        assert "type {} for no input: empty is refused" in _text(dialog.query_one(".hint"))
        area = dialog.query_one("#sfn-input", TextArea)
        for text, expected in (("", "input: empty: type {} to start with an empty object"),
                               ("[" * 5_000, "input: nested more than 100 levels deep"),
                               ('{"a": NaN}', "input: NaN is not a JSON value")):
            area.text = text
            dialog.query_one("#sfn-run", Input).value = "run-1"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert expected in _errors(dialog) and "nothing was sent" in _errors(dialog)
            assert app.screen is dialog
        records = [r.operation for r in target.recorder.records]
        assert "CreateStateMachine" not in records and "StartExecution" not in records
        assert "ValidateStateMachineDefinition" not in records


async def test_a_history_past_the_limit_is_read_no_further(target: Any,
                                                           monkeypatch: Any) -> None:
    """The emulator runs a loop nothing ends for ever (AWS fails it at 25,000 events): the
    workbench reads the history up to the limit (40 here), says so, and reads no more."""
    from playground.ui.stepfunctions import screen as screen_module
    from playground.ui.stepfunctions import workers

    monkeypatch.setattr(workers, "MAX_HISTORY_EVENTS", 40)
    monkeypatch.setattr(screen_module, "MAX_HISTORY_EVENTS", 40)
    client = target.client("stepfunctions")
    arn = client.create_state_machine(name="loop-no-end", definition=BROKEN[8][1],
                                      roleArn=role_arn(target))["stateMachineArn"]
    run = client.start_execution(stateMachineArn=arn, input="{}", name="spin")["executionArn"]
    try:
        app = make_app(target)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: app.target is not None)
            app.open_service("stepfunctions")
            screen = app.screen
            await wait_for(pilot, lambda: screen.timeline is not None, what="history")
            # 40 events: the start, 19 states entered and exited, the 20th entered
            assert len(screen.timeline.steps) == 20
            assert "history read up to 40 events and no further" in _text(
                screen.query_one("#sfn-note"))
            assert "no state ends the workflow" in _pane(screen)
    finally:
        client.stop_execution(executionArn=run)


def test_a_step_from_any_definition_reads_as_text() -> None:
    """State names, errors and payloads come from whoever wrote the definition: escaped (a
    lone surrogate cannot be written to a terminal) and cut (a 256 KiB output)."""
    from playground.aws.stepfunctions.history import Step, Timeline
    from playground.ui.stepfunctions.steps import step_detail, step_line

    step = Step("A\ud800[/x]", "Pass", input='{"a": 1}', output=json.dumps("x" * 300_000),
                status="failed", error="[/bold]\x1b[2J", cause="\udfff")
    line, detail = step_line(0, step).plain, step_detail(step, Timeline([step], "FAILED")).plain
    for text in (line, detail):
        text.encode("utf-8")
        assert "\x1b" not in text
    assert "A\\ud800[/x]" in line and "error [/bold]\\x1b[2J" in detail
    assert len(detail) < 25_000 and "more characters)" in detail
