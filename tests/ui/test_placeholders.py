"""Placeholders never look like values (#13): a grey "30" in the visibility field read as the
queue's setting, a grey "orders" as a name already typed. Every placeholder in the UI either
says what goes there ("queue name", "FIFO only", "default 30") or gives an example ("e.g.
orders"), and is drawn dimmer than typed text."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

from textual.widgets import Input

from playground.ui.sqs.create_queue import CreateQueueDialog
from tests.ui.helpers import make_app, settle

UI = Path(__file__).parents[2] / "playground" / "ui"
DESCRIPTIVE = {"name", "value", "data", "optional"}
"""One-word placeholders that name what goes there."""


def looks_like_value(text: str) -> bool:
    t = text.strip()
    if t.lower().startswith("e.g."):
        return False
    if re.match(r"\d", t) or t.startswith(("{", "[", "http", "arn:", '"')):
        return True
    return bool(re.fullmatch(r"[\w.:/@-]+", t)) and t not in DESCRIPTIVE


def placeholders() -> list[tuple[str, str]]:
    """Every literal placeholder: placeholder="…", PromptDialog's second argument, and the
    SQS create-queue fields' (the last item of each FIELDS row)."""
    found = []
    for path in sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = str(path.relative_to(UI))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                for kw in node.keywords:
                    if kw.arg == "placeholder" and isinstance(kw.value, ast.Constant):
                        found.append((where, str(kw.value.value)))
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name == "PromptDialog" and len(node.args) > 1 and \
                        isinstance(node.args[1], ast.Constant):
                    found.append((where, str(node.args[1].value)))
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "FIELDS"
                                                    for t in node.targets):
                for row in getattr(node.value, "elts", []):
                    last = row.elts[-1] if isinstance(row, ast.Tuple) else None
                    if isinstance(last, ast.Constant):
                        found.append((where, str(last.value)))
    return found


def test_no_placeholder_reads_as_a_value() -> None:
    found = placeholders()
    assert len(found) > 20  # the scan sees them
    assert [f"{where}: {text!r}" for where, text in found if looks_like_value(text)] == []
    assert not looks_like_value("e.g. orders") and looks_like_value("orders")
    assert looks_like_value("30") and not looks_like_value("default 30")


async def test_placeholders_are_dimmer_than_typed_text(target: Any) -> None:
    app = make_app(target)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(CreateQueueDialog([]))
        await settle(pilot)
        field = app.screen.query_one("#q-name", Input)
        hint = field.get_component_rich_style("input--placeholder")
        typed = field.rich_style
        assert hint.color != typed.color or hint.dim
