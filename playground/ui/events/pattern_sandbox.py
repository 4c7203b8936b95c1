"""The pattern sandbox: an event and a pattern, a live verdict with one reason per field, and
the target's own TestEventPattern answer checked against it."""

from __future__ import annotations

import json
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Label, Select, Static, TextArea

from playground.aws.events.validate import check_pattern_size, complete_event
from playground.locations import content_dir
from playground.patterns import EventError, MatchResult, PatternError, match_event_pattern

DEFAULT_EVENT = "order-placed"
DEFAULT_PATTERN = "numeric-range"
CHECK_DELAY = 0.4
"""Seconds of quiet typing before the target is asked (a call per keystroke would be noisy)."""


def samples(kind: str) -> dict[str, str]:
    """`assets/events/*.json` or `assets/patterns/*.json`: name -> text, sorted by name."""
    folder = content_dir("assets") / kind
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    return {path.stem: path.read_text(encoding="utf-8") for path in files}


def render_result(result: MatchResult) -> Text:
    text = Text()
    text.append(("✓ " if result.matched else "✗ ") + result.summary + "\n",
                style="bold green" if result.matched else "bold red")
    for reason in result.reasons:
        depth = reason.branch.count("›") + 1 if reason.branch else 0
        text.append("  " * (depth + 1))
        text.append("✓" if reason.matched else "✗", style="green" if reason.matched else "red")
        label = f"[{reason.branch}] " if reason.branch else ""
        text.append(f" {label}{reason.text}\n")
    return text


class PatternSandbox(Vertical):
    """Matches locally on every change; asks the screen to check with the target after a pause."""

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
                yield TextArea(self._event, id="sandbox-event", tab_behavior="focus")
            with Vertical(classes="sandbox-side"):
                with Horizontal(classes="sandbox-head"):
                    yield Label("Pattern", classes="sandbox-title")
                    yield Select([(n, n) for n in self.patterns], prompt="sample pattern…",
                                 value=self._sample(self.patterns, self._pattern_sample),
                                 compact=True, id="sandbox-pattern-sample")
                yield TextArea(self._pattern, id="sandbox-pattern", tab_behavior="focus")
        yield Static("", id="sandbox-target")
        with VerticalScroll(id="sandbox-result-box"):
            yield Static("", id="sandbox-result")

    @staticmethod
    def _sample(known: dict[str, str], name: str | None) -> Any:
        return name if name in known else Select.BLANK

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
        if event.value is Select.BLANK:
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
        """Parse, match, explain; then (after a pause) ask the target the same question."""
        self.seq += 1
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        box = self.query_one("#sandbox-result", Static)
        self.result = None
        self.event_doc = None
        try:
            size = check_pattern_size(self.pattern_text)
            if size:
                raise PatternError("", size[0].message)
            raw_event = json.loads(self.event_text)
            if not isinstance(raw_event, dict):
                raise EventError("the event must be a JSON object")
            event, filled = complete_event(raw_event)
            result = match_event_pattern(self.pattern_text, event)
        except PatternError as exc:
            self._invalid(box, f"pattern: {exc}")
            return
        except (EventError, ValueError) as exc:
            message = str(exc) if isinstance(exc, EventError) else f"the event is not valid JSON: {exc}"
            self._invalid(box, f"event: {message}")
            return
        self.result = result
        self.event_doc = event
        text = render_result(result)
        if filled:
            text.append(f"(filled in for TestEventPattern: {', '.join(filled)})\n", style="dim")
        box.update(text)
        self.target_state = "waiting"
        self._show_target("[dim]asking the target's TestEventPattern…[/]")
        seq, pattern = self.seq, json.loads(self.pattern_text)
        self._timer = self.set_timer(
            CHECK_DELAY, lambda: self.post_message(self.CheckRequested(seq, pattern, event)))

    def _invalid(self, box: Static, line: str) -> None:
        box.update(Text("✗ " + line, style="bold red"))
        self.target_state = "idle"
        self._show_target("[dim]nothing sent to the target while the input is invalid[/]")

    def show_target(self, seq: int, label: str, answer: bool | None, error: str | None) -> None:
        """The target answered (or could not); stale answers for older input are ignored."""
        if seq != self.seq or self.result is None:
            return
        if answer is None:
            self.target_state = "error"
            self._show_target(f"[yellow]⚠ {label} could not check it: {error}[/]")
            return
        ours = self.result.matched
        word = "match" if answer else "no match"
        if answer == ours:
            self.target_state = "agree"
            self._show_target(f"[green]TestEventPattern on {label}: {word} — agrees ✓[/]")
        else:
            self.target_state = "disagree"
            self._show_target(
                f"[yellow bold]⚠ TestEventPattern on {label} says {word}; AWS's documented rules "
                f"say {'match' if ours else 'no match'}. The target differs from AWS here "
                "(see docs/parity-notes.md).[/]")

    def _show_target(self, markup: str) -> None:
        self.query_one("#sandbox-target", Static).update(markup)

    def load(self, *, event: str | None = None, pattern: str | None = None) -> None:
        if event is not None:
            self.query_one("#sandbox-event", TextArea).text = event
        if pattern is not None:
            self.query_one("#sandbox-pattern", TextArea).text = pattern

