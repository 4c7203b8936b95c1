"""Errors raised by the pattern matchers.

They subclass ValueError so callers that only care about "bad input" can catch one
type, while the UI can show ``path`` and ``rule`` separately next to the editor.
"""

from __future__ import annotations

from playground.patterns.json_input import printable


class PatternError(ValueError):
    """An EventBridge event pattern or SNS filter policy that AWS would reject.

    ``path`` is the dotted field the problem sits under (empty for the whole
    pattern) and ``rule`` is a plain sentence naming the rule that was broken, so
    ``str(err)`` reads as one line such as
    ``detail.price: numeric range lower bound 100 is above upper bound 10``.
    """

    def __init__(self, path: str, rule: str) -> None:
        self.path = printable(path)
        self.rule = printable(rule)
        super().__init__(f"{self.path}: {self.rule}" if path else self.rule)


class EventError(ValueError):
    """The event or message being tested is malformed (not the pattern).

    Like PatternError, its text never holds a lone surrogate, so it can be printed.
    """

    def __init__(self, message: str) -> None:
        super().__init__(printable(message))
