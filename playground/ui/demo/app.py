"""The app `playground demo LAB` runs: the playground with the demo screen at the bottom, so
leaving the demo leaves the app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from textual.screen import Screen

from playground.ui.demo.screen import DEFAULT_DELAY_S, DemoScreen
from playground.ui.shell import app as shell_app
from playground.ui.shell.app import PlaygroundApp


class DemoApp(PlaygroundApp):
    """Exit code: 0 when every step held once the demo ended, else 1."""

    CSS_PATH = str(Path(shell_app.__file__).with_name("app.tcss"))  # relative: to this file

    def __init__(self, lab_id: str, *, auto: bool = False, delay: float = DEFAULT_DELAY_S,
                 exit_at_end: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.demo = DemoScreen(lab_id, auto=auto, delay=delay, exit_at_end=exit_at_end,
                               leave_exits=True)

    # The demo screen is the whole app: no home mode (its styles are DEFAULT_CSS, loaded anyway).
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {}
    DEFAULT_MODE: ClassVar[str] = "_default"

    def get_default_screen(self) -> Screen[None]:
        return self.demo
