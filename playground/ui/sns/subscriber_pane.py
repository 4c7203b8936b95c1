"""One live pane per subscriber: what it received, and for every publish why it got it or not."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalScroll, Vertical, VerticalScroll
from textual.widgets import Static

from playground.aws.sns.fanout import Delivery, Published, Subscriber, matches
from playground.patterns import MatchResult
from playground.ui.common.text import clean, plain

MAX_ENTRIES = 40
BODY_CHARS = 300
RENDER_EVERY_S = 0.25
"""While deliveries stream, a pane redraws at most this often: each redraw relayouts the screen,
and redrawing per batch kept the UI thread (and the GIL) busy enough to slow the polls."""


@dataclass
class Entry:
    """One publish as this subscriber sees it (or a message that arrived from elsewhere)."""

    published: Published | None
    result: MatchResult | None
    received: int = 0
    """How many copies arrived; only the latest is kept (a batch of 1,000 shows one)."""
    latest: Delivery | None = None

    def add(self, delivery: Delivery) -> None:
        self.received += 1
        self.latest = delivery

    @property
    def expected(self) -> int:
        if self.published is None or self.result is None:
            return 0
        return self.published.count if self.result.matched else 0


def _short(text: str) -> str:
    flat = " ".join(text[:BODY_CHARS * 4].split())
    return flat if len(flat) <= BODY_CHARS else flat[:BODY_CHARS - 1] + "…"


def policy_line(subscriber: Subscriber) -> str:
    sub = subscriber.subscription
    policy = sub.filter_policy
    if sub.filter_policy_problem is not None:
        return sub.filter_policy_problem
    if policy is None:
        return "no filter policy: gets every message"
    scope = "body" if sub.filter_scope == "MessageBody" else "attributes"
    return f"filter on {scope}: {json.dumps(policy, separators=(',', ':'))}"


class _AnchoredScroll(VerticalScroll):
    """Anchored: the newest delivery stays in sight as the log grows, once its new height is
    laid out (a scroll_end right after update() ran before that, and ended wherever the redraws
    happened to be: a snapshot flaked under load); a learner who scrolls up to read stays there
    until back at the bottom. It anchors itself on its own mount: the pane's on_mount can run
    after a refresh of the subscriptions has already removed the pane's children."""

    def on_mount(self) -> None:
        self.anchor()


