"""The Lambda workbench's thread workers: every AWS call the screen makes starts here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import work

from playground.aws.common import error_message
from playground.aws.kinesis.service import KinesisService
from playground.aws.lambda_.batches import bisect_from_stream
from playground.aws.lambda_.roles import RoleNeedsConfirmation, execution_role
from playground.aws.lambda_.service import LambdaService
from playground.aws.lambda_.templates import TEMPLATES
from playground.aws.sqs.service import SqsService, queue_name
from playground.targets import Target, TargetError
from playground.ui.common.workers import LOOP_GROUPS, report_change
from playground.ui.lambda_.messages import (
    BisectReplayed,
    FunctionsRefreshed,
    Invoked,
    LambdaChanged,
    RoleNeeded,
    SourceLoaded,
    SourcesListed,
)

if TYPE_CHECKING:
    from textual.message import Message

LOOP_GROUPS.add("lambda-poll")
TAIL_LIMIT = 12
"""Invocations the tail shows: the latest dozen."""


@dataclass(frozen=True)
class NewFunction:
    name: str
    template: str
    confirmed: bool = False
    """On a real account: the learner said yes to the execution role."""


@dataclass(frozen=True)
class NewMapping:
    function: str
    source_arn: str
    batch_size: int | None
    batching_window: int | None
    report_failures: bool
    bisect: bool | None
    starting_position: str | None


class LambdaWorkers:
    """Mixed into the workbench screen; workers only call AWS and post messages."""

    if TYPE_CHECKING:
        def post_message(self, message: Message) -> bool: ...

        def watched_function(self) -> str | None: ...

        def poll_until_cancelled(self, target: Target, read: Callable[[], None],
                                 failed: Callable[[str], Message]) -> None: ...

    @work(thread=True, exclusive=True, exit_on_error=False, group="lambda-poll",
          description="refresh functions and the invocation tail")
    def poll(self, target: Target) -> None:
        """ListFunctions; for the watched function its mappings, who triggers it (SNS,
        EventBridge) and its latest invocations from CloudWatch Logs: the live tail. Paced
        like every loop (2 s on an emulator, the shared budget on a real account)."""
        svc = LambdaService(target)

        def read() -> None:
            functions = svc.list_functions()
            watched = self.watched_function()
            found = next((f for f in functions if f.name == watched), None)
            if found is None:
                self.post_message(FunctionsRefreshed(functions))
                return
            self.post_message(FunctionsRefreshed(
                functions, found.name, svc.mappings(found.name), svc.triggers(found.arn),
                svc.recent_invocations(found.name, limit=TAIL_LIMIT)))

        self.poll_until_cancelled(target, read, lambda text: FunctionsRefreshed([], error=text))

    @work(thread=True, exclusive=True, exit_on_error=False, group="lambda-source",
          description="read the deployed handler")
    def load_source(self, target: Target, name: str) -> None:
        try:
            with target.recorder.background():
                source = LambdaService(target).source(name)
        except Exception as exc:
            self.post_message(SourceLoaded(name, None, error_message(exc)))
            return
        self.post_message(SourceLoaded(name, source))

    def _change(self, call: Callable[[], str], failure: str, select: str | None = None) -> None:
        """Run one write; say what it did, or the service's words for why not."""
        report_change(self.post_message, LambdaChanged, call, failure, select)

    @work(thread=True, exit_on_error=False, group="lambda-write", description="create function")
    def create_function(self, target: Target, request: NewFunction) -> None:
        template = TEMPLATES[request.template]
        try:
            role = execution_role(target, confirmed=request.confirmed)
        except RoleNeedsConfirmation as exc:
            self.post_message(RoleNeeded(str(exc), request))
            return
        except Exception as exc:
            self.post_message(LambdaChanged(f"no execution role: {error_message(exc)}", True))
            if isinstance(exc, TargetError):
                raise
            return

        def call() -> str:
            fn = LambdaService(target).create_function(request.name, template.source, role=role,
                                                       runtime=template.runtime)
            return f"created {fn.name} ({template.title}): {fn.state}"

        self._change(call, f"could not create {request.name}", select=request.name)

    @work(thread=True, exclusive=True, exit_on_error=False, group="lambda-deploy",
          description="deploy the handler")
    def deploy(self, target: Target, name: str, runtime: str, source: str) -> None:
        def call() -> str:
            fn = LambdaService(target).update_code(name, source, runtime=runtime)
            state = "deployed" if fn.last_update == "Successful" else fn.last_update
            return f"{name}: {state} ({len(source.encode('utf-8')):,} bytes of handler)"

        self._change(call, f"could not deploy {name}")

    @work(thread=True, exclusive=True, exit_on_error=False, group="lambda-invoke",
          description="invoke the function")
    def invoke(self, target: Target, name: str, payload: object) -> None:
        try:
            result = LambdaService(target).invoke(name, payload)
        except Exception as exc:
            self.post_message(Invoked(name, None, error_message(exc)))
            if isinstance(exc, TargetError):
                raise
            return
        self.post_message(Invoked(name, result))

    @work(thread=True, exclusive=True, exit_on_error=False, group="lambda-sources",
          description="list queues and streams")
    def list_sources(self, target: Target) -> None:
        try:
            with target.recorder.background():
                sqs = SqsService(target)
                queues = {queue_name(u): sqs.attributes(u)["QueueArn"]
                          for u in sqs.list_queue_urls()}
                streams = KinesisService(target).stream_arns()
        except Exception as exc:
            self.post_message(SourcesListed({}, {}, error_message(exc)))
            return
        self.post_message(SourcesListed(queues, streams))

    @work(thread=True, exit_on_error=False, group="lambda-write", description="create mapping")
    def create_mapping(self, target: Target, request: NewMapping) -> None:
        def call() -> str:
            mapping = LambdaService(target).create_mapping(
                request.function, request.source_arn, batch_size=request.batch_size,
                batching_window=request.batching_window, report_failures=request.report_failures,
                bisect=request.bisect, starting_position=request.starting_position)
            return f"{mapping.source_name} → {request.function}: mapping {mapping.state}"

        self._change(call, "could not create the mapping")

    @work(thread=True, exit_on_error=False, group="lambda-write", description="enable/disable")
    def set_enabled(self, target: Target, uuid: str, enabled: bool) -> None:
        def call() -> str:
            mapping = LambdaService(target).set_mapping_enabled(uuid, enabled)
            return f"mapping from {mapping.source_name}: {mapping.state}"

        self._change(call, "could not change the mapping")

    @work(thread=True, exit_on_error=False, group="lambda-write", description="delete function")
    def delete_function(self, target: Target, name: str) -> None:
        def call() -> str:
            svc = LambdaService(target)
            for mapping in svc.mappings(name):
                svc.delete_mapping(mapping.uuid)
            svc.delete_function(name)
            return f"deleted {name} (and its mappings)"

        self._change(call, f"could not delete {name}")

    @work(thread=True, exclusive=True, exit_on_error=False, group="lambda-invoke",
          description="replay a batch as bisect splits it")
    def bisect_replay(self, target: Target, function: str, stream: str, limit: int) -> None:
        """The stream's first records through the function, halved on every error as a mapping
        with BisectBatchOnFunctionError does (real invocations, in the call log)."""
        try:
            run = bisect_from_stream(LambdaService(target), function, stream, limit=limit)
        except Exception as exc:
            self.post_message(BisectReplayed(function, stream, None, error_message(exc)))
            if isinstance(exc, TargetError):
                raise
            return
        self.post_message(BisectReplayed(function, stream, run))
