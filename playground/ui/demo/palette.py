"""The palette's `demo: play LAB` commands (searched for, not listed: one per lab)."""

from __future__ import annotations

from functools import partial
from typing import Any

PREFIX = "demo: play "


def demo_commands(app: Any) -> list[tuple[str, Any, str]]:
    from playground.lab.catalog import load_catalog

    return [(f"{PREFIX}{lab.id}", partial(play_demo, app, lab.id), f"demo mode: {lab.title}")
            for lab in load_catalog().labs]


def play_demo(app: Any, lab_id: str) -> None:
    """The demo on top of what is open; q comes back to it."""
    from playground.ui.demo.screen import DemoScreen

    app.push_screen(DemoScreen(lab_id))
