"""One result type for every local check, so each form shows and gates problems the same way."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Issue:
    """One problem with one field: an error stops the call, a warning only tells the learner.

    `field` names what the problem is about in the form's words ("body", "topic name",
    "States.Charge.Next", "line 3, column 7"); it may be empty when the problem is with the
    whole input.
    """

    field: str
    message: str
    severity: Severity = "error"

    @property
    def blocking(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


def warning(field: str, message: str) -> Issue:
    """An issue the service would accept, or accept and then drop: the learner decides."""
    return Issue(field, message, "warning")


def blocking(issues: Iterable[Issue]) -> bool:
    """True when at least one issue would make the service refuse the call."""
    return any(issue.blocking for issue in issues)


def whole_number(text: str, most: int | None = None) -> int | None:
    """`text` as a whole number written in ASCII digits (spaces around allowed), at most `most`;
    None otherwise. `"²".isdigit()` is true yet int() refuses it: forms and values read back
    from a target use this instead of isdigit() + int()."""
    text = text.strip()
    if not 0 < len(text) <= 40 or not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return None if most is not None and number > most else number
