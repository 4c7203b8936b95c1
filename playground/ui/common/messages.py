"""Typed messages that thread workers post back to the UI."""

from __future__ import annotations

from textual.message import Message

from playground.targets import Target, TargetSpec


class TargetProgress(Message):
    def __init__(self, spec: TargetSpec, line: str) -> None:
        self.spec = spec
        self.line = line
        super().__init__()


class TargetReady(Message):
    def __init__(self, target: Target) -> None:
        self.target = target
        super().__init__()


class TargetFailed(Message):
    def __init__(self, spec: TargetSpec, reason: str) -> None:
        self.spec = spec
        self.reason = reason
        super().__init__()


class TargetChanged(Message):
    """Sent to the active screen when calls now go somewhere else: reload what you show."""


class TargetDown(Message):
    """Posted by the app's watch: calls to `target` get no answer (`reason` says why)."""

    def __init__(self, target: Target, reason: str) -> None:
        self.target = target
        self.reason = reason
        super().__init__()


class TargetUp(Message):
    """Posted by the app's watch: `target` answers again."""

    def __init__(self, target: Target) -> None:
        self.target = target
        super().__init__()
