"""The app as an activity worker: pick or create an activity, poll it for a task (a long poll
in a thread worker, stopped with the same button), then answer the task with the output typed
(JSON), a failure (error, cause) or a heartbeat."""

from __future__ import annotations

import contextlib
import threading
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from playground.aws.common import error_message
from playground.aws.stepfunctions.activities import (
    ActivityTask,
    check_failure,
    check_output,
    create_activity,
    get_task,
    send_failure,
    send_heartbeat,
    send_success,
)
from playground.aws.stepfunctions.approval import short_token
from playground.aws.stepfunctions.history import pretty
from playground.aws.stepfunctions.service import StepFunctionsService
from playground.aws.stepfunctions.validate import check_name
from playground.parity import NOTES
from playground.targets import Target, TargetError
from playground.ui.common.dialogs import account_name
from playground.ui.common.text import clean
from playground.ui.stepfunctions.dialogs import SfnFormDialog

STOPPED_ERROR = "Playground.WorkerStopped"
STOPPED_CAUSE = "the playground's activity worker was closed before the task was answered"


class ActivityWorkerDialog(SfnFormDialog):
    """ctrl+s sends success with the output typed; the buttons do the rest; escape closes."""

    BINDINGS = [Binding("escape", "cancel", "Close", id="sfn.worker.close"),
                Binding("ctrl+s", "ok", "Send success", id="sfn.worker.success")]

    class Listed(Message):
        def __init__(self, activities: list[tuple[str, str]], error: str = "",
                     select: str | None = None) -> None:
            self.activities = activities
            self.error = error
            self.select = select
            super().__init__()

    class Polled(Message):
        def __init__(self, task: ActivityTask | None, error: str = "", late: bool = False,
                     done: bool = False) -> None:
            self.found = task
            self.error = error
            self.late = late
            self.done = done
            super().__init__()

    class Answered(Message):
        def __init__(self, text: str, error: bool = False, finished: bool = True) -> None:
            self.text = text
            self.error = error
            self.finished = finished
            super().__init__()

    def __init__(self, target: Target, activities_missing: bool = False) -> None:
        super().__init__()
        self.target = target
        self.missing = activities_missing
        self.held: ActivityTask | None = None
        """The task taken and not answered yet."""
        self.polling = False
        self._stop = threading.Event()
        self.closed = threading.Event()
        """Set when the dialog goes: a task a poll takes after that is failed, not lost."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog sfn-dialog sfn-try"):
            yield Label("Activity worker", classes="dialog-title")
            with VerticalScroll(classes="sfn-worker-body"):
                yield from self._body()
            with Vertical(classes="dialog-footer"):
                yield Static("", classes="dialog-errors")
                with Horizontal(classes="dialog-buttons"):
                    yield Button("Success ^s", variant="primary", id="success")
                    yield Button("Failure", variant="error", id="failure")
                    yield Button("Heartbeat", id="heartbeat")
                    yield Button("Close", id="cancel")

    def _body(self) -> ComposeResult:
        """The fields, in a scroll of their own: at 80x24 the buttons stay in sight."""
        if self.missing:
            yield Static(Text(NOTES["activities"].text(), style="yellow"), classes="hint")
        with Horizontal(classes="sfn-dialog-row"):
            yield Label("activity", classes="sfn-dialog-label")
            yield Select([], prompt="(none yet: create one)", id="sfn-activity")
            yield Input(placeholder="new activity name", id="sfn-activity-name")
            yield Button("Create", id="create")
        with Horizontal(classes="sfn-worker-row"):
            yield Button("Poll", id="poll", variant="success")
            yield Static(Text("not polling", style="dim"), id="sfn-worker-status")
        yield Static(Text("no task yet: Poll asks for one (GetActivityTask holds the "
                          "call up to 60 s)", style="dim"), id="sfn-task")
        output = TextArea("{}", id="sfn-worker-output", tab_behavior="focus")
        output.border_title = "output (JSON) for SendTaskSuccess"
        yield output
        with Horizontal(classes="sfn-dialog-row"):
            yield Label("error", classes="sfn-dialog-label")
            yield Input(placeholder="e.g. Worker.Refused", id="sfn-worker-error")
            yield Label("cause", classes="sfn-dialog-label")
            yield Input(placeholder="why, in words", id="sfn-worker-cause")

    def on_mount(self) -> None:
        self.list_activities()

    # --- workers ------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, exit_on_error=False, group="sfn-worker-list",
          description="list activities")
    def list_activities(self, create: str | None = None) -> None:
        made = None
        try:
            if create:
                made = create_activity(self.target, create)
            found = [(a["name"], a["activityArn"])
                     for a in StepFunctionsService(self.target).list_activities()]
        except Exception as exc:
            self.post_message(self.Listed([], error_message(exc)))
            if isinstance(exc, TargetError):
                raise
            return
        self.post_message(self.Listed(found, select=made))

    @work(thread=True, exclusive=True, exit_on_error=False, group="sfn-worker-poll",
          description="GetActivityTask")
    def poll(self, activity: str) -> None:
        """Long polls until a task comes or Poll is pressed again. A poll in flight cannot be
        called back: a task it takes after the stop is still shown (or, once the dialog is
        closed, failed with STOPPED_ERROR so its execution does not wait for nobody)."""
        while not self._stop.is_set():
            try:
                task = get_task(self.target, activity)
            except Exception as exc:
                self.post_message(self.Polled(None, error_message(exc), done=True))
                return
            if task is not None:
                if self.closed.is_set():
                    # (it may have timed out meanwhile: then there is nothing to fail)
                    with contextlib.suppress(Exception):
                        send_failure(self.target, task.token, STOPPED_ERROR, STOPPED_CAUSE)
                    return
                self.post_message(self.Polled(task, late=self._stop.is_set(), done=True))
                return
        self.post_message(self.Polled(None, done=True))

    @work(thread=True, exit_on_error=False, group="sfn-worker-answer",
          description="answer activity task")
    def answer(self, token: str, how: str, output: Any = None, error: str = "",
               cause: str = "") -> None:
        call = {"success": "SendTaskSuccess", "failure": "SendTaskFailure",
                "heartbeat": "SendTaskHeartbeat"}[how]
        try:
            if how == "success":
                send_success(self.target, token, output)
            elif how == "failure":
                send_failure(self.target, token, error, cause)
            else:
                send_heartbeat(self.target, token)
        except Exception as exc:
            self.post_message(self.Answered(f"{call} refused: {error_message(exc)}", True,
                                            finished=False))
            if isinstance(exc, TargetError):
                raise
            return
        said = {"success": "sent: the state succeeds with this output",
                "failure": "sent: the state fails with this error",
                "heartbeat": "sent: the HeartbeatSeconds clock starts again"}[how]
        self.post_message(self.Answered(f"{call} {said}", finished=how != "heartbeat"))

    # --- what the workers said ----------------------------------------------------------------
    def on_activity_worker_dialog_listed(self, message: ActivityWorkerDialog.Listed) -> None:
        if message.error:
            self.errors([f"activities not listed: {message.error}"])
            return
        picker = self.query_one("#sfn-activity", Select)
        before = picker.value if picker.value != Select.BLANK else None
        picker.set_options([(clean(name, 80), arn) for name, arn in message.activities])
        arns = {arn for _, arn in message.activities}
        wanted = message.select or before
        if wanted in arns:
            picker.value = wanted
        elif message.activities:
            picker.value = message.activities[0][1]

    def on_activity_worker_dialog_polled(self, message: ActivityWorkerDialog.Polled) -> None:
        self._set_polling(False)
        status = self.query_one("#sfn-worker-status", Static)
        if message.error:
            status.update(Text(f"GetActivityTask refused: {clean(message.error)}", style="red"))
            return
        if message.found is None:
            status.update(Text("stopped polling: no task taken", style="dim"))
            return
        self.held = message.found
        status.update(Text("task taken" + (" (it came after you stopped: a poll in flight "
                                           "cannot be called back)" if message.late else ""),
                           style="green"))
        self._show_task()

    def on_activity_worker_dialog_answered(self, message: ActivityWorkerDialog.Answered) -> None:
        self.errors([message.text], style="red" if message.error else "green",
                    mark="✗" if message.error else "✓")
        if message.finished and not message.error:
            self.held = None
            self._show_task()

    # --- actions ------------------------------------------------------------------------------
    def _show_task(self) -> None:
        shown = self.query_one("#sfn-task", Static)
        task = self.held
        if task is None:
            shown.update(Text("no task: Poll asks for the next one", style="dim"))
            return
        text = Text()
        text.append("token ", style="dim")
        text.append(short_token(task.token), style="cyan")
        text.append(f"  ({len(task.token):,} characters)\n", style="dim")
        text.append("input\n", style="bold underline")
        text.append(clean(pretty(task.input)))
        shown.update(text)

    def _set_polling(self, on: bool) -> None:
        self.polling = on
        button = self.query_one("#poll", Button)
        button.label = "Stop" if on else "Poll"
        button.variant = "warning" if on else "success"

    def _activity(self) -> str | None:
        value = self.query_one("#sfn-activity", Select).value
        return value if isinstance(value, str) else None

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        event.prevent_default()  # FormDialog's own handler would close the dialog
        pressed = event.button.id
        if pressed == "cancel":
            self.action_cancel()
        elif pressed == "create":
            self._create()
        elif pressed == "poll":
            self._toggle_poll()
        elif pressed == "success":
            self.action_ok()
        elif pressed in ("failure", "heartbeat"):
            self._answer(pressed)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        event.prevent_default()  # FormDialog's would send success
        if event.input.id == "sfn-activity-name":
            self._create()

    def _create(self) -> None:
        name = self.query_one("#sfn-activity-name", Input).value.strip()
        problems = check_name(name, "activity name")
        if problems:
            self.errors([*problems, "nothing was sent"])
            return
        self.errors([])
        self.list_activities(account_name(self.app, name))

    def _toggle_poll(self) -> None:
        status = self.query_one("#sfn-worker-status", Static)
        if self.polling:
            self._stop.set()
            status.update(Text("stopping: the poll in flight ends within 60 s; a task it "
                               "takes is still shown", style="yellow"))
            return
        activity = self._activity()
        if activity is None:
            self.errors(["pick or create an activity first"])
            return
        if self.held is not None:
            self.errors(["answer the task you hold first (a token answers once)"])
            return
        self._stop = threading.Event()
        self._set_polling(True)
        status.update(Text(f"polling {clean(activity.rsplit(':', 1)[-1], 80)}… "
                           "(GetActivityTask holds each call up to 60 s; Stop stops)",
                           style="yellow"))
        self.poll(activity)

    def action_ok(self) -> None:
        if self.held is None:
            self.errors(["no task to answer: Poll first"])
            return
        output, issues = check_output(self.query_one("#sfn-worker-output", TextArea).text)
        if issues:
            self.errors([*issues, "nothing was sent: the output stays as typed"])
            return
        self.errors([])
        self.answer(self.held.token, "success", output)

    def _answer(self, how: str) -> None:
        if self.held is None:
            self.errors(["no task to answer: Poll first"])
            return
        error = self.query_one("#sfn-worker-error", Input).value
        cause = self.query_one("#sfn-worker-cause", Input).value
        issues = check_failure(error, cause) if how == "failure" else []
        if issues:
            self.errors([*issues, "nothing was sent"])
            return
        self.errors([])
        self.answer(self.held.token, how, error=error, cause=cause)

    def on_unmount(self) -> None:
        """However the dialog goes (the app quitting too), the poll loop stops."""
        self.closed.set()
        self._stop.set()

    def action_cancel(self) -> None:
        """Closing with a task held fails it (STOPPED_ERROR): nobody would answer it else, and
        its execution would wait for its TimeoutSeconds."""
        self.closed.set()
        self._stop.set()
        if self.held is not None:
            self.answer(self.held.token, "failure", error=STOPPED_ERROR, cause=STOPPED_CAUSE)
        self.dismiss(None)
