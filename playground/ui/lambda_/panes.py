"""The Lambda workbench's lists: functions, a function's mappings and triggers, and the tail
of its invocations (from CloudWatch Logs), each with the event it got."""

from __future__ import annotations

import json

from rich.text import Text
from textual.message import Message

from playground.aws.lambda_.batches import BisectRun
from playground.aws.lambda_.service import Function, InvokeResult, Mapping
from playground.aws.lambda_.tail import Invocation
from playground.aws.lambda_.triggers import Trigger
from playground.ui.common.keyed_table import KeyedTable
from playground.ui.common.text import cell, clean

STATE_STYLE = {"Active": "green", "Pending": "yellow", "Failed": "bold red",
               "Inactive": "dim", "Enabled": "green", "Disabled": "dim", "Creating": "yellow",
               "Enabling": "yellow", "Disabling": "yellow", "Updating": "yellow"}
FUNCTION_WIDTHS = {True: (20, 11, 7), False: (13, 7, 6)}
MAPPING_WIDTHS = {True: (18, 9, 8), False: (12, 5, 8)}
"""Column widths at 120 columns and more, and under."""
EVENT_CHARS = 160
"""Characters of an event shown on its tail line; the invoke pane shows a result in full."""


def short_runtime(runtime: str) -> str:
    """`py3.12`, `node20`: the runtime in the 7 columns a function list has under 120."""
    return runtime.replace("python", "py").replace("nodejs", "node").removesuffix(".x")


class FunctionTable(KeyedTable[Function]):
    """Rows keyed by function name; a refresh that changes nothing leaves the cursor. Each
    show says which function is highlighted (Selected)."""

    class Selected(Message):
        def __init__(self, function: str | None) -> None:
            self.function = function
            super().__init__()

    COLUMNS = (("function", "name"), ("runtime", "runtime"), ("state", "state"))
    WIDTHS = FUNCTION_WIDTHS

    @property
    def functions(self) -> dict[str, Function]:
        return self.shown

    @property
    def selected(self) -> Function | None:
        return self.functions.get(self.selected_key or "")

    def item_key(self, fn: Function) -> str:
        return fn.name

    def _cells(self, fn: Function) -> list[Text]:
        runtime = fn.runtime if self.wide else short_runtime(fn.runtime)
        return [cell(fn.name), cell(runtime, "dim"), cell(fn.state, STATE_STYLE.get(fn.state, ""))]

    def _selected_message(self, key: str | None) -> Message:
        return self.Selected(key)


class MappingTable(KeyedTable[Mapping]):
    """The function's event source mappings: e enables or disables the highlighted one. Sorted
    by source; any change redraws every row with the cursor on the same row number; no
    message of its own (the highlight bubbles up as DataTable.RowHighlighted)."""

    COLUMNS = (("source", "source"), ("batch", "batch"), ("state", "state"))
    WIDTHS = MAPPING_WIDTHS

    @property
    def mappings(self) -> dict[str, Mapping]:
        return self.shown

    def fit(self, wide: bool) -> None:
        """Rebuilt through show: the cursor goes back to the first mapping."""
        if wide == self.wide:
            return
        self.wide = wide
        mappings = list(self.mappings.values())
        self.shown = {}
        self.clear(columns=True)
        self._columns()
        self.show(mappings)

    @property
    def selected(self) -> Mapping | None:
        return self.mappings.get(self.selected_key or "")

    def item_key(self, m: Mapping) -> str:
        return m.uuid

    def _cells(self, m: Mapping) -> list[Text]:
        return [cell(f"{m.source_kind} {m.source_name}"), cell(f"{m.batch_size}/{m.batching_window}s"),
                cell(m.state, STATE_STYLE.get(m.state, ""))]

    def show(self, mappings: list[Mapping], select: str | None = None) -> None:
        ordered = sorted(mappings, key=lambda m: (m.source_name, m.uuid))
        if ordered == list(self.mappings.values()):
            return
        before = self.cursor_row
        self.clear()
        self.shown = {}
        for m in ordered:
            self.shown[m.uuid] = m
            self.add_row(*self._cells(m), key=m.uuid)
        if ordered:
            self.move_cursor(row=min(before, len(ordered) - 1))


def mapping_options(mapping: Mapping) -> str:
    """What the table has no room for: the options a learner set."""
    parts = []
    if mapping.report_failures:
        parts.append("ReportBatchItemFailures")
    if mapping.source_kind == "kinesis":
        parts.append(f"from {mapping.starting_position or '?'}")
        if mapping.bisect:
            parts.append("bisect on error")
    if mapping.last_result:
        parts.append(f"last: {mapping.last_result}")
    return ", ".join(parts)


