"""A terminal playground for AWS messaging and orchestration."""

from __future__ import annotations

__version__ = "0.1.0"
