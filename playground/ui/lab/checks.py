"""What the last check of a step found: one line per check, ✓ or ✗ and what is missing."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from playground.lab.registry import CheckResult


def checks_text(results: tuple[CheckResult, ...] | None, note: str = "") -> Text:
    text = Text()
    text.append("Checks", style="bold")
    if note:
        text.append(f"  {note}", style="dim")
    for result in results or ():
        text.append("\n")
        text.append("✓ " if result.passed else "✗ ", style="green" if result.passed else "red")
        text.append(result.message)
    return text


class LabCheckResults(Static):
    def show(self, results: tuple[CheckResult, ...] | None, note: str = "") -> None:
        self.update(checks_text(results, note))
