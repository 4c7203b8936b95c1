"""Text a learner typed or a target returned, made safe to draw: never parsed as markup, control
characters and lone surrogates written as escapes, and cut to a size a widget draws quickly.

Static strings in the code may keep their markup (`"[b]n[/] creates one"`); anything that came
from outside goes through one of these, or into a Rich `Text`/`Content` built from parts.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual.content import Content

SHOWN_CHARS = 20_000
"""Most characters of one value drawn: a Static with a 1 MiB body takes seconds to lay out."""

_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
"""C0/C1 controls (an escape sequence would reach the terminal) and lone surrogates (no
encoding can write them); tab, newline and carriage return stay (widgets drop the last)."""


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(value: object, limit: int | None = SHOWN_CHARS) -> str:
    """`value` as text that draws as itself: controls and surrogates escaped, at most `limit`
    characters (then an ellipsis that says how much was left out)."""
    text = value if isinstance(value, str) else str(value)
    if limit is not None and len(text) > limit:
        text = f"{text[:limit]}… ({len(text) - limit:,} more characters)"
    return _UNSAFE.sub(_escape, text)


def plain(value: object, style: str = "", limit: int | None = SHOWN_CHARS) -> Content:
    """A value shown exactly as it reads, in one style."""
    return Content.styled(clean(value, limit), style) if style else Content(clean(value, limit))


def markup(template: str, **values: object) -> Content:
    """Static markup with `$name` holes filled by values drawn as text: `markup("[b]$queue[/b]
    (source)", queue=name)` looks as the f-string did, whatever the name holds."""
    return Content.from_markup(template, **{k: clean(v) for k, v in values.items()})


def cell(value: object, style: str = "") -> Text:
    """A DataTable or OptionList cell: what the table draws for a plain string, minus the markup."""
    return Text(clean(value, 1_000), style=style, no_wrap=True, end="")
