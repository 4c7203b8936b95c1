"""Which key names a recording may hold: the names Textual gives the keys it reads, checked
without importing Textual (the format is headless)."""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
NAMED = frozenset({
    "backspace", "delete", "down", "end", "enter", "escape", "home", "insert", "left",
    "pagedown", "pageup", "return", "right", "space", "tab", "up", "newline",
    "at", "slash", "backslash", "minus", "plus", "underscore", "left_square_brace",
    *(f"f{n}" for n in range(1, 25)),
})
"""Keys with a name of their own, and the short names Textual gives some characters."""

_CHARACTER_NAME = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+){0,9}")


def is_key_name(name: str) -> bool:
    """`a`, `enter`, `ctrl+s`, `shift+tab`, `question_mark`: a key Textual could report."""
    if name == "+":
        return True
    *mods, base = name.split("+")
    if any(m not in MODIFIERS for m in mods) or len(set(mods)) != len(mods):
        return False
    if len(base) == 1:
        return base.isprintable() and not base.isspace()
    return base in NAMED or _is_character_name(base)


@lru_cache(512)
def _is_character_name(base: str) -> bool:
    """A character by its Unicode name, as Textual spells it: lower case, spaces and hyphens
    both written `_` (`exclamation_mark`, `less_than_sign` for LESS-THAN SIGN)."""
    if not _CHARACTER_NAME.fullmatch(base):
        return False
    words = base.upper().split("_")
    for joins in itertools.product(" -", repeat=len(words) - 1):
        candidate = words[0] + "".join(j + w for j, w in zip(joins, words[1:], strict=True))
        try:
            char = unicodedata.lookup(candidate)
        except KeyError:
            continue
        return char.isprintable() and not char.isspace()  # not an alias such as ESC
    return False
