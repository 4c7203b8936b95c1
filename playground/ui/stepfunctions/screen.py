"""The Step Functions workbench: state machines from samples, the graph drawn in the terminal,
executions started with JSON input and stepped through state by state."""

from __future__ import annotations

import json

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from playground.aws.stepfunctions.approval import (
    ANSWER_NOTE,
    APPROVE_OUTPUT,
    REJECT_ERROR,
    Request,
    WaitingTask,
    short_token,
    waiting_task,
)
from playground.aws.stepfunctions.express import SyncResult
from playground.aws.stepfunctions.graph import find_state, notes_of
from playground.aws.stepfunctions.history import Timeline, pretty
from playground.aws.stepfunctions.nested import Nested
from playground.aws.stepfunctions.remote import ROLE_NOTE
from playground.aws.stepfunctions.retries import attempts
from playground.aws.stepfunctions.samples import Sample, load_samples
from playground.aws.stepfunctions.service import MAX_HISTORY_EVENTS
from playground.ui.common.dialogs import ConfirmDialog, account_name
from playground.ui.common.panes import Pane, PaneKeys, pane_bindings
from playground.ui.common.text import clean, plain
from playground.ui.common.workbench import NoteLine, PollingWorkbench
from playground.ui.stepfunctions.dialogs import (
    NewExecution,
    NewMachine,
    NewMachineDialog,
    StartExecutionDialog,
)
from playground.ui.stepfunctions.express_view import sync_detail
from playground.ui.stepfunctions.graph_view import DefinitionProblems, GraphView, legend
from playground.ui.stepfunctions.messages import (
    ApprovalAnswered,
    ApprovalRequestRead,
    ExecutionLoaded,
    MachineChanged,
    MachineDescribed,
    MachinesRefreshed,
    SyncFinished,
)
from playground.ui.stepfunctions.runs import NO_NESTED, RunPicker, runs_summary
from playground.ui.stepfunctions.steps import StepList, step_detail
from playground.ui.stepfunctions.tables import ArnTable, ExecutionTable, MachineTable
from playground.ui.stepfunctions.try_dialog import TryStarted, TryStateDialog
from playground.ui.stepfunctions.worker_dialog import ActivityWorkerDialog
from playground.ui.stepfunctions.workers import StepFunctionsWorkers
from playground.ui.workbenches import BY_KEY

PANES = (
    Pane("State machines", ("#sfn-machines",), box="#sfn-machines"),
    Pane("Executions", ("#sfn-executions",), box="#sfn-executions"),
    Pane("Graph", ("#sfn-graph-scroll",), box="#sfn-graph-pane", reveal=("show_graph", True)),
    Pane("History, state by state", ("#sfn-steps",), box="#sfn-steps",
         reveal=("show_graph", False)),
    Pane("Input → output", ("#sfn-detail-scroll",), box="#sfn-detail-scroll"),
    Pane("Waiting for approval", ("#sfn-approval-scroll",), box="#sfn-approval-scroll"),
)
"""Keys 1-6; on a narrow screen 3 and 4 also show the graph or the history (as g does)."""