class SubscriberPane(Vertical):
    """State for one subscription; the screen's workers poll its queue and report here."""

    can_focus = True
    BINDINGS = [
        Binding("left", "neighbour(-1)", "Subscriber to the left", show=False,
                id="sns.subscriber.left"),
        Binding("right", "neighbour(1)", "Subscriber to the right", show=False,
                id="sns.subscriber.right"),
    ]

    def __init__(self, subscriber: Subscriber) -> None:
        super().__init__(classes="subscriber")
        self.subscriber = subscriber
        self.entries: list[Entry] = []
        self.error: str | None = None
        self.total_received = 0
        """Every delivery this pane has shown, including those of entries since dropped."""
        self.total_unexpected = 0
        """Deliveries no publish made here accounts for (sent from elsewhere, or duplicates)."""
        self._draw_pending = False
        self._policy_shown: str | None = None

    @property
    def arn(self) -> str:
        return self.subscriber.subscription.arn

    def action_neighbour(self, step: int) -> None:
        """← and → move between subscriber panes (key 3 cycles them too): past the third, they
        are the shorter way."""
        panes = list(self.screen.query(SubscriberPane))
        at = panes.index(self)
        if 0 <= at + step < len(panes):
            panes[at + step].focus()

    def compose(self) -> ComposeResult:
        yield Static("", classes="subscriber-policy")
        with _AnchoredScroll(classes="subscriber-scroll"):
            yield Static("", classes="subscriber-log")

    def on_mount(self) -> None:
        self.render_all()

    # --- state ------------------------------------------------------------------------------
    def update_subscriber(self, subscriber: Subscriber) -> None:
        self.subscriber = subscriber
        self.render_all()

    def expect(self, published: Published, result: MatchResult) -> MatchResult:
        """A publish is under way: what SNS will decide for this subscriber, and why (worked
        out by the publish worker with `explain`)."""
        self.entries.append(Entry(published, result))
        del self.entries[:-MAX_ENTRIES]
        self.render_all()
        return result

    def forget(self, seq: int) -> None:
        """The publish failed: drop its expectation."""
        self.entries = [e for e in self.entries if e.published is None or e.published.seq != seq]
        self.render_all()

    def expects(self, seq: int) -> bool:
        return any(e.published is not None and e.published.seq == seq and e.expected
                   for e in self.entries)

    def receive(self, deliveries: list[Delivery]) -> None:
        for delivery in deliveries:
            self.total_received += 1
            candidates = [e for e in self.entries if e.published is not None
                          and matches(delivery, e.published)
                          and e.received < e.published.count]
            expected = [e for e in candidates if e.received < e.expected]
            pick = expected or candidates
            entry = pick[0] if pick else None
            if entry is None:
                self.total_unexpected += 1
                entry = Entry(None, None)
                self.entries.append(entry)
            entry.add(delivery)
        del self.entries[:-MAX_ENTRIES]
        if deliveries:
            self.render_soon()

    def set_error(self, error: str | None) -> None:
        if error != self.error:
            self.error = error
            self.render_all()

    @property
    def shown(self) -> bool:
        """The pane shows its current state (no redraw pending)."""
        return not self._draw_pending

    @property
    def waiting(self) -> int:
        """Copies the policy lets through that have not arrived yet."""
        return sum(max(0, e.expected - e.received) for e in self.entries)

    # --- rendering ----------------------------------------------------------------------------
    def render_soon(self) -> None:
        """Redraw at the next tick of a clock shared by all panes, so panes that got deliveries
        together redraw in the same frame (one relayout, not one per pane)."""
        if self._draw_pending:
            return
        self._draw_pending = True
        self.set_timer(RENDER_EVERY_S - time.monotonic() % RENDER_EVERY_S, self.render_all)

    def render_all(self) -> None:
        self._draw_pending = False
        if not self.query(".subscriber-log") or not self.query(".subscriber-policy"):
            return  # mounted as its workbench closed: its parts are gone, nothing to draw into
        sub = self.subscriber.subscription
        mode = "raw" if sub.raw_delivery else "SNS envelope"
        self.border_title = plain(self.subscriber.name)
        self.border_subtitle = plain(mode + (" · FIFO" if self.subscriber.fifo else "") + (
            f" · {self.total_received:,} received" if self.total_received else ""))
        policy = policy_line(self.subscriber)
        if policy != self._policy_shown:
            self._policy_shown = policy
            self.query_one(".subscriber-policy", Static).update(plain(policy, "dim"))
        text = Text()
        if self.error:
            text.append(clean(f"⚠ {self.error}\n"), style="red")
        if not self.entries:
            text.append("Nothing yet. Publish, and what this queue gets (or why not) shows here.",
                        style="dim")
        for entry in self.entries:
            self._render_entry(text, entry)
        self.query_one(".subscriber-log", Static).update(text)

    def _render_entry(self, text: Text, entry: Entry) -> None:
        if entry.published is None:
            text.append("• received (not published here)\n", style="yellow")
            assert entry.latest is not None
            self._render_delivery(text, entry.latest)
            return
        p, result = entry.published, entry.result
        assert result is not None
        got = entry.received
        text.append(p.label + " ", style="bold")
        if result.matched:
            text.append("✓ delivered", style="green bold")
            if got >= p.count:
                text.append(" · received" if p.count == 1 else f" · received {got}/{p.count}",
                            style="green")
            else:
                text.append(f" · waiting for SQS… {got}/{p.count}" if p.count > 1
                            else " · waiting for SQS…", style="dim")
        elif got:
            text.append(f"⚠ the policy filters it out, yet {got} arrived "
                        "(the target differs from AWS here)", style="yellow bold")
        else:
            text.append("✗ filtered out", style="red bold")
        text.append("\n")
        if not result.reasons and self.subscriber.subscription.filter_policy is not None:
            text.append(clean(f"  {result.summary}\n"), style="dim")
        for reason in result.reasons:
            depth = reason.branch.count("›") + 1 if reason.branch else 0
            mark, style = ("✓", "green") if reason.matched else ("✗", "red")
            text.append("  " * (depth + 1))
            text.append(mark, style=style)
            label = f"[{reason.branch}] " if reason.branch else ""
            text.append(clean(f" {label}{reason.text}\n"))
        if entry.latest is not None:
            self._render_delivery(text, entry.latest)

    @staticmethod
    def _render_delivery(text: Text, delivery: Delivery) -> None:
        text.append(clean(f"  {_short(delivery.message)}\n"))
        details = []
        if delivery.envelope:
            details.append("in SNS's JSON envelope" + (f", Subject {delivery.subject!r}"
                                                        if delivery.subject else ""))
        if delivery.group_id:
            details.append(f"group {delivery.group_id}")
        for name, value in delivery.attributes.items():
            shown = value.get("StringValue", value.get("BinaryValue", ""))
            details.append(f"{name}={shown} ({value.get('DataType', '?')})")
        if details:
            text.append(clean(f"  {' · '.join(details)}\n"), style="dim")


class FanOutView(HorizontalScroll):
    """Subscriber panes side by side, in queue-name order."""

    def panes(self) -> list[SubscriberPane]:
        return list(self.query(SubscriberPane))

    def pane(self, subscription_arn: str) -> SubscriberPane | None:
        return next((p for p in self.panes() if p.arn == subscription_arn), None)
