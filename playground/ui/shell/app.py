"""The app shell: screens, call log, keys, help, signals. The target side is in target_app."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, Keymap
from textual.screen import Screen

from playground.config import Settings
from playground.targets import (
    Target,
    TargetSpec,
)
from playground.ui.common.covered import KeysToCoveredScreens
from playground.ui.common.footer import KeysFooter
from playground.ui.common.paste import GuardsPastes
from playground.ui.common.screen import PlaygroundHost
from playground.ui.shell.call_log import CallLogPane
from playground.ui.shell.commands import PaletteHost, PlaygroundCommands
from playground.ui.shell.help import HelpScreen, keys_here
from playground.ui.shell.home import HomeScreen
from playground.ui.shell.presenter import PRESENT_CLASS, THEMES, projector_theme
from playground.ui.shell.target_app import TargetApp
from playground.ui.shell.target_header import TargetHeader

WORKER_THREADS = 128
"""Room for every live loop (SNS has one per subscriber pane) and the one-shot calls beside."""


class PlaygroundApp(KeysToCoveredScreens, GuardsPastes, TargetApp):
    TITLE = "playground"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {PlaygroundCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("l", "toggle_call_log", "Call log", id="app.toggle-call-log"),
        # Our own binding to command_palette stops Textual adding ctrl+p, so name both keys.
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.command-palette"),
        Binding("colon", "command_palette", "Commands", show=False, id="app.command-bar"),
        Binding("f1", "help", "Help", show=False, id="app.help-f1"),
        Binding("f5", "toggle_present", "Presenter mode", show=False, id="app.presenter-mode"),
    ]

    def __init__(self, settings: Settings | None = None, spec: TargetSpec | None = None, *,
                 target: Target | None = None, handle_signals: bool = False,
                 unstarted: Target | None = None) -> None:
        super().__init__(settings, spec, target=target, unstarted=unstarted)
        self._handle_signals = handle_signals
        self.call_log_visible = self.settings.ui.call_log
        if not self.settings.ui.animations:
            self.animation_level = "none"
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        self.present = False
        self._theme_before_present = ""
        for theme in THEMES:
            self.register_theme(theme)

    # --- layout ----------------------------------------------------------------------------
    # Home is the app's mode, not its default screen: Textual loads a screen's CSS_PATH when it
    # pushes or installs it, never for the screen `get_default_screen` returns, so home.tcss
    # only took effect once the learner had left home and come back.
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {"home": HomeScreen}
    DEFAULT_MODE: ClassVar[str] = "home"

    def on_mount(self) -> None:
        # Thread workers run in the loop's default executor: min(32, cores + 4) threads, six on
        # two cores, fewer than the live loops of four open workbenches plus the target watch
        # (a parked loop holds its thread; the next worker would wait for ever). Threads are
        # made as needed, so a high ceiling costs nothing until it is used.
        asyncio.get_running_loop().set_default_executor(
            ThreadPoolExecutor(max_workers=WORKER_THREADS, thread_name_prefix="playground-worker"))
        if self._handle_signals:
            # SIGTERM/SIGHUP/SIGINT end the app cleanly, so the terminal is restored and the
            # emulator stopped (it also dies on its own if we are SIGKILLed).
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGINT):
                with contextlib.suppress(NotImplementedError, RuntimeError):
                    loop.add_signal_handler(sig, self.exit)
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(signal.SIGHUP, self._terminal_gone)
            self._watch_terminal()
        if self.settings.ui.theme in self.available_themes:
            self.theme = self.settings.ui.theme
        if self.settings.ui.present:
            self.set_present(True)
        self.start_or_adopt_target()

    def get_system_commands(self, screen: Screen[object]):  # type: ignore[no-untyped-def]
        yield from (c for c in super().get_system_commands(screen) if c.title != "Quit")
        yield SystemCommand("Quit", "quit this tab's app (the shared emulator runs on for the "
                            "other tabs)" if self.spec.shared_emulator else
                            "quit the app (stops the embedded emulator)", self.exit)

    def set_theme_name(self, name: str) -> None:
        self.theme = name

    # --- navigation and views ----------------------------------------------------------------
    def open_service(self, service: str) -> None:
        """A service's workbench, from the table in `playground.ui.workbenches`."""
        from playground.ui.workbenches import BY_KEY

        self.push_screen(BY_KEY[service].screen()())

    def open_lab(self, lab_id: str) -> None:
        try:
            from playground.ui.lab.screen import LabScreen
        except ImportError:
            self.notify("Labs are not available in this build", severity="warning")
            return
        self.push_screen(LabScreen(lab_id))

    def action_command_palette(self) -> None:
        super().action_command_palette()
        if not self.settings.ui.animations:
            # A blinking cursor makes screenshots differ run to run.
            self.call_after_refresh(self._still_cursors)

    def _still_cursors(self) -> None:
        from textual.widgets import Input

        for field in self.screen.query(Input):
            field.cursor_blink = False

    def action_toggle_call_log(self) -> None:
        self.call_log_visible = not self.call_log_visible
        pane = self.screen.query_one(CallLogPane)
        pane.display = self.call_log_visible
        if pane.display:
            with contextlib.suppress(Exception):
                pane.query_one("DataTable").focus()

    def action_toggle_present(self) -> None:
        self.set_present(not self.present)

    def set_present(self, on: bool) -> None:
        """Presenter mode: the projector theme, the call log and the cost meter put away, short
        footers; styles under the app's `-present` class do the rest (see presenter.py)."""
        if on == self.present:
            return
        self.present = on
        if on:
            self._theme_before_present = self.theme
            self.theme = projector_theme(self.current_theme.dark)
            self.call_log_visible = False
        elif self._theme_before_present in self.available_themes:
            self.theme = self._theme_before_present
        self.set_class(on, PRESENT_CLASS, update=False)
        self._repaint_headers()
        for screen in self.screen_stack:
            screen.update_node_styles(animate=False)  # the app restyles only the screen on top
            for pane in screen.query(CallLogPane):
                pane.display = self.call_log_visible
            for footer in screen.query(KeysFooter):
                footer.compact = on

    def paint_header(self, header: TargetHeader) -> None:
        super().paint_header(header)
        if self.present:
            header.cost, header.tooltip = "", None

    def set_keymap(self, keymap: Keymap) -> None:
        """Remember the keymap too: help shows the keys of widgets that are not focused yet."""
        self.keymap = dict(keymap)
        super().set_keymap(keymap)

    def update_keymap(self, keymap: Keymap) -> None:
        self.keymap = {**self.keymap, **keymap}
        super().update_keymap(keymap)

    def action_help(self) -> None:
        """The keys of the active keymap where the user is, each with the id to remap it by."""
        self.push_screen(HelpScreen(keys_here(
            self, self.keymap,
            elsewhere=[("Call log (when focused)", CallLogPane, CallLogPane.BINDINGS)])))

    def _watch_terminal(self) -> None:
        """Notice a terminal that went away without a SIGHUP reaching us (a closed pty whose
        session we do not lead): its tty then answers every call with EIO."""
        import sys
        import termios
        import threading

        stdin = sys.__stdin__
        if stdin is None or not stdin.isatty():
            return  # served in a browser, or piped: no terminal to lose
        fd = stdin.fileno()

        def watch() -> None:
            while True:
                time.sleep(0.25)
                try:
                    termios.tcgetattr(fd)
                except (termios.error, OSError):
                    self._terminal_gone()
                    return

        threading.Thread(target=watch, name="terminal-watch", daemon=True).start()

    def _terminal_gone(self) -> None:
        """SIGHUP: the terminal is gone, so there is nothing to restore or show. Stop the emulator
        and end the process now: a normal shutdown can hang with Textual's input thread spinning
        on the dead tty (upstream Textual PR 6690), and nobody would ever see it."""
        with contextlib.suppress(Exception):
            self._stop_owned_target()
        os._exit(129)  # 128 + SIGHUP, as a shell reports it


if TYPE_CHECKING:  # the app is what its screens and its palette take it for; mypy holds it to that
    _screens_host: type[PlaygroundHost] = PlaygroundApp
    _palette_host: type[PaletteHost] = PlaygroundApp
