"""The frame every screen shares: target header on top, call log and footer below."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from playground.ui.common.footer import KeysFooter
from playground.ui.common.text import plain
from playground.ui.common.workers import ReportsWorkerErrors
from playground.ui.shell.call_log import CallLogPane
from playground.ui.shell.presenter import PRESENT_CLASS
from playground.ui.shell.target_header import TargetHeader

if TYPE_CHECKING:
    from playground.aws.recorder import CallRecorder
    from playground.config import Settings
    from playground.targets import Target


@runtime_checkable
class PlaygroundHost(Protocol):
    """What a screen asks of the app it runs in (PlaygroundApp is one), so that screens need not
    import the app that imports them."""

    @property
    def settings(self) -> Settings: ...
    @property
    def recorder(self) -> CallRecorder: ...
    @property
    def target(self) -> Target | None: ...
    @property
    def call_log_visible(self) -> bool: ...
    def paint_header(self, header: TargetHeader) -> None: ...
    def request_parity(self, screen: PlaygroundScreen, keys: tuple[str, ...]) -> None: ...
    def open_service(self, service: str) -> None: ...
    def open_lab(self, lab_id: str) -> None: ...


class PlaygroundScreen(ReportsWorkerErrors, Screen[None]):
    """Subclasses implement `compose_body()`; the header and call log come for free."""

    async def _on_message(self, message: Message) -> None:
        # A thread worker's answer can reach a screen whose panes are already being removed
        # (the app quitting, the screen popped): its handler then finds nothing to draw into.
        # That, and only that, is dropped; a missing widget on a live screen still raises.
        try:
            await super()._on_message(message)
        except NoMatches:
            if self._pruning or self._closing or not self.app._running:
                return
            raise

    PARITY_KEYS: ClassVar[tuple[str, ...]] = ()
    """Capabilities this screen relies on; where the target lacks one, a parity note shows."""

    @property
    def playground(self) -> PlaygroundHost:
        assert isinstance(self.app, PlaygroundHost)
        return self.app

    @property
    def target(self) -> Target | None:
        """Where calls go now; None while the app starts or switches targets."""
        return getattr(self.app, "target", None)

    def compose(self) -> ComposeResult:
        app = self.playground
        yield TargetHeader(id="target-header")
        with Vertical(id="body"):
            notes = Static("", id="parity-notes")
            notes.display = False
            yield notes
            yield from self.compose_body()
        pane = CallLogPane(app.recorder, show_times=app.settings.ui.clock, id="call-log")
        pane.display = app.call_log_visible
        yield pane
        yield KeysFooter()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.sync_frame()

    def on_screen_resume(self) -> None:
        self.sync_frame()

    def sync_frame(self) -> None:
        """Show what the app knows now: the target, and whether the call log is open."""
        app = self.playground
        app.paint_header(self.query_one(TargetHeader))
        self.query_one(CallLogPane).display = app.call_log_visible
        self.query_one(KeysFooter).compact = self.app.has_class(PRESENT_CLASS)
        if self.PARITY_KEYS:
            app.request_parity(self, self.PARITY_KEYS)

    def show_parity(self, notes: list[str]) -> None:
        """Where this target behaves unlike AWS, say so above the workbench."""
        widget = self.query_one("#parity-notes", Static)
        widget.update(plain("\n".join(f"⚠ {note}" for note in notes)))
        widget.display = bool(notes)
