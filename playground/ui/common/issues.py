"""Issues from the local checks, drawn for a form: red for what stops the call, yellow for a
warning. Built as Content, never parsed as markup: a message may quote what the learner typed."""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content

from playground.aws.validation import Issue
from playground.ui.common.text import clean

MARKS = {"error": ("✗", "red"), "warning": ("!", "yellow")}
ISSUE_CHARS = 600
"""Most characters of one issue drawn: a message may quote a 64 KiB value the learner pasted."""


def issue_lines(issues: Iterable[Issue | str], *, style: str | None = None,
                mark: str | None = None) -> Content:
    """One line per issue, `field: message`, the whole line coloured; a plain string is an
    error already worded for the learner. `style` and `mark` override the severity's."""
    lines = []
    for issue in issues:
        default_mark, default_style = MARKS["error" if isinstance(issue, str) else issue.severity]
        lines.append(Content.styled(clean(f"{mark or default_mark} {issue}", ISSUE_CHARS),
                                    style or default_style))
    return Content("\n").join(lines)


def issue_messages(issues: Iterable[Issue | str]) -> Content:
    """One line per issue, only the message after a coloured mark: for forms that outline the
    field in error themselves, where repeating its name adds nothing."""
    marks = {"error": ("✖", "red"), "warning": ("!", "yellow")}
    return Content("\n").join(
        Content.assemble(marks["error"], " ", clean(issue, ISSUE_CHARS)) if isinstance(issue, str)
        else Content.assemble(marks[issue.severity], " ", clean(issue.message, ISSUE_CHARS))
        for issue in issues)
