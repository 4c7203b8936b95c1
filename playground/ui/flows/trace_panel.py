"""The trace panel of the Flows screen: the hops as they are observed (time since the start, the
resource, what happened), the highlighted hop whole (wire, reasons, how the payload changed),
and the summary at the end. Everything drawn comes from the target: Text, never markup."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from playground.flows.hops import Hop, Summary
from playground.flows.trace_text import hop_detail, hop_line, summary_lines
from playground.patterns.json_input import printable
from playground.ui.common.text import plain

STYLES = {"reached": "green", "stopped": "red", "note": "yellow"}


@dataclass
class TraceStarted(Message):
    trace_id: str
    entry: str
    observable: list[str]


@dataclass
class TraceHop(Message):
    trace_id: str
    hop: Hop


@dataclass
class TraceEnded(Message):
    trace_id: str
    summary: Summary | None
    problem: str = ""


class TracePanel(Vertical):
    """Hidden until a trace starts."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hops: list[Hop] = []
        self.summary: list[str] = []
        self.show_times = True

    def compose(self) -> ComposeResult:
        yield Static(plain("no trace yet: t on a resource sends one"), id="trace-title")
        yield OptionList(id="trace-hops")
        yield Static(plain(""), id="trace-detail")

    def begin(self, trace_id: str, entry: str, observable: list[str]) -> None:
        self.hops, self.summary = [], []
        self.query_one(OptionList).clear_options()
        self._title(f"tracing {trace_id} from {entry} · x stop")
        self.query_one("#trace-detail", Static).update(
            plain("\n".join(f"({line})" for line in observable[:1])))

    def add(self, hop: Hop) -> None:
        self.hops.append(hop)
        hops = self.query_one(OptionList)
        hops.add_option(Option(Text(hop_line(hop, times=self.show_times),
                                    style=STYLES.get(hop.status, ""), no_wrap=True, end=""),
                               id=f"hop-{hop.seq}"))
        if hops.highlighted is None or hops.highlighted == hops.option_count - 2:
            hops.highlighted = hops.option_count - 1  # follow the newest, unless moved away
            self.call_after_refresh(hops.scroll_to_highlight)

    def end(self, summary: Summary | None, problem: str = "") -> None:
        self.summary = summary_lines(summary) if summary is not None else [
            f"the trace could not go on: {printable(problem)}"]
        self._title(self.summary[0])
        hops = self.query_one(OptionList)
        for line in self.summary[1:]:
            hops.add_option(Option(Text(line, style="bold", no_wrap=True, end="")))
        self.query_one("#trace-detail", Static).update(plain("\n".join(self.summary)))

    def _title(self, text: str) -> None:
        self.query_one("#trace-title", Static).update(Text(printable(text), style="bold",
                                                           no_wrap=True, end=""))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        option_id = event.option.id or ""
        if not option_id.startswith("hop-"):
            return
        seq = int(option_id.removeprefix("hop-"))
        hop = next((h for h in self.hops if h.seq == seq), None)
        if hop is not None:
            self.query_one("#trace-detail", Static).update(
                plain("\n".join(hop_detail(hop, times=self.show_times)[1:]), limit=4000))
