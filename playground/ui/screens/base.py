"""The frame every screen shares: target header on top, call log and footer below."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer

from playground.ui.widgets.call_log import CallLogPane
from playground.ui.widgets.target_header import TargetHeader
from playground.ui.workers import ReportsWorkerErrors

if TYPE_CHECKING:
    from playground.ui.app import PlaygroundApp


class PlaygroundScreen(ReportsWorkerErrors, Screen[None]):
    """Subclasses implement `compose_body()`; the header and call log come for free."""

    @property
    def playground(self) -> PlaygroundApp:
        from playground.ui.app import PlaygroundApp

        assert isinstance(self.app, PlaygroundApp)
        return self.app

    def compose(self) -> ComposeResult:
        app = self.playground
        yield TargetHeader(id="target-header")
        with Vertical(id="body"):
            yield from self.compose_body()
        pane = CallLogPane(app.recorder, show_times=app.settings.ui.clock, id="call-log")
        pane.display = app.call_log_visible
        yield pane
        yield Footer()

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
