"""Typed messages the Step Functions workbench's thread workers post back to the screen."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from playground.aws.stepfunctions.approval import Request, WaitingTask
from playground.aws.stepfunctions.express import SyncResult
from playground.aws.stepfunctions.graph import Drawing
from playground.aws.stepfunctions.history import Timeline
from playground.aws.stepfunctions.nested import Nested


@dataclass(frozen=True)
class MachineInfo:
    name: str
    arn: str
    kind: str


@dataclass(frozen=True)
class ExecutionInfo:
    name: str
    arn: str
    status: str


@dataclass
class MachinesRefreshed(Message):
    """The state machines, and the executions of the one the screen watches (if any)."""

    machines: list[MachineInfo]
    machine: str | None = None
    executions: list[ExecutionInfo] = field(default_factory=list)
    error: str | None = None

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, MachinesRefreshed)


@dataclass
class MachineDescribed(Message):
    """DescribeStateMachine of the watched machine: its definition checked and laid out (in the
    worker: a definition can be 1 MB), whatever the target holds."""

    arn: str
    drawing: Drawing


@dataclass
class ExecutionLoaded(Message):
    """GetExecutionHistory of the watched execution, read state by state."""

    arn: str
    timeline: Timeline | None
    error: str | None = None
    """Why the history could not be read (then `timeline` is None)."""
    cut: bool = False
    """The history was read only up to AWS's limit of events (the target let it run on)."""
    nested: Nested | None = None
    """The same history with each Map iteration and Parallel branch read on its own."""


@dataclass
class MachineChanged(Message):
    """A create, delete or start finished (or failed, with `error`)."""

    text: str
    error: bool = False
    select_machine: str | None = None
    select_execution: str | None = None


@dataclass
class SyncFinished(Message):
    """StartSyncExecution answered (`result`), or was refused (`error`)."""

    machine: str
    result: SyncResult | None
    error: str | None = None


@dataclass
class ApprovalRequestRead(Message):
    """The waiting execution's request, looked for in its queue (`request` None: not there yet,
    or `error` when the queue could not be read)."""

    execution: str
    task: WaitingTask
    request: Request | None
    note: str = ""
    error: str | None = None


@dataclass
class ApprovalAnswered(Message):
    """SendTaskSuccess or SendTaskFailure went (or was refused, with `error`)."""

    execution: str
    text: str
    error: bool = False
