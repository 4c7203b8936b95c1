"""No string built at run time reaches a widget that parses markup. Static and Label contents,
update(), table rows, options, button labels, border titles and from_markup() get literals
(static markup is fine) or Text/Content; a notice quoting anything says markup=False. Dynamic
text goes through playground/ui/common/text.py (plain, markup with $holes, cell)."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "playground" / "ui"
SINK_CALLS = {"Static", "Label", "Option", "Button"}
"""Constructors whose first argument, a str, is parsed as markup."""
SINK_METHODS = {"update", "add_row", "add_option", "replace_option_prompt_at_index",
                "from_markup"}
"""Methods whose str arguments are parsed as markup (DataTable cells, Option prompts...)."""
SINK_ATTRIBUTES = {"border_title", "border_subtitle"}


def built_at_run_time(node: ast.expr) -> bool:
    """An f-string with a hole, a concatenation or %-format with a non-literal, a str.join or
    str.format: text whose parts may have come from outside."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(part, ast.FormattedValue) for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        return not (isinstance(node.left, ast.Constant) and isinstance(node.right, ast.Constant))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr in ("join", "format") and isinstance(node.func.value, ast.Constant)
    if isinstance(node, ast.IfExp):
        return built_at_run_time(node.body) or built_at_run_time(node.orelse)
    return False


def violations(source: str, name: str = "<source>") -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr in SINK_ATTRIBUTES \
                        and built_at_run_time(node.value):
                    found.append(f"{name}:{node.lineno}: {target.attr} = a string built here")
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        called = func.id if isinstance(func, ast.Name) else \
            func.attr if isinstance(func, ast.Attribute) else ""
        if called == "notify":
            quiet = any(k.arg == "markup" for k in node.keywords)
            if node.args and not isinstance(node.args[0], ast.Constant) and not quiet:
                found.append(f"{name}:{node.lineno}: notify() of a non-literal without "
                             "markup=False")
            continue
        if called in SINK_CALLS:
            checked = node.args[:1]
        elif called in SINK_METHODS and isinstance(func, ast.Attribute):
            checked = node.args
        else:
            continue
        if any(built_at_run_time(arg) for arg in checked):
            found.append(f"{name}:{node.lineno}: {called}() of a string built here")
    return found


def test_no_string_built_at_run_time_is_parsed_as_markup() -> None:
    found = [v for path in sorted(UI.rglob("*.py"))
             for v in violations(path.read_text(encoding="utf-8"), str(path.relative_to(UI)))]
    assert not found, "\n".join(found)


def test_the_check_finds_what_it_looks_for() -> None:
    planted = '''
self.query_one(Static).update(f"[b]{queue.name}[/b]")
table.add_row(rule.name, "x" + pattern)
yield Label("Filter policy of " + queue)
self.notify(error_message(exc), severity="error")
self.border_title = f"Rules on {bus}"
Content.from_markup("[dim]" + text)
'''
    assert len(violations(planted)) == 6
    fine = '''
self.query_one(Static).update("[b]n[/] creates one")
self.query_one(Static).update(markup("[b]$name[/b]", name=queue.name))
table.add_row(cell(rule.name), Text(state))
self.notify(error_message(exc), severity="error", markup=False)
self.border_title = plain(f"Rules on {bus}")
'''
    assert violations(fine) == []
