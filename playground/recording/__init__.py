"""Recorded sessions (`playground record`, `playground demo FILE`): the format, headless."""

from __future__ import annotations

from playground.recording.load import RecordingError, load_recording, parse_recording
from playground.recording.model import (
    FORMAT,
    VERSION,
    CallEvent,
    Event,
    Header,
    KeyEvent,
    PasteEvent,
    Recording,
    ScreenEvent,
)
from playground.recording.writer import RecordingWriter

__all__ = [
    "FORMAT",
    "VERSION",
    "CallEvent",
    "Event",
    "Header",
    "KeyEvent",
    "PasteEvent",
    "Recording",
    "RecordingError",
    "RecordingWriter",
    "ScreenEvent",
    "load_recording",
    "parse_recording",
]