class StepFunctionsWorkbench(PaneKeys, StepFunctionsWorkers, PollingWorkbench):
    """All state lives here; widgets show it and ask for actions, workers make the calls."""

    PARITY_KEYS = BY_KEY["stepfunctions"].parity_keys
    CSS_PATH = "screen.tcss"
    PANES = PANES
    BINDINGS = [
        Binding("escape", "back", "Back", id="sfn.back"),
        *pane_bindings(PANES, "sfn"),
        Binding("g", "toggle_graph", "Graph/history", id="sfn.graph.toggle"),
        Binding("n", "new_machine", "New state machine", id="sfn.machine.new"),
        Binding("d", "delete_machine", "Delete", id="sfn.machine.delete"),
        Binding("e", "start_execution", "Start execution", id="sfn.execution.start"),
        Binding("r", "refresh", "Refresh", id="sfn.refresh"),
        Binding("t", "try_state", "Try a state", id="sfn.state.try"),
        Binding("w", "activity_worker", "Activity worker", id="sfn.activity.worker"),
        Binding("o", "open_run", "Open iteration/branch", id="sfn.run.open"),
        Binding("u", "run_up", "Up a level", id="sfn.run.up"),
        Binding("a", "approve", "Approve", id="sfn.approval.approve"),
        Binding("x", "reject", "Reject", id="sfn.approval.reject"),
    ]

    # Under 100 columns (a speaker's 80x24) the graph and the history share the right-hand
    # side and `g` swaps them; from 100 the three columns narrow; from 140 they are full width.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-medium"), (140, "-wide")]

    def __init__(self) -> None:
        super().__init__(name="stepfunctions")
        self.samples: list[Sample] = load_samples()
        self.machine: str | None = None
        self.execution: str | None = None
        self.timeline: Timeline | None = None
        self._reread = False
        self._select_machine: str | None = None
        self._select_execution: str | None = None
        self.definition: dict[str, object] | None = None
        self.waiting: WaitingTask | None = None
        """The `.waitForTaskToken` Task the watched execution is paused in, if any."""
        self.request: Request | None = None
        """Its request message, found in the queue (with the token to answer)."""
        self._answering = False
        self.parity_shown: list[str] = []
        self.kinds: dict[str, str] = {}
        """Each listed machine's type (STANDARD or EXPRESS), by ARN."""
        self.sync_result: SyncResult | None = None
        """The watched EXPRESS machine's last synchronous run, shown in the detail pane."""
        self.nested: Nested | None = None
        """The watched history with each Map iteration and Parallel branch on its own."""
        self.path: list[tuple[int, str, str]] = []
        """The iterations/branches opened, outermost first: (the visit's entered event id, the
        run's label, what the pane's subtitle says); empty: the execution's own states."""

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="sfn-main"):
            with Vertical(id="sfn-left"):
                yield MachineTable(id="sfn-machines")
                yield ExecutionTable(id="sfn-executions")
                yield NoteLine("", id="sfn-note")
            with Vertical(id="sfn-graph-pane"):
                yield Static(legend(), id="sfn-legend")
                with VerticalScroll(id="sfn-graph-scroll"):
                    yield DefinitionProblems(id="sfn-problems")
                    yield GraphView(id="sfn-graph")
            with Vertical(id="sfn-right"):
                with VerticalScroll(id="sfn-approval-scroll"):
                    yield Static("", id="sfn-approval")
                yield StepList(id="sfn-steps")
                with VerticalScroll(id="sfn-detail-scroll"):
                    yield Static(step_detail(None, None), id="sfn-detail")

    def on_mount(self) -> None:
        super().on_mount()
        self.number_panes()
        self._show_approval()
        self.query_one(MachineTable).focus()
        self.start_polling()

    def watched(self) -> tuple[str | None, str | None, bool]:
        """Read by the poll worker: whose executions and which history to read, and whether
        the screen chose again since (then the definition and history are read anew)."""
        reread, self._reread = self._reread, False
        return self.machine, self.execution, reread

    def clear_view(self) -> None:
        self._choose_machine(None)
        self.query_one(MachineTable).show([])

    # --- lists ------------------------------------------------------------------------------------
    def on_machines_refreshed(self, message: MachinesRefreshed) -> None:
        if message.error:
            self.note(f"refresh failed: {message.error}", error=True)
            return
        self.kinds = {m.arn: m.kind for m in message.machines}
        wanted = self._select_machine
        if wanted in {m.arn for m in message.machines}:
            self._select_machine = None
        self.query_one(MachineTable).show(message.machines, select=wanted)
        if not message.machines:
            self.note(Text(f"No state machine yet: n creates one from a sample. {ROLE_NOTE}",
                            style="dim"))
        if message.machine is not None and message.machine == self.machine:
            run = self._select_execution
            if run in {e.arn for e in message.executions}:
                self._select_execution = None
            self.query_one(ExecutionTable).show(message.executions, select=run)

    def on_arn_table_selected(self, message: ArnTable.Selected) -> None:
        if isinstance(message.table, MachineTable) and message.arn != self.machine:
            self._choose_machine(message.arn)
        elif isinstance(message.table, ExecutionTable) and message.arn != self.execution:
            self._choose_execution(message.arn)

    def _choose_machine(self, arn: str | None) -> None:
        self.machine = arn
        self.sync_result = None
        self.definition = None
        self.query_one(GraphView).show(None)
        self.query_one(DefinitionProblems).show(None)
        self.query_one("#sfn-graph-pane").border_subtitle = ""
        self.query_one(ExecutionTable).show([])
        self._choose_execution(None)

    def _choose_execution(self, arn: str | None) -> None:
        self.execution = arn
        self.timeline = None
        self.nested = None
        self.path = []
        self.waiting = self.request = None
        self._answering = False
        self._show_approval()
        self.query_one(StepList).show(None, fresh=True)
        self.query_one(GraphView).paint({}, None)
        self._show_step()
        self._reread = True
        self.action_refresh()

    def on_machine_described(self, message: MachineDescribed) -> None:
        if message.arn != self.machine:
            return
        drawing = message.drawing
        self.definition = drawing.definition
        self.query_one(GraphView).show(drawing)
        self.query_one(DefinitionProblems).show(drawing)
        # A drawing comes uncoloured: the picked step's colours go back on (a describe answered
        # after the history had coloured the graph left it grey while a step was picked).
        self._show_step()
        if drawing.reason is not None:
            self.note(f"this definition cannot be drawn: {drawing.reason}", True)

    def on_execution_loaded(self, message: ExecutionLoaded) -> None:
        if message.arn != self.execution:
            return
        line = message.timeline
        if line is None:
            self.note(f"history not read: {message.error}", error=True)
            return
        if message.cut:
            self.note(f"history read up to {MAX_HISTORY_EVENTS:,} events and no further: AWS "
                      "fails an execution there, this target lets it run on", error=True)
        fresh = self.timeline is None
        self.timeline = line
        self.nested = message.nested
        self.query_one(StepList).show(self.shown(), fresh=fresh)
        subtitle = f"{message.arn.rsplit(':', 1)[-1]} · {line.status}"
        if line.error:
            subtitle += f" · {line.error}"
        # Not a str: a border title is parsed as markup, and the error comes from the
        # definition (a Fail state's Error can be anything).
        self.query_one("#sfn-graph-pane").border_subtitle = plain(subtitle)
        self._check_waiting()

    # --- approval by task token -----------------------------------------------------------------
    def _check_waiting(self) -> None:
        """After each history read: is the execution paused in a `.waitForTaskToken` Task? Then
        its request is looked for in the queue until found."""
        waiting = waiting_task(self.definition, self.timeline)
        if waiting != self.waiting:
            self.waiting, self.request = waiting, None
        if waiting is None:
            self._answering = False
        elif (self.request is None and waiting.queue_url and self.target is not None
              and self.execution is not None and not self._answering):
            self.read_request(self.target, self.execution, waiting)
        self._show_approval()

    def on_approval_request_read(self, message: ApprovalRequestRead) -> None:
        if message.execution != self.execution or message.task != self.waiting:
            return
        self.request = message.request
        self._show_approval(message.note, message.error)

    def _show_approval(self, note: str = "", error: str | None = None) -> None:
        pane = self.query_one("#sfn-approval-scroll")
        waiting = self.waiting
        pane.display = waiting is not None
        self.refresh_bindings()
        if waiting is None:
            return
        text = Text()
        # The state, resource and queue come from the definition: escaped and cut.
        text.append(clean(waiting.state, 200), style="bold")
        text.append(f" waits on a task token ({clean(waiting.resource.rsplit(':', 1)[-1], 200)})")
        if waiting.timeout_s:
            text.append(f"; TimeoutSeconds {waiting.timeout_s}", style="dim")
        if waiting.heartbeat_s:
            text.append(f", HeartbeatSeconds {waiting.heartbeat_s}", style="dim")
        text.append("\n")
        request = self.request
        if waiting.queue_url is None:
            text.append("the token went out through this Task's resource, not an SQS queue the "
                        "workbench can read", style="dim")
        elif error:
            text.append(f"queue not read: {error}", style="red")
        elif request is None:
            text.append(f"looking for the request in {clean(waiting.queue_url.rsplit('/', 1)[-1])}…",
                        style="dim")
        else:
            text.append(f"queue {clean(waiting.queue_url.rsplit('/', 1)[-1])}\n", style="dim")
            text.append("token ", style="dim")
            text.append(short_token(request.token), style="cyan")
            text.append(f"  ({len(request.token)} characters)\n", style="dim")
            if self._answering:
                text.append("answer sent, waiting for the history…\n", style="yellow")
            else:
                text.append("a", style="bold green")
                text.append(f" approve: SendTaskSuccess {json.dumps(APPROVE_OUTPUT)}\n")
                text.append("x", style="bold red")
                text.append(f" reject: SendTaskFailure error {REJECT_ERROR}\n")
                text.append(ANSWER_NOTE + "\n", style="dim")
            if note:
                text.append(f"{note}\n", style="dim")
            text.append("request message\n", style="bold")
            text.append(clean(pretty(request.body).replace(request.token,
                                                           short_token(request.token))))
        self.query_one("#sfn-approval", Static).update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Approve and reject show (and act) only while a request waits for its answer."""
        if action in ("approve", "reject"):
            return self.request is not None and not self._answering
        if action == "run_up":
            return bool(self.path)
        if action == "open_run":  # shown while a Map or Parallel visit is picked
            step = self.query_one(StepList).step if self.is_mounted else None
            return step is not None and step.kind in ("Map", "Parallel")
        if action == "toggle_graph":
            return self.has_class("-narrow")
        return True

    def action_toggle_graph(self) -> None:
        """Narrow screens: the graph in place of the history, or back."""
        self.toggle_class("-graph")

    def show_graph(self, graph: bool) -> None:
        """The graph (or the history) where they take turns; no change where both show."""
        self.set_class(graph, "-graph")

    def on_resize(self) -> None:
        self.refresh_bindings()  # `g` shows only while the screen is narrow

    def _answer(self, approve: bool) -> None:
        request, waiting, execution = self.request, self.waiting, self.execution
        if request is None or waiting is None or execution is None or self.target is None \
                or self._answering:
            return
        self._answering = True
        self.note(f"sending {'SendTaskSuccess' if approve else 'SendTaskFailure'}…")
        self._show_approval()
        self.answer(self.target, execution, request, waiting.queue_url, approve)

    def action_approve(self) -> None:
        self._answer(True)

    def action_reject(self) -> None:
        self._answer(False)

    def on_approval_answered(self, message: ApprovalAnswered) -> None:
        self.note(message.text, error=message.error)
        if message.execution == self.execution and message.error:
            self._answering = False
            self.request = None  # read it again: the token may have ended meanwhile
            self._show_approval()
        self.action_refresh()

    def on_step_list_chosen(self, _: StepList.Chosen) -> None:
        self._show_step()

    # --- Map iterations and Parallel branches ---------------------------------------------------
    def shown(self) -> Timeline | None:
        """The timeline the history pane shows: the execution's, or the run opened (the path
        is followed anew on each read, as a running execution adds runs; a run gone from it
        takes the view back to the top)."""
        line = self.timeline
        for depth, (visit, label, _) in enumerate(self.path):
            run = next((r for r in self.nested.runs_of(visit) if r.label == label), None) \
                if self.nested else None
            if run is None:
                del self.path[depth:]
                self._show_path()
                return self.timeline
            line = run.timeline
        return line

    def _show_path(self) -> None:
        names = [clean(said, 80) for _, _, said in self.path]
        subtitle = " › ".join(["execution", *names]) + " · u: up" if names else ""
        self.query_one(StepList).border_subtitle = plain(subtitle)
        self.refresh_bindings()

    def action_open_run(self) -> None:
        step = self.query_one(StepList).step
        if step is None or step.kind not in ("Map", "Parallel") or self.nested is None:
            self.notify("Pick a Map or Parallel state in the history first", severity="warning")
            return
        runs = self.nested.runs_of(step.entered)
        if not runs:
            self.note(NO_NESTED if not self.nested.has_nested else
                      f"{clean(step.name, 200)} has no iteration or branch yet", error=True)
            return
        word = "iteration" if step.kind == "Map" else "branch"
        visit = step.entered

        def chosen(index: int | None) -> None:
            if index is None or not 0 <= index < len(runs):
                return
            self.path.append((visit, runs[index].label, f"{step.name}: {runs[index].label}"))
            self._show_path()
            self.query_one(StepList).show(self.shown(), fresh=True)

        self.app.push_screen(RunPicker(f"Open one {word} of {clean(step.name, 200)}", runs),
                             chosen)

    def action_run_up(self) -> None:
        if self.path:
            self.path.pop()
            self._show_path()
            self.query_one(StepList).show(self.shown(), fresh=True)

    def _show_step(self) -> None:
        steps = self.query_one(StepList)
        step = steps.step
        state = find_state(self.definition, step.name) if step else None
        notes = notes_of(state) if step else []
        tries = attempts(step, state) if step else []
        runs = runs_summary(step, self.nested) if step else None
        self.refresh_bindings()
        shown = self.shown()
        if self.sync_result is not None and self.timeline is None:
            self.query_one("#sfn-detail", Static).update(sync_detail(self.sync_result))
        else:
            self.query_one("#sfn-detail", Static).update(step_detail(step, shown, notes, tries,
                                                                     runs))
        statuses: dict[str, str] = dict(shown.statuses()) if shown else {}
        caught = shown.caught() if shown else {}
        self.query_one(GraphView).paint(statuses, step.name if step else None, caught)

    def on_machine_changed(self, message: MachineChanged) -> None:
        self.note(message.text, error=message.error)
        if message.select_machine:
            self._select_machine = message.select_machine
            if message.select_machine == self.machine and message.select_execution:
                self._select_execution = message.select_execution
        self.action_refresh()

    # --- actions ------------------------------------------------------------------------------------
    def action_new_machine(self) -> None:
        target = self.target
        if target is None:
            return

        def chosen(request: NewMachine | None) -> None:
            if request and self.target is not None:
                name = account_name(self.app, request.name)
                self.note(f"creating {name}… {request.note}")
                self.create_machine(self.target, name, request.definition, request.kind)

        self.app.push_screen(NewMachineDialog(self.samples, target), chosen)

    def action_delete_machine(self) -> None:
        arn, target = self.query_one(MachineTable).selected, self.target
        if arn is None or target is None:
            self.notify("No state machine selected", severity="warning")
            return
        name = arn.rsplit(":", 1)[-1]

        def answered(yes: bool | None) -> None:
            if yes:
                if self.machine == arn:
                    self._choose_machine(None)
                self.delete_machine(target, arn)

        self.app.push_screen(ConfirmDialog(
            f"Delete state machine {name}?", "DeleteStateMachine marks it DELETING: running "
            "executions go on until they end (on AWS, STANDARD ones are stopped within "
            "minutes), then it is gone with its history.", "Delete"), answered)

    def action_start_execution(self) -> None:
        arn, target = self.machine, self.target
        if arn is None or target is None:
            self.notify("Pick or create a state machine first", severity="warning")
            return
        name = arn.rsplit(":", 1)[-1]
        given = next((s.input for s in self.samples if name.endswith(s.key)), "{}")
        express = self.kinds.get(arn) == "EXPRESS"

        def chosen(request: NewExecution | None) -> None:
            if request is None:
                return
            if express:
                self.note(f"running {name} synchronously (StartSyncExecution)…")
                self.run_sync(target, arn, request.payload, request.name)
            else:
                self.note(f"starting an execution of {name}…")
                self.start(target, arn, request.payload, request.name)

        self.app.push_screen(StartExecutionDialog(name, given, express), chosen)

    def on_sync_finished(self, message: SyncFinished) -> None:
        name = message.machine.rsplit(":", 1)[-1]
        if message.result is None:
            self.note(f"StartSyncExecution refused: {message.error}", error=True)
            return
        self.note(f"{name} ran synchronously: {message.result.status}",
                  error=message.result.status != "SUCCEEDED")
        if message.machine == self.machine:
            self.sync_result = message.result
            self._show_step()

    def action_try_state(self) -> None:
        """TestState, started from the state picked in the history (with the input it got)
        or the machine's first state; a Pass state where there is no machine."""
        target = self.target
        if target is None:
            return
        step = self.query_one(StepList).step
        definition = self.definition if isinstance(self.definition, dict) else {}
        name = step.name if step else definition.get("StartAt")
        state = find_state(definition, name) if isinstance(name, str) else None
        if not isinstance(state, dict):
            name, state = None, {"Type": "Pass", "Parameters": {"greeting.$": "$.who"},
                                 "ResultPath": "$.said", "End": True}
        given = step.input if step and step.input is not None else "{}"
        machine = (self.machine or "").rsplit(":", 1)[-1]
        about = f"{name} of {machine}" if name and machine else "an example Pass state"
        if name and step:
            about += ", with the input it got here"
        self.app.push_screen(TryStateDialog(target, TryStarted(
            json.dumps(state, indent=2), pretty(given) if given != "{}" else
            ('{"who": "ada"}' if name is None else "{}")), about))

    def show_parity(self, notes: list[str]) -> None:
        self.parity_shown = list(notes)
        super().show_parity(notes)

    def action_activity_worker(self) -> None:
        """The app as an activity worker (its own dialog: poll, then answer)."""
        if self.target is None:
            return
        from playground.parity import NOTES

        missing = NOTES["activities"].text() in self.parity_shown
        self.app.push_screen(ActivityWorkerDialog(self.target, missing),
                             lambda _: self.action_refresh())

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_unmount(self) -> None:
        self.workers.cancel_group(self, "sfn-poll")

