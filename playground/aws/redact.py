"""Secrets never leave the process: redaction for anything recorded or shown."""

from __future__ import annotations

import re
from typing import Any

REDACTED = "****"
_SECRET_KEY = re.compile(
    r"(secret|password|passphrase|session_?token|sessiontoken|private_?key|credential)",
    re.IGNORECASE,
)


def is_secret_key(name: str) -> bool:
    return bool(_SECRET_KEY.search(name))


def redact(value: Any) -> Any:
    """A deep copy of `value` with every secret-named field replaced by `****`."""
    if isinstance(value, dict):
        return {
            k: (REDACTED if isinstance(k, str) and is_secret_key(k) else redact(v))
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [redact(v) for v in value]
    return value
