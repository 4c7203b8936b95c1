"""Lab subcommands (`labs`, `lab check|solve|reset`); filled in by the lab engine."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any


def add_lab_commands(sub: Any, common: argparse.ArgumentParser,
                     handlers: dict[str, Callable[[argparse.Namespace], int]]) -> None:
    """Register lab subcommands on the main parser (none until the lab engine lands)."""
