"""The Step Functions workbench's thread workers: every AWS call the screen makes starts here."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import work

from playground.aws.common import error_message
from playground.aws.sqs.service import SqsService, look, queue_name
from playground.aws.stepfunctions.approval import (
    APPROVE_OUTPUT,
    REJECT_CAUSE,
    REJECT_ERROR,
    Request,
    WaitingTask,
    ensure_queue,
    needs_queue,
    pick_request,
    with_queue,
)
from playground.aws.stepfunctions.express import start_sync
from playground.aws.stepfunctions.graph import Drawing, GraphLine, draw_definition
from playground.aws.stepfunctions.nested import nested
from playground.aws.stepfunctions.remote import role_arn
from playground.aws.stepfunctions.service import MAX_HISTORY_EVENTS, StepFunctionsService
from playground.aws.stepfunctions.validate import shorten
from playground.targets import Target, TargetError
from playground.ui.common.workers import LOOP_GROUPS
from playground.ui.stepfunctions.messages import (
    ApprovalAnswered,
    ApprovalRequestRead,
    ExecutionInfo,
    ExecutionLoaded,
    MachineChanged,
    MachineDescribed,
    MachineInfo,
    MachinesRefreshed,
    SyncFinished,
)

if TYPE_CHECKING:
    from textual.message import Message

LOOP_GROUPS.add("sfn-poll")
HIDDEN_PREFIX = "pg-probe-"
"""State machines the app's capability probes create and delete at once: not the learner's."""


def _short(arn: str) -> str:
    return arn.rsplit(":", 1)[-1]


class StepFunctionsWorkers:
    """Mixed into the Workbench screen; workers only call AWS and post messages."""

    if TYPE_CHECKING:
        def post_message(self, message: Message) -> bool: ...

        def watched(self) -> tuple[str | None, str | None, bool]: ...

        def poll_until_cancelled(self, target: Target, read: Callable[[], None],
                                 failed: Callable[[str], Message]) -> None: ...

    @work(thread=True, exclusive=True, exit_on_error=False, group="sfn-poll",
          description="refresh state machines and executions")
    def poll(self, target: Target) -> None:
        """ListStateMachines and ListExecutions every 2 s; the watched machine described once;
        the watched execution's history read until it stops RUNNING."""
        svc = StepFunctionsService(target)
        described: str | None = None
        definition: dict[str, Any] | None = None
        finished: str | None = None
        history_error = ""

        def read() -> None:
            nonlocal described, definition, finished, history_error
            machine, execution, reread = self.watched()
            if reread:  # the screen chose again (maybe the same ones): it shows nothing yet
                described = finished = None
                history_error = ""
            machines = [MachineInfo(m["name"], m["stateMachineArn"], m.get("type", "STANDARD"))
                        for m in svc.list_state_machines()
                        if not m["name"].startswith(HIDDEN_PREFIX)]
            kinds = {m.arn: m.kind for m in machines}
            if machine not in kinds:
                machine = None
            # ListExecutions and GetExecutionHistory are not supported for EXPRESS.
            runs = [ExecutionInfo(e["name"], e["executionArn"], e["status"])
                    for e in svc.list_executions(machine)] \
                if machine and kinds[machine] == "STANDARD" else []
            if machine is None:
                described, definition = None, None
            elif machine != described:
                text = svc.describe_state_machine(machine).get("definition", "")
                drawing = _drawing(text)
                definition = drawing.definition
                self.post_message(MachineDescribed(machine, drawing))
                described = machine
            if execution and execution != finished and execution in {e.arn for e in runs}:
                try:
                    events = svc.history(execution, limit=MAX_HISTORY_EVENTS)
                    found = nested(events, definition)
                    line = found.top
                except TargetError:
                    raise
                except Exception as exc:  # one unreadable history must not stop the list
                    if error_message(exc) != history_error:
                        history_error = error_message(exc)
                        self.post_message(ExecutionLoaded(execution, None, history_error))
                else:
                    history_error = ""
                    cut = len(events) >= MAX_HISTORY_EVENTS
                    self.post_message(ExecutionLoaded(execution, line, cut=cut, nested=found))
                    # Past AWS's limit the target runs on its own way: read no more of it.
                    finished = execution if line.status != "RUNNING" or cut else None
            self.post_message(MachinesRefreshed(machines, machine, runs))

        self.poll_until_cancelled(target, read,
                                  lambda text: MachinesRefreshed([], None, [], text))

    @work(thread=True, exit_on_error=False, group="sfn-write", description="create state machine")
    def create_machine(self, target: Target, name: str, definition: dict[str, Any],
                       kind: str = "STANDARD") -> None:
        role = role_arn(target)
        queue = ""
        try:
            if needs_queue(json.dumps(definition)):
                url = ensure_queue(SqsService(target), name)
                definition = with_queue(definition, url)
                queue = f", approvals to queue {queue_name(url)}"
            arn = StepFunctionsService(target).create_state_machine(name, definition,
                                                                    role_arn=role, kind=kind)
        except Exception as exc:
            self.post_message(MachineChanged(f"create refused: {error_message(exc)}", True))
            if isinstance(exc, TargetError):
                raise
            return
        kind_note = ", EXPRESS: e runs it synchronously" if kind == "EXPRESS" else ""
        self.post_message(MachineChanged(f"created {name} (role {_short(role)}{queue}{kind_note})",
                                         select_machine=arn))

    @work(thread=True, exit_on_error=False, group="sfn-write", description="delete state machine")
    def delete_machine(self, target: Target, arn: str) -> None:
        StepFunctionsService(target).delete_state_machine(arn)
        self.post_message(MachineChanged(f"deleted {_short(arn)}"))

    @work(thread=True, exit_on_error=False, group="sfn-write", description="start execution")
    def start(self, target: Target, machine: str, payload: Any, name: str | None) -> None:
        try:
            arn = StepFunctionsService(target).start_execution(machine, payload, name)
        except Exception as exc:
            self.post_message(MachineChanged(f"start refused: {error_message(exc)}", True))
            if isinstance(exc, TargetError):
                raise
            return
        self.post_message(MachineChanged(f"started {_short(arn)}", select_machine=machine,
                                         select_execution=arn))

    @work(thread=True, exit_on_error=False, group="sfn-sync",
          description="StartSyncExecution")
    def run_sync(self, target: Target, machine: str, payload: Any, name: str | None) -> None:
        """An Express execution run to its end (the call waits up to its 5 minutes)."""
        try:
            result = start_sync(target, machine, payload, name)
        except Exception as exc:
            self.post_message(SyncFinished(machine, None, error_message(exc)))
            if isinstance(exc, TargetError):
                raise
            return
        self.post_message(SyncFinished(machine, result))

    @work(thread=True, exclusive=True, exit_on_error=False, group="sfn-approval",
          description="read approval request")
    def read_request(self, target: Target, execution: str, task: WaitingTask) -> None:
        """The request the waiting Task sent, seen without taking it from the queue (peek where
        the target has it, else a receive with a zero visibility timeout)."""
        if task.queue_url is None:
            return
        try:
            with target.recorder.background():
                seen, note = look(SqsService(target), task.queue_url)
        except Exception as exc:
            self.post_message(ApprovalRequestRead(execution, task, None,
                                                  error=error_message(exc)))
            return
        request = pick_request([(m.message_id, m.body) for m in seen], execution)
        self.post_message(ApprovalRequestRead(execution, task, request, note))

    @work(thread=True, exit_on_error=False, group="sfn-write", description="answer approval")
    def answer(self, target: Target, execution: str, request: Request,
               queue_url: str | None, approve: bool) -> None:
        """SendTaskSuccess or SendTaskFailure with the request's token; then the request is
        deleted from the queue (received again for a receipt handle)."""
        svc = StepFunctionsService(target)
        call = "SendTaskSuccess" if approve else "SendTaskFailure"
        try:
            if approve:
                svc.send_task_success(request.token, APPROVE_OUTPUT)
            else:
                svc.send_task_failure(request.token, REJECT_ERROR, REJECT_CAUSE)
        except Exception as exc:
            self.post_message(ApprovalAnswered(execution, f"{call} refused: "
                                               f"{error_message(exc)}", True))
            if isinstance(exc, TargetError):
                raise
            return
        text = f"{call} sent: {'approved' if approve else 'rejected'}"
        if queue_url:
            text += "; " + _delete_request(SqsService(target), queue_url, request.message_id)
        self.post_message(ApprovalAnswered(execution, text))


def _delete_request(sqs: SqsService, url: str, message_id: str, rounds: int = 3) -> str:
    """Receive (visibility timeout 0, so other requests stay visible) until the message turns
    up, then DeleteMessage with that receipt handle."""
    try:
        for _ in range(rounds):
            for m in sqs.receive(url, max_messages=10, wait_seconds=1, visibility_timeout=0):
                if m.message_id == message_id:
                    sqs.delete_message(url, m.receipt_handle)
                    return "request deleted from the queue"
    except Exception as exc:
        return f"request not deleted: {error_message(exc)}"
    return "request not received again, so not deleted (it stays in the queue)"


def _drawing(text: Any) -> Drawing:
    """The definition as the graph pane shows it. Whatever the target holds is drawn or named;
    should the checks themselves fail on it, that is shown too, not raised into the poll."""
    try:
        return draw_definition(text if isinstance(text, str) else str(text))
    except Exception as exc:  # a bug of ours must not stop the list from refreshing
        reason = f"the playground failed to read it ({type(exc).__name__}: {exc})"
        return Drawing([GraphLine(f"cannot draw: {shorten(reason, 200)}", None, "problem")], [])
