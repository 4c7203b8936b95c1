"""Command palette entries (`lab: …`) while a lab is open."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playground.ui.shell.commands import ListedCommands


class LabCommands(ListedCommands):
    def _commands(self) -> list[tuple[str, Callable[[], Any], str]]:
        lab: Any = self.screen
        return [
            ("lab: check step now", lab.action_check,
             "check every step up to the current one on the target"),
            ("lab: show next hint", lab.action_hint, "reveal one more hint for this step"),
            ("lab: do it for me", lab.action_solve, "apply the step's reference solution"),
            ("lab: next step", lab.action_next_step, ""),
            ("lab: previous step", lab.action_previous_step, ""),
            ("lab: reset lab", lab.action_reset_lab,
             "delete what this lab made on the target and start over"),
        ]
