"""How the demo performs each solution action: through the UI where a driver exists (the
workbench opens, the form fills in, the button is pressed), else through the lab engine's own
action while the matching workbench is open, and said so on screen ("performed directly").

`DRIVERS` is the one table of UI drivers, by action kind: what is not in it is performed
directly. `playground demo` and the tests read coverage from here.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from textual.widgets import Button, Checkbox, Input, Select, Static, TextArea

from playground.aws.common import error_message
from playground.aws.events.validate import check_put_event
from playground.aws.recorder import CallRecord
from playground.aws.validation import blocking
from playground.lab.context import LabError, expand
from playground.lab.model import ActionSpec
from playground.lab.registry import ACTIONS, FUNCTIONS, Registered, as_text
from playground.targets.base import is_read_operation
from playground.targets.errors import TargetError
from playground.ui.demo.stage import Stage, StageError, refresh, text_of

if TYPE_CHECKING:
    from playground.lab.engine import LabSession

Params = dict[str, Any]


@dataclass(frozen=True)
class UiDriver:
    service: str
    """The workbench it works in."""
    how: str
    """What the audience watches, in a few words."""
    run: Callable[[Stage, Params], Awaitable[str]]
    fits: Callable[[Params], str | None] = lambda _: None
    """Why these parameters are beyond the form (then the action is performed directly)."""


# --- SQS ---------------------------------------------------------------------------------------
def _queue_fields() -> dict[str, str]:
    from playground.ui.sqs.create_queue import FIELDS

    return {attribute: widget_id for widget_id, attribute, _, _ in FIELDS}


def _create_queue_fits(params: Params) -> str | None:
    known = {*_queue_fields(), "ContentBasedDeduplication"}
    beyond = [k for k in (params.get("attributes") or {}) if k not in known]
    return f"the New queue dialog has no field for {beyond[0]}" if beyond else None


async def _create_queue(stage: Stage, params: Params) -> str:
    from playground.ui.sqs.create_queue import CreateQueueDialog
    from playground.ui.sqs.screen import SqsWorkbench

    bench = await stage.workbench("sqs")
    assert isinstance(bench, SqsWorkbench)
    bench.action_create_queue()
    dialog = await stage.dialog(CreateQueueDialog)
    await stage.fill(dialog.query_one("#q-name", Input), params["name"])
    if params.get("fifo"):
        await stage.fill(dialog.query_one("#q-fifo", Checkbox), True)
    fields = _queue_fields()
    for attribute, value in (params.get("attributes") or {}).items():
        if attribute == "ContentBasedDeduplication":
            await stage.fill(dialog.query_one("#q-content-dedup", Checkbox), bool(value))
        else:
            await stage.fill(dialog.query_one(f"#{fields[attribute]}", Input), as_text(value))
    mark = stage.mark()
    errors = dialog.query_one("#q-errors", Static)
    await stage.press(dialog.query_one("#create", Button))
    await stage.call(mark, "CreateQueue", lambda: "" if not errors.is_mounted or text_of(
        errors).startswith("creating") else text_of(errors))
    await stage.until(lambda: not dialog.is_attached, "the New queue dialog to close")
    name = str(params["name"])
    return f"created queue {name}" + (".fifo" if params.get("fifo") and
                                        not name.endswith(".fifo") else "")


async def _sqs_select(stage: Stage, name: str) -> Any:
    """The SQS workbench with queue `name` selected in its list, as a click would."""
    from playground.ui.sqs.queue_list import QueueTable
    from playground.ui.sqs.screen import SqsWorkbench

    bench = await stage.workbench("sqs")
    assert isinstance(bench, SqsWorkbench)
    urls: list[str] = []

    def listed() -> bool:
        urls[:] = [url for url, q in bench.queues.items() if q.name == name]
        return bool(urls)

    await stage.until(listed, f"queue {name} in the list")
    table = bench.query_one(QueueTable)
    table.focus()
    table.move_cursor(row=table.get_row_index(urls[0]))
    await stage.until(lambda: bench.current_url == urls[0], f"queue {name} to be selected")
    await stage.pause()
    return bench


async def _send(stage: Stage, bench: Any, body: str, group: str | None = None,
                dedup: str | None = None) -> None:
    from playground.ui.sqs.send_form import SendForm

    form = bench.query_one(SendForm)
    await stage.fill(form.query_one("#send-body", TextArea), body)
    if group is not None or form.queue.fifo:
        await stage.fill(form.query_one("#send-group", Input), group or "")
        await stage.fill(form.query_one("#send-dedup", Input), dedup or "")
    issues = form.validate()
    if blocking(issues):
        raise StageError(f"the send form says: {issues[0].message}")
    mark = stage.mark()
    send = form.query_one("#send-one", Button)
    await stage.press(send)
    if issues:  # a warning (JSON that is not): shown on the first press, sent on the second
        await stage.until(lambda: text_of(form.query_one("#send-errors", Static)),
                          "the send form's warning")
        await stage.pause()
        await stage.press(send)
    await stage.call(mark, "SendMessage")
    await stage.until(lambda: text_of(form.query_one("#send-result", Static)), "the send result")


async def _send_message(stage: Stage, params: Params) -> str:
    texts = ([params["body"]] if params.get("body") is not None else []) + list(
        params.get("bodies") or [])
    if not texts:
        raise LabError("send_message needs `body` or `bodies`")
    bench = await _sqs_select(stage, params["queue"])
    for text in texts:
        await _send(stage, bench, text)
    return f"sent {len(texts)} message(s) to {params['queue']}"


async def _send_fifo(stage: Stage, params: Params) -> str:
    bench = await _sqs_select(stage, params["queue"])
    for message in params["messages"]:
        await _send(stage, bench, message["body"], message["group"], message.get("dedup"))
    return f"sent {len(params['messages'])} message(s) to {params['queue']}"


# --- SNS ---------------------------------------------------------------------------------------
async def _create_topic(stage: Stage, params: Params) -> str:
    from playground.ui.sns.dialogs import NewTopicDialog
    from playground.ui.sns.screen import SnsWorkbench

    bench = await stage.workbench("sns")
    assert isinstance(bench, SnsWorkbench)
    bench.action_new_topic()
    dialog = await stage.dialog(NewTopicDialog)
    await stage.fill(dialog.query_one("#topic-name", Input), params["name"])
    if params.get("fifo"):
        await stage.fill(dialog.query_one("#topic-fifo", Checkbox), True)
    errors = dialog.query_one(".dialog-errors", Static)
    mark = stage.mark()
    await stage.press(dialog.query_one("#ok", Button))
    await stage.call(mark, "CreateTopic", lambda: text_of(errors) if errors.is_mounted else "")
    name = str(params["name"])
    if params.get("fifo") and not name.endswith(".fifo"):
        name += ".fifo"  # as SNS requires and the dialog does
    await stage.until(lambda: bench.topic_arn is not None
                      and bench.topic_arn.rsplit(":", 1)[-1] == name, f"topic {name} in the list")
    return f"created topic {name}"


# --- EventBridge -------------------------------------------------------------------------------
async def _put_event(stage: Stage, params: Params) -> str:
    from playground.ui.events.put_form import PutEventForm
    from playground.ui.events.screen import EventsWorkbench

    bench = await stage.workbench("events")
    assert isinstance(bench, EventsWorkbench)
    bench.action_tab("put")
    form = bench.query_one(PutEventForm)
    bus = params.get("bus") or "default"
    select = form.query_one("#put-bus", Select)

    def bus_chosen() -> bool:
        select.value = bus  # refused until the workbench has listed the bus
        return form.bus == bus

    await stage.until(bus_chosen, f"bus {bus} in the put form")
    await stage.pause()
    detail = json.dumps(params["detail"], indent=2)
    issues = check_put_event(params["source"], params["detail_type"], detail)
    if blocking(issues):
        raise StageError(f"the put form says: {issues[0].message}")
    await stage.fill(form.query_one("#put-source", Input), params["source"])
    await stage.fill(form.query_one("#put-type", Input), params["detail_type"])
    await stage.fill(form.query_one("#put-detail", TextArea), detail)
    result = form.query_one("#put-result", Static)
    result.update("")
    mark = stage.mark()
    await stage.press(form.query_one("#put-send", Button))
    await stage.call(mark, "PutEvents")
    await stage.until(lambda: text_of(result), "the put form's verdict")
    return f"put a {params['detail_type']} event from {params['source']} on bus {bus}"


# --- Step Functions ----------------------------------------------------------------------------
async def _start_execution(stage: Stage, params: Params) -> str:
    from textual.widgets import DataTable

    from playground.ui.stepfunctions.dialogs import StartExecutionDialog
    from playground.ui.stepfunctions.screen import StepFunctionsWorkbench
    from playground.ui.stepfunctions.tables import MachineTable

    bench = await stage.workbench("stepfunctions")
    assert isinstance(bench, StepFunctionsWorkbench)
    name = str(params["state_machine"])
    table: DataTable[Any] = bench.query_one(MachineTable)
    arns: list[str] = []

    def listed() -> bool:
        arns[:] = [str(k.value) for k in table.rows if str(k.value).endswith(f":{name}")]
        return bool(arns)

    await stage.until(listed, f"state machine {name} in the list")
    table.focus()
    table.move_cursor(row=table.get_row_index(arns[0]))
    await stage.until(lambda: bench.machine == arns[0], f"state machine {name} to be selected")
    await stage.pause()
    if bench.kinds.get(arns[0]) == "EXPRESS":
        # The workbench runs an EXPRESS machine synchronously (StartSyncExecution); the lab's
        # action starts it asynchronously, which is what its step is about: done directly,
        # with the machine shown selected.
        from playground.aws.stepfunctions.service import StepFunctionsService

        target = getattr(stage.app, "target", None)
        if target is None:
            raise StageError("no target")
        mark = stage.mark()
        await asyncio.to_thread(StepFunctionsService(target).start_execution, arns[0],
                                params.get("input") or {})
        await stage.call(mark, "StartExecution")
        return f"started an EXPRESS execution of {name} (asynchronously, as StartExecution does)"
    bench.action_start_execution()
    dialog = await stage.dialog(StartExecutionDialog)
    await stage.fill(dialog.query_one("#sfn-input", TextArea),
                     json.dumps(params.get("input") or {}, indent=2))
    errors = dialog.query_one(".dialog-errors", Static)
    mark = stage.mark()
    await stage.press(dialog.query_one("#ok", Button))
    await stage.call(mark, "StartExecution", lambda: text_of(errors) if errors.is_mounted else "")
    # As the lab's action does: the step's checks read how the execution ended (a Retry with
    # backoff takes seconds), so the demo waits for its end too.
    status = await asyncio.to_thread(_newest_ended, stage, arns[0],
                                     float(params.get("wait_seconds") or 10))
    return f"ran {name}: {status}"


def _newest_ended(stage: Stage, machine_arn: str, wait_seconds: float) -> str:
    """The status of the machine's newest execution once it has ended (or RUNNING, after
    `wait_seconds`)."""
    from playground.aws.stepfunctions.service import StepFunctionsService

    target = getattr(stage.app, "target", None)  # the playground's app: its target now
    if target is None:
        return "RUNNING"
    sfn = StepFunctionsService(target)
    executions = sfn.list_executions(machine_arn)
    if not executions:
        return "RUNNING"
    newest = max(executions, key=lambda e: e["startDate"])["executionArn"]
    deadline = time.monotonic() + wait_seconds
    status = "RUNNING"
    while status == "RUNNING" and time.monotonic() < deadline:
        status = str(sfn.describe_execution(newest).get("status"))
        if status == "RUNNING":
            time.sleep(0.2)
    return status


# --- Kinesis -----------------------------------------------------------------------------------
MAX_FORM_RECORDS = 10
"""More records than this are put directly (the form puts one record a press)."""


def _record_keys(params: Params) -> list[str]:
    keys = list(params.get("partition_keys") or [])
    if params.get("partition_key"):
        keys += [params["partition_key"]] * int(params.get("count") or 1)
    return keys


def _put_records_fits(params: Params) -> str | None:
    count = len(_record_keys(params))
    return (f"{count} records: the put form puts one a press" if count > MAX_FORM_RECORDS
            else None)


async def _put_records(stage: Stage, params: Params) -> str:
    from playground.ui.kinesis.put_form import PutForm
    from playground.ui.kinesis.screen import KinesisWorkbench
    from playground.ui.kinesis.stream_list import StreamTable

    bench = await stage.workbench("kinesis")
    assert isinstance(bench, KinesisWorkbench)
    stream = str(params["stream"])
    table = bench.query_one(StreamTable)
    await stage.until(lambda: any(str(k.value) == stream for k in table.rows),
                      f"stream {stream} in the list")
    table.focus()
    table.move_cursor(row=table.get_row_index(stream))
    form = bench.query_one(PutForm)
    await stage.until(lambda: form.stream == stream and form.shards, f"stream {stream} chosen")
    await stage.pause()
    keys = _record_keys(params)
    await stage.fill(form.query_one("#put-data", Input), str(params.get("data") or "order"))
    for key in keys:
        await stage.fill(form.query_one("#put-key", Input), key)
        mark = stage.mark()
        await stage.press(form.query_one("#put-send", Button))
        await stage.call(mark, "PutRecord")
    return f"put {len(keys)} record(s) on {stream}"


DRIVERS: dict[str, UiDriver] = {
    "create_queue": UiDriver("sqs", "SQS workbench: New queue dialog (n)", _create_queue,
                             _create_queue_fits),
    "send_message": UiDriver("sqs", "SQS workbench: select the queue, send form", _send_message),
    "sqs_send_fifo": UiDriver("sqs", "SQS workbench: send form with group and dedup ids",
                              _send_fifo),
    "create_topic": UiDriver("sns", "SNS workbench: New topic dialog (n)", _create_topic),
    "put_event": UiDriver("events", "EventBridge workbench: Put events tab", _put_event),
    "start_execution": UiDriver("stepfunctions", "Step Functions workbench: select the state "
                                "machine, Start execution dialog (e)", _start_execution),
    "put_records": UiDriver("kinesis", "Kinesis workbench: select the stream, put form, one "
                            "record a press", _put_records, _put_records_fits),
}
"""UI drivers by action kind (`action:` or `python:` name). Everything else is performed
directly: see `DIRECT_WORKBENCH` for the workbench shown meanwhile."""

DIRECT_WORKBENCH: dict[str, str] = {
    # An SNS workbench's subscriber panes receive and delete what arrives in the subscribed
    # queues: a publish is watched where the deliveries land, in the SQS workbench's counts.
    "publish": "sqs",
    "sns_publish": "sqs",
}
"""The workbench shown while an action without a UI driver runs, where it is not the action's
own service."""


# --- one action ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Performed:
    line: str
    """What was done, in words."""
    through_ui: bool
    commands: tuple[str, ...] = ()
    """The aws CLI of each call that changed something, short (see `short_cli`)."""


def short_cli(record: CallRecord) -> str:
    """`aws sqs create-queue --queue-name ...`: the call log's command without the credentials,
    region and endpoint that every command of the demo shares (the lab's setup line says them)."""
    cli = record.cli()
    at = cli.find(f" {record.service} ")
    text = "aws" + cli[at:] if at >= 0 else cli
    return text if len(text) <= MAX_CLI else text[: MAX_CLI - 1] + "…"


MAX_CLI = 160
"""Characters of a command shown on the demo screen (a long body is cut; the call log has all)."""


def changes_since(stage: Stage, mark: int) -> tuple[str, ...]:
    return tuple(short_cli(r) for r in stage.recorder.records
                 if r.seq > mark and not r.background and not is_read_operation(r.operation))


def resolve(spec: ActionSpec, variables: dict[str, str]) -> tuple[Registered, Params]:
    """The registered action and its checked parameters, `{prefix}` and friends filled in."""
    table = ACTIONS if spec.action else FUNCTIONS
    entry = table.get(spec.name)
    if entry is None:
        raise LabError(f"unknown {'action' if spec.action else 'python function'} {spec.name!r}")
    try:
        return entry, entry.validate(expand(spec.params, variables))
    except ValidationError as exc:
        raise LabError(f"{spec.name}: bad parameters ({exc.errors()[0]['msg']})") from exc


def ui_driver(spec: ActionSpec, params: Params) -> UiDriver | None:
    driver = DRIVERS.get(spec.name)
    return driver if driver is not None and driver.fits(params) is None else None


async def perform(stage: Stage, session: LabSession, spec: ActionSpec) -> Performed:
    """Do one action of a reference solution, through the UI where a driver fits."""
    entry, params = resolve(spec, session.variables)
    driver = ui_driver(spec, params)
    mark = stage.mark()
    if driver is not None:
        try:
            line = await driver.run(stage, params)
            return Performed(line, True, changes_since(stage, mark))
        except StageError as exc:
            raise LabError(f"{spec.name} through the UI: {exc}") from exc
    service = DIRECT_WORKBENCH.get(spec.name, entry.service or "")
    if service:
        await stage.workbench(service)

    def run() -> str:
        try:
            return str(entry.func(session.action_context, **params))
        except (LabError, TargetError):
            raise
        except Exception as exc:
            raise LabError(f"{spec.name} failed: {error_message(exc)}") from exc

    line = await asyncio.to_thread(run)
    if stage.app.is_screen_installed(stage.app.screen):  # a kept workbench (not SNS's, whose
        refresh(stage.app.screen)  # panes update themselves): the result shows now
    return Performed(line, False, changes_since(stage, mark))
