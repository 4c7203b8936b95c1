"""A synchronous Express execution's answer, shown where a Standard execution's states go."""

from __future__ import annotations

from rich.text import Text

from playground.aws.stepfunctions.express import SyncResult
from playground.aws.stepfunctions.history import pretty
from playground.parity import NOTES
from playground.ui.common.text import clean

STYLE = {"SUCCEEDED": "green", "FAILED": "red", "TIMED_OUT": "red"}


def sync_detail(result: SyncResult) -> Text:
    text = Text()
    text.append(clean(result.name, 200), style="bold")
    text.append(" · synchronous Express execution · ", style="dim")
    text.append(clean(result.status, 40), style=STYLE.get(result.status, "yellow"))
    text.append("\nStartSyncExecution answered when it ended: an Express execution has no "
                "history to step through (ListExecutions and GetExecutionHistory are for "
                "STANDARD).\n", style="dim")
    if result.error:
        text.append(f"error {clean(result.error)}", style="red bold")
        text.append(f"\ncause {clean(result.cause)}\n" if result.cause else "\n", style="red")
    text.append("\noutput\n", style="bold underline")
    if result.output is None:
        text.append("— (set only when the execution succeeds)\n", style="dim")
    else:
        if result.status != "SUCCEEDED":
            text.append("(AWS sets output only when the execution succeeds; this target sent "
                        "one)\n", style="yellow")
        text.append(clean(pretty(result.output)) + "\n")
    text.append("\nbilling\n", style="bold underline")
    if result.billed:
        ms = "?" if result.billed_ms is None else f"{result.billed_ms:,} ms"
        mb = "?" if result.billed_mb is None else f"{result.billed_mb:,} MB"
        text.append(f"billed duration {ms}, billed memory {mb}\n")
    else:
        text.append(NOTES["express-sync-billing"].text() + "\n", style="yellow")
    text.append("e runs it again", style="dim")
    return text
