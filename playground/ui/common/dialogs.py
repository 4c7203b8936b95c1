"""Small modal dialogs: confirm a destructive or real-account action, ask for one value."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from playground.aws.validation import Issue
from playground.ui.common.issues import issue_lines
from playground.ui.common.text import plain

SUBMIT_KEY = "ctrl+s"
"""Every dialog takes its main action on this key (forms, prompts and confirmations alike), so
the key a learner used in one dialog works in the next (the Kinesis merge ignored it)."""


class ConfirmDialog(ModalScreen[bool]):
    """Title and body are shown as text, never markup: they name queues, topics, streams."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
        Binding("y", "confirm", "Yes", id="dialog.yes"),
        Binding(SUBMIT_KEY, "confirm", "Yes", show=False, id="dialog.submit"),
        Binding("n", "cancel", "No", show=False, id="dialog.no"),
    ]

    AUTO_FOCUS = "#confirm"

    def __init__(self, title: str, body: str, confirm_label: str = "Yes") -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.title_text), classes="dialog-title")
            # A long body (a lab's plan, a teardown list) scrolls at 80x24; the buttons stay.
            with VerticalScroll(classes="dialog-scroll"):
                yield Static(plain(self.body), classes="dialog-body")
            with Horizontal(classes="dialog-buttons dialog-footer"):
                yield Button(self.confirm_label, variant="error", id="confirm")
                yield Button("Cancel", id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class PromptDialog(ModalScreen[str | None]):
    """The title is shown as text: it often names a resource."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
                Binding(SUBMIT_KEY, "accept", "OK", show=False, id="prompt.submit")]

    def __init__(self, title: str, placeholder: str = "", value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield Input(value=self.value, placeholder=self.placeholder, id="prompt-input")
            yield Static("enter or ctrl+s to accept · esc to cancel", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_accept(self) -> None:
        self.dismiss(self.query_one("#prompt-input", Input).value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


def account_name(app: Any, name: str) -> str:
    """On a real account every name carries the settings' resource prefix, so teardown can
    tell what the playground made; on emulators names stay as typed."""
    target = getattr(app, "target", None)
    prefix = str(app.settings.resource_prefix)
    if target is None or not target.is_real or name.startswith(prefix):
        return name
    return prefix + name


class FormDialog(ModalScreen[Any]):
    """A small form: fields, a block of errors that keeps it open, OK (ctrl+s or enter in a
    field) and Cancel (esc). Subclasses set CSS_PATH (and the classes of their `row`s) and
    implement action_ok."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="form.cancel"),
                Binding(SUBMIT_KEY, "ok", "OK", id="form.ok")]
    ROW_CLASS = "form-row"
    """The class of a `row`, styled by the subclass's CSS."""
    LABEL_CLASS = "form-label"
    """The class of a label in a `row`."""

    def row(self, *parts: str | Widget, classes: str | None = None) -> Horizontal:
        """One line of the form: each string a label, each widget a field, left to right."""
        return Horizontal(*(Label(part, classes=self.LABEL_CLASS) if isinstance(part, str)
                            else part for part in parts), classes=classes or self.ROW_CLASS)

    def buttons(self, ok: str) -> ComposeResult:
        # Docked at the dialog's foot: on a short screen the fields scroll, and what keeps the
        # form open and the buttons stay in sight.
        with Vertical(classes="dialog-footer"):
            yield Static("", classes="dialog-errors")
            with Horizontal(classes="dialog-buttons"):
                yield Button(plain(f"{ok} ^s"), variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def errors(self, issues: Iterable[Issue | str], style: str | None = None,
               mark: str | None = None) -> None:
        """Show what keeps the form open (as text: an issue may quote what the user typed)."""
        self.query_one(".dialog-errors", Static).update(issue_lines(issues, style=style, mark=mark))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self.action_ok()
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # Textual also runs a base class's handler: subclasses must not repeat this one.
        event.stop()
        self.action_ok()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_ok(self) -> None:
        raise NotImplementedError
