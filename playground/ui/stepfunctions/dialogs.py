"""Step Functions dialogs: a new state machine from a sample, and an execution's input."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Select, Static, TextArea

from playground.aws.stepfunctions.approval import needs_queue, queue_name, queue_note
from playground.aws.stepfunctions.remote import ROLE_NOTE, RemoteCheck, remote_validate, role_arn
from playground.aws.stepfunctions.samples import Sample
from playground.aws.stepfunctions.validate import check_input, check_name, validate_text
from playground.aws.validation import blocking
from playground.targets import Target
from playground.targets.base import TargetKind
from playground.ui.common.dialogs import FormDialog, account_name
from playground.ui.common.text import plain


@dataclass(frozen=True)
class NewMachine:
    name: str
    definition: dict[str, Any]
    note: str = ""
    kind: str = "STANDARD"


@dataclass(frozen=True)
class NewExecution:
    payload: Any
    name: str | None


SYNC_HINT = ("StartSyncExecution waits for the end (an Express execution runs 5 minutes at most) "
             "and answers with the output, or the error and cause, and what is billed.")


class SfnFormDialog(FormDialog):
    CSS_PATH = "dialogs.tcss"


class NewMachineDialog(SfnFormDialog):
    """Local checks first (nothing is sent while they fail), then the target's
    ValidateStateMachineDefinition where it has one; the form stays open on any error."""

    class Checked(Message):
        def __init__(self, check: RemoteCheck) -> None:
            self.check = check
            super().__init__()

    def __init__(self, samples: list[Sample], target: Target, name: str = "") -> None:
        super().__init__()
        self.samples = {s.key: s for s in samples}
        self.target = target
        self.default_name = name
        self.pending: NewMachine | None = None

    def compose(self) -> ComposeResult:
        first = next(iter(self.samples.values()), None)
        with Vertical(classes="dialog sfn-dialog"):
            yield Label("New state machine", classes="dialog-title")
            with Horizontal(classes="sfn-dialog-row"):
                yield Label("sample", classes="sfn-dialog-label")
                yield Select([(k, k) for k in self.samples], value=first.key if first else
                             Select.NULL, allow_blank=first is None, id="sfn-sample")
            with Horizontal(classes="sfn-dialog-row"):
                yield Label("name", classes="sfn-dialog-label")
                yield Input(self.default_name or (first.key if first else ""), id="sfn-name")
                yield Label("type", classes="sfn-dialog-label sfn-type-label")
                yield Select([("STANDARD", "STANDARD"), ("EXPRESS (run sync)", "EXPRESS")],
                             value="STANDARD", allow_blank=False, id="sfn-type")
            yield Static(plain(first.about) if first else "", classes="hint", id="sfn-about")
            yield TextArea(first.definition if first else "", id="sfn-definition",
                           tab_behavior="focus", show_line_numbers=True)
            yield Static("", classes="hint", id="sfn-queue-note")
            yield Static(plain(f"role {role_arn(self.target)}\n{ROLE_NOTE}"), classes="hint")
            yield from self.buttons("Create")

    def on_mount(self) -> None:
        self.query_one("#sfn-name").focus()
        self._queue_note()

    def _queue_note(self) -> None:
        """Said while the definition has the approval queue's placeholder: Create makes it."""
        note = self.query_one("#sfn-queue-note", Static)
        wanted = needs_queue(self.query_one("#sfn-definition", TextArea).text)
        name = self.query_one("#sfn-name", Input).value.strip() or "<name>"
        note.update(plain(queue_note(queue_name(account_name(self.app, name))))
                    if wanted else "")
        note.display = wanted

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "sfn-name":
            self._queue_note()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id == "sfn-definition":
            self._queue_note()

    def on_select_changed(self, event: Select.Changed) -> None:
        sample = self.samples.get(str(event.value))
        if sample is None:
            return
        self.query_one("#sfn-definition", TextArea).text = sample.definition
        self.query_one("#sfn-name", Input).value = sample.key
        self.query_one("#sfn-about", Static).update(plain(sample.about))
        self.errors([])

    def action_ok(self) -> None:
        if self.pending is not None:
            return
        name = self.query_one("#sfn-name", Input).value.strip()
        text = self.query_one("#sfn-definition", TextArea).text
        definition, issues = validate_text(text)
        problems = check_name(name) + issues
        if blocking(problems) or definition is None:
            self.errors([*problems, "nothing was sent: fix the definition and try again"])
            return
        kind = str(self.query_one("#sfn-type", Select).value)
        self.pending = NewMachine(name, definition, kind=kind)
        self.errors(["local checks pass; asking the target (ValidateStateMachineDefinition)…"],
                    style="dim", mark="…")
        self.check_remote(text)

    @work(thread=True, exclusive=True, exit_on_error=False, group="sfn-validate",
          description="ValidateStateMachineDefinition")
    def check_remote(self, text: str) -> None:
        kind = self.pending.kind if self.pending else "STANDARD"
        self.post_message(self.Checked(remote_validate(self.target, text, kind)))

    def on_new_machine_dialog_checked(self, message: NewMachineDialog.Checked) -> None:
        pending, self.pending = self.pending, None
        check = message.check
        if pending is None:
            return
        if check.result == "FAIL":
            self.errors([f"the target refuses it: {d}" for d in check.diagnostics]
                        or ["the target refuses it (no diagnostics given)"])
            return
        if check.result == "UNAVAILABLE":
            note = "the target has no ValidateStateMachineDefinition: local checks only"
        else:
            warnings = "; ".join(check.diagnostics)
            note = f"ValidateStateMachineDefinition: OK{' — ' + warnings if warnings else ''}"
            if self.target.kind is TargetKind.EMBEDDED:
                note += (" (this emulator answers OK to any definition, even one that is not "
                         "JSON; AWS checks it against the States Language)")
        self.dismiss(NewMachine(pending.name, pending.definition, note, pending.kind))


class StartExecutionDialog(SfnFormDialog):
    def __init__(self, machine: str, sample_input: str, express: bool = False) -> None:
        super().__init__()
        self.machine = machine
        self.sample_input = sample_input
        self.express = express

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog sfn-dialog"):
            if self.express:
                yield Label(plain(f"Run {self.machine} synchronously (EXPRESS)"),
                            classes="dialog-title")
                yield Static(SYNC_HINT, classes="hint")
            else:
                yield Label(plain(f"Start an execution of {self.machine}"),
                            classes="dialog-title")
            yield Label("input (JSON, becomes $ for the first state; type {} for no input: empty "
                        "is refused)", classes="hint")
            yield TextArea(self.sample_input, id="sfn-input", tab_behavior="focus")
            with Horizontal(classes="sfn-dialog-row"):
                yield Label("name", classes="sfn-dialog-label")
                yield Input(placeholder="optional: a unique name (else a UUID)", id="sfn-run")
            if not self.express:
                yield Static("A STANDARD execution name must be unique for 90 days after it "
                             "ends.", classes="hint")
            yield from self.buttons("Start")

    def on_mount(self) -> None:
        self.query_one("#sfn-input").focus()

    def action_ok(self) -> None:
        payload, issues = check_input(self.query_one("#sfn-input", TextArea).text)
        name = self.query_one("#sfn-run", Input).value.strip()
        problems = issues + (check_name(name, "execution name") if name else [])
        if problems:
            self.errors([*problems, "nothing was sent"])
            return
        self.dismiss(NewExecution(payload, name or None))
