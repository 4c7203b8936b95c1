"""The pattern sandbox: an event and a pattern, a live verdict with one reason per field, and
the target's own TestEventPattern answer checked against it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Label, Select, Static, TextArea

from playground.aws.events.validate import MAX_ENTRY_BYTES, check_pattern_size, complete_event
from playground.locations import content_dir
from playground.patterns import EventError, MatchResult, PatternError, match_event_pattern
from playground.patterns.json_input import parse_json
from playground.ui.common.paste import limited
from playground.ui.common.text import clean, markup, plain

DEFAULT_EVENT = "order-placed"
DEFAULT_PATTERN = "numeric-range"
PATTERN_PASTE_BYTES = 64 * 1024
"""Pastes up to this size reach a pattern field, where the 4,096-character rule is explained."""
CHECK_DELAY = 0.4
"""Seconds of quiet typing before the target is asked (a call per keystroke would be noisy)."""


def samples(kind: str) -> dict[str, str]:
    """`assets/events/*.json` or `assets/patterns/*.json`: name -> text, sorted by name."""
    folder = content_dir("assets") / kind
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    return {path.stem: path.read_text(encoding="utf-8") for path in files}


def render_result(result: MatchResult) -> Text:
    text = Text()
    text.append(clean(("✓ " if result.matched else "✗ ") + result.summary + "\n"),
                style="bold green" if result.matched else "bold red")
    for reason in result.reasons:
        depth = reason.branch.count("›") + 1 if reason.branch else 0
        text.append("  " * (depth + 1))
        text.append("✓" if reason.matched else "✗", style="green" if reason.matched else "red")
        label = f"[{reason.branch}] " if reason.branch else ""
        text.append(clean(f" {label}{reason.text}\n"))
    return text


@dataclass(frozen=True)
class Verdict:
    """The sandbox's answer for one pair of texts: a match result, or the line saying which
    input is wrong and why."""

    result: MatchResult | None = None
    problem: str = ""
    event: dict[str, Any] | None = None
    pattern: dict[str, Any] | None = None
    filled: list[str] = field(default_factory=list)


def judge(pattern_text: str, event_text: str) -> Verdict:
    """Parse both texts and match: in a worker thread (a pattern and event of any size or
    depth are answered with a sentence, never an exception, and never on the event loop)."""
    try:
        size = check_pattern_size(pattern_text)
        if size:
            raise PatternError("", size[0].message)
        try:
            raw_event = parse_json(event_text)
        except ValueError as exc:
            raise EventError(f"the event is not valid JSON: {exc}" if type(exc) is ValueError
                             else f"the event {exc}") from None
        if not isinstance(raw_event, dict):
            raise EventError("the event must be a JSON object")
        event, filled = complete_event(raw_event)
        result = match_event_pattern(pattern_text, event)
        pattern = parse_json(pattern_text)
    except PatternError as exc:
        return Verdict(problem=f"pattern: {exc}")
    except EventError as exc:
        return Verdict(problem=f"event: {exc}")
    return Verdict(result, event=event, pattern=pattern, filled=filled)


class PatternSandbox(Vertical):
    """Matches locally on every change; asks the screen to check with the target after a pause."""

    class Evaluated(Message):
        """The local verdict for the current texts is shown (the event may have changed)."""

    class Judged(Message):
        def __init__(self, seq: int, verdict: Verdict) -> None:
            self.seq = seq
            self.verdict = verdict
            super().__init__()

    class CheckRequested(Message):
        def __init__(self, seq: int, pattern: dict[str, Any], event: dict[str, Any]) -> None:
            self.seq = seq
            self.pattern = pattern
            self.event = event
            super().__init__()

    def __init__(self, *, event: str | None = None, pattern: str | None = None,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.events = samples("events")
        self.patterns = samples("patterns")
        self._event_sample = None if event is not None else DEFAULT_EVENT
        self._pattern_sample = None if pattern is not None else DEFAULT_PATTERN
        self._event = event if event is not None else self.events.get(DEFAULT_EVENT, "{}")
        self._pattern = pattern if pattern is not None else self.patterns.get(
            DEFAULT_PATTERN, '{"source": ["com.example.orders"]}')
        self.seq = 0
        self.result: MatchResult | None = None
        self.target_state = "idle"
        """idle | waiting | agree | disagree | error: where the target check stands."""
        self._timer: Any = None
        self.event_doc: dict[str, Any] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="sandbox-inputs"):
            with Vertical(classes="sandbox-side"):
                with Horizontal(classes="sandbox-head"):
                    yield Label("Event", classes="sandbox-title")
                    yield Select([(n, n) for n in self.events], prompt="sample event…",
                                 value=self._sample(self.events, self._event_sample),
                                 compact=True, id="sandbox-event-sample")
                yield limited(TextArea(self._event, id="sandbox-event", tab_behavior="focus"),
                              MAX_ENTRY_BYTES, "a PutEvents entry is under 1 MB")
            with Vertical(classes="sandbox-side"):
                with Horizontal(classes="sandbox-head"):
                    yield Label("Pattern", classes="sandbox-title")
                    yield Select([(n, n) for n in self.patterns], prompt="sample pattern…",
                                 value=self._sample(self.patterns, self._pattern_sample),
                                 compact=True, id="sandbox-pattern-sample")
                yield limited(TextArea(self._pattern, id="sandbox-pattern", tab_behavior="focus"),
                              PATTERN_PASTE_BYTES, "an event pattern itself takes at most 4,096 characters")
        yield Static("", id="sandbox-target")
        with VerticalScroll(id="sandbox-result-box"):
            yield Static("", id="sandbox-result")

    @staticmethod
    def _sample(known: dict[str, str], name: str | None) -> Any:
        return name if name in known else Select.NULL

    def on_mount(self) -> None:
        if self.app.animation_level == "none":
            # A still UI (settings.ui.animations off): no blinking cursor either.
            for area in self.query(TextArea):
                area.cursor_blink = False
        self.evaluate()

    @property
    def event_text(self) -> str:
        return self.query_one("#sandbox-event", TextArea).text

    @property
    def pattern_text(self) -> str:
        return self.query_one("#sandbox-pattern", TextArea).text

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.value is Select.NULL:
            return
        if event.select.id == "sandbox-event-sample":
            area, text = self.query_one("#sandbox-event", TextArea), self.events[str(event.value)]
        else:
            area, text = self.query_one("#sandbox-pattern", TextArea), self.patterns[str(event.value)]
        if area.text != text:
            area.text = text

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.evaluate()

    def evaluate(self) -> None:
        """Parse, match, explain (in a worker); then (after a pause) ask the target the same
        question."""
        self.seq += 1
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._judge(self.seq, self.pattern_text, self.event_text)

    @work(thread=True, exclusive=True, exit_on_error=False, group="events-sandbox",
          description="match the pattern")
    def _judge(self, seq: int, pattern_text: str, event_text: str) -> None:
        self.post_message(self.Judged(seq, judge(pattern_text, event_text)))

    def on_pattern_sandbox_judged(self, message: Judged) -> None:
        message.stop()
        if message.seq != self.seq:
            return  # typed on meanwhile: a newer verdict is on its way
        verdict = message.verdict
        box = self.query_one("#sandbox-result", Static)
        self.result = verdict.result
        self.event_doc = verdict.event
        if verdict.result is None or verdict.event is None or verdict.pattern is None:
            self._invalid(box, verdict.problem)
            self.post_message(self.Evaluated())
            return
        text = render_result(verdict.result)
        if verdict.filled:
            text.append(f"(filled in for TestEventPattern: {', '.join(verdict.filled)})\n",
                        style="dim")
        box.update(text)
        self.target_state = "waiting"
        self._show_target("[dim]asking the target's TestEventPattern…[/]")
        seq, pattern, event = self.seq, verdict.pattern, verdict.event
        self._timer = self.set_timer(
            CHECK_DELAY, lambda: self.post_message(self.CheckRequested(seq, pattern, event)))
        self.post_message(self.Evaluated())

    def _invalid(self, box: Static, line: str) -> None:
        box.update(plain("✗ " + line, "bold red"))
        self.target_state = "idle"
        self._show_target("[dim]nothing sent to the target while the input is invalid[/]")

    def show_target(self, seq: int, label: str, answer: bool | None, error: str | None) -> None:
        """The target answered (or could not); stale answers for older input are ignored."""
        if seq != self.seq or self.result is None:
            return
        if answer is None:
            self.target_state = "error"
            self._show_target(plain(f"⚠ {label} could not check it: {error}", "yellow"))
            return
        ours = self.result.matched
        word = "match" if answer else "no match"
        if answer == ours:
            self.target_state = "agree"
            self._show_target(markup(f"[green]TestEventPattern on $label: {word} — agrees ✓[/]",
                                     label=label))
        else:
            self.target_state = "disagree"
            self._show_target(markup(
                f"[yellow bold]⚠ TestEventPattern on $label says {word}; AWS's documented rules "
                f"say {'match' if ours else 'no match'}. The target differs from AWS here "
                "(see docs/parity-notes.md).[/]", label=label))

    def _show_target(self, line: str | Content) -> None:
        """A fixed line (markup written here) or a Content that quotes the target."""
        self.query_one("#sandbox-target", Static).update(line)

    def load(self, *, event: str | None = None, pattern: str | None = None) -> None:
        if event is not None:
            self.query_one("#sandbox-event", TextArea).text = event
        if pattern is not None:
            self.query_one("#sandbox-pattern", TextArea).text = pattern