def triggers_text(mapping: Mapping | None, triggers: list[Trigger]) -> Text:
    """The highlighted mapping's options, and who else invokes the function: SNS subscriptions
    and EventBridge rules pointing at it."""
    text = Text()
    if mapping is not None and mapping_options(mapping):
        text.append(clean(mapping_options(mapping)) + "\n", style="dim")
    if not triggers:
        text.append("No SNS topic or EventBridge rule points at it.", style="dim")
        return text
    for trigger in triggers:
        kind = "SNS topic" if trigger.kind.startswith("sns") else "EventBridge rule"
        source = trigger.source.rsplit(":", 1)[-1]
        text.append("⇠ ", style="cyan")
        text.append(clean(f"{kind} {source}"))
        if trigger.detail:
            text.append(clean(f"  {trigger.detail[:80]}"), style="dim")
        text.append("\n")
    text.rstrip()
    return text


def _compact(value: object) -> str:
    try:
        text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    except (TypeError, ValueError):
        text = str(value)
    return clean(text if len(text) <= EVENT_CHARS else text[:EVENT_CHARS] + "…")


def printed(lines: list[str]) -> list[str]:
    """What the function printed, without the event line (shown above), the runtime's
    traceback frames (file paths of the runtime's own temp dirs) and the error (shown in red)."""
    out: list[str] = []
    in_traceback = False
    for line in lines:
        if line.startswith("Traceback (most recent call last)"):
            in_traceback = True
            continue
        if in_traceback and (line.startswith((" ", "\t")) or not line.strip()):
            continue
        in_traceback = False
        if line.startswith("event: ") or _is_error(line):
            continue
        out.append(line)
    return out


def _is_error(line: str) -> bool:
    head = line.split(":", 1)[0]
    return ("Task timed out after" in line or line.startswith("[ERROR]")
            or (": " in line and head.endswith(("Error", "Exception")) and " " not in head))


def tail_text(invocations: list[Invocation], show_times: bool) -> Text:
    """Newest first: ✓ or ✗, the event the invocation got, then what it printed and its error."""
    text = Text()
    if not invocations:
        text.append("No invocation yet: i invokes it; a mapping, a topic or a rule can too.",
                    style="dim")
        return text
    for inv in reversed(invocations):
        ok = not inv.error and inv.finished
        text.append("✓ " if ok else ("✗ " if inv.error else "… "),
                    style="green" if ok else ("bold red" if inv.error else "yellow"))
        if show_times and inv.started is not None:
            text.append(inv.started.strftime("%H:%M:%S "), style="dim")
            if inv.duration_ms is not None:
                text.append(f"{inv.duration_ms:,.0f} ms ", style="dim")
        text.append("event ", style="dim")
        text.append(_compact(inv.event) if inv.event is not None else "(not logged)")
        text.append("\n")
        for line in printed(inv.lines):
            text.append("    " + clean(line, 300) + "\n")
        for line in inv.error.splitlines():
            text.append("    " + clean(line, 300) + "\n", style="red")
    text.rstrip()
    return text


def result_text(result: InvokeResult) -> Text:
    """Status, what the function returned or its error, and the invocation's own log lines."""
    text = Text()
    if result.error is not None:
        text.append(f"✗ {result.status} function error\n", style="bold red")
        text.append(clean(str(result.error)) + "\n", style="red")
        for line in result.error.stack[-4:]:
            text.append("  " + clean(line, 300) + "\n", style="dim")
    else:
        text.append(f"✓ {result.status} ", style="green bold")
        text.append(clean(result.payload, 2_000) + "\n")
    lines = [ln for ln in result.log_lines
             if not ln.startswith(("START RequestId", "END RequestId", "REPORT RequestId"))]
    if lines:
        text.append("log of this invocation:\n", style="dim")
        for line in lines[-12:]:
            text.append("  " + clean(line, 300) + "\n")
    text.rstrip()
    return text


def _short(sequence: str) -> str:
    """Kinesis sequence numbers are 56 digits: their last 6 tell a batch's records apart."""
    return f"…{sequence[-6:]}" if len(sequence) > 8 else sequence


def bisect_text(stream: str, run: BisectRun) -> Text:
    """Each invocation of the replay, indented by how often the batch was halved, then which
    records ended up alone (what the mapping would discard once its retries are spent)."""
    text = Text()
    text.append(clean(f"bisect replay of {stream}'s first records "
                      f"({len(run.attempts)} invocations):\n"), style="dim")
    for attempt in run.attempts:
        text.append("  " * attempt.depth)
        text.append("✓ " if attempt.ok else "✗ ", style="green" if attempt.ok else "bold red")
        text.append(clean(" ".join(_short(s) for s in attempt.sequence_numbers)))
        if attempt.error:
            text.append(clean(f"  {attempt.error}", 200), style="red")
        text.append("\n")
    if run.isolated:
        text.append("isolated: ", style="bold")
        text.append(clean(" ".join(_short(s) for s in run.isolated)))
        text.append(f"  ({len(run.processed)} other records processed)", style="dim")
    else:
        text.append("no record failed alone: nothing to isolate", style="dim")
    return text
