"""Result types: what matched, what did not, and why, in words a learner can read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldReason:
    """The verdict for one field of a pattern.

    ``expected`` is the condition in words (``numeric >= 100``), ``actual`` what the
    event or message held (``42``, ``missing``). ``branch`` names the ``$or``
    alternative this field belongs to (``alt 2/3``), empty outside ``$or``.
    """

    path: str
    matched: bool
    expected: str
    actual: str
    branch: str = ""

    @property
    def text(self) -> str:
        """One line, e.g. ``price: numeric >= 100 — got 42, no match``."""
        verdict = "match" if self.matched else "no match"
        return f"{self.path}: {self.expected} — got {self.actual}, {verdict}"


@dataclass(frozen=True)
class MatchResult:
    """Whether a pattern matched, with one reason per pattern field.

    For ``$or`` the reasons hold a summary line for the group (path ``$or`` or
    ``detail.$or``) followed by every alternative's own field reasons, tagged via
    ``FieldReason.branch``, so a learner sees why each alternative passed or failed.
    """

    matched: bool
    reasons: tuple[FieldReason, ...]
    summary: str

    def explain(self) -> str:
        """Summary, then one line per reason; alternatives are indented under ``$or``."""
        lines = [self.summary]
        for reason in self.reasons:
            mark = "✓" if reason.matched else "✗"
            depth = reason.branch.count("›") + 1 if reason.branch else 0
            indent = "  " * (depth + 1)
            label = f"[{reason.branch}] " if reason.branch else ""
            lines.append(f"{indent}{mark} {label}{reason.text}")
        return "\n".join(lines)

    @property
    def failed(self) -> tuple[FieldReason, ...]:
        """Reasons that did not match (handy for a UI that highlights failures)."""
        return tuple(r for r in self.reasons if not r.matched)
