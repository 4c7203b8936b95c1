"""What a recording holds: a header, then events in time order, each from one line of the file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FORMAT = "playground-recording"
VERSION = 1
"""The version of the file format; a file of another version is refused, never guessed at."""


@dataclass(frozen=True)
class Header:
    """Line 1: what made the file and on what screen size."""

    app_version: str
    size: tuple[int, int]
    """Columns and rows of the terminal the session was recorded in."""
    target: str
    """Where the recorded calls went (`embedded`, `localstack`, `endpoint`, `aws`)."""


@dataclass(frozen=True)
class KeyEvent:
    """A key the user pressed, by Textual's key name (`a`, `enter`, `ctrl+s`, `question_mark`)."""

    t: float
    line: int
    key: str


@dataclass(frozen=True)
class PasteEvent:
    """Text the user pasted (a bracketed paste), given to the app in one piece."""

    t: float
    line: int
    text: str


@dataclass(frozen=True)
class ScreenEvent:
    """The app showed another screen (informational: replay checks it got there too)."""

    t: float
    line: int
    screen: str
    """The screen's class name (`SqsWorkbench`, `CreateQueueDialog`)."""
    lab: str | None = None
    """The lab a lab screen showed."""


@dataclass(frozen=True)
class CallEvent:
    """An AWS call the app made for the user (not its background refreshes), secrets redacted.
    Informational: replay makes its own calls and compares them with these."""

    t: float
    line: int
    service: str
    operation: str
    params: dict[str, Any]
    error: str | None = None
    """The error code when the call failed."""


Event = KeyEvent | PasteEvent | ScreenEvent | CallEvent


@dataclass(frozen=True)
class Recording:
    path: str
    header: Header
    events: list[Event] = field(default_factory=list)

    @property
    def inputs(self) -> list[KeyEvent | PasteEvent]:
        """What replay feeds the app."""
        return [e for e in self.events if isinstance(e, KeyEvent | PasteEvent)]

    @property
    def calls(self) -> list[CallEvent]:
        return [e for e in self.events if isinstance(e, CallEvent)]

    @property
    def labs(self) -> list[ScreenEvent]:
        return [e for e in self.events if isinstance(e, ScreenEvent) and e.lab is not None]
