"""FIFO lanes: one lane per message group, in order, blocked while the head is in flight."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static

from playground.aws.sqs.lanes import Lane, LaneState, build_lanes
from playground.aws.sqs.service import PeekedMessage
from playground.aws.sqs.visibility import Clock, Delivery, DeliveryState, MessageIndex, format_seconds
from playground.ui.common.text import clean, markup, plain

CHIP_STYLE = {LaneState.IN_FLIGHT: "bold black on cyan", LaneState.NEXT: "bold black on green",
              LaneState.BLOCKED: "white on red", LaneState.WAITING: "black on grey70"}
MAX_CHIPS = 5
Lookup = Callable[[str], Delivery | None]


class LanesPane(Vertical):
    """Receives one message at a time so the group blocking is plain to see."""

    BINDINGS = [
        Binding("r", "receive", "Receive one", id="sqs.lanes.receive"),
        Binding("d", "delete", "Delete head", id="sqs.lanes.delete"),
        Binding("0", "release", "Release head", id="sqs.lanes.release"),
    ]

    class Command(Message):
        """receive (one message) / delete / release the in-flight head of a lane."""

        def __init__(self, action: str, delivery: Delivery | None = None) -> None:
            self.action = action
            self.delivery = delivery
            super().__init__()

    def __init__(self, clock: Clock, index: MessageIndex, lookup: Lookup, *,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.index = index
        self.lookup = lookup
        self.lanes: list[Lane] = []
        self.queue_name = ""
        # Held, not queried: the redraw timer can fire as the workbench closes, after the
        # children were removed and before the pane is (a demo run crashed on NoMatches).
        self.status_line = Static("Select a FIFO queue.", id="lanes-status")
        self.options = OptionList(id="lanes-list")

    def compose(self) -> ComposeResult:
        yield self.status_line
        yield self.options
        yield Static(Text.assemble(
            ("next", CHIP_STYLE[LaneState.NEXT]), " the next receive gets it  ",
            ("in flight", CHIP_STYLE[LaneState.IN_FLIGHT]), " received, not deleted: its group "
            "waits  ", ("blocked", CHIP_STYLE[LaneState.BLOCKED]), " behind it  ",
            ("waiting", CHIP_STYLE[LaneState.WAITING]), " comes after, in order"), id="lanes-legend")
        yield Static("[b]r[/] receive one  [b]d[/] delete the lane's in-flight head  "
                     "[b]0[/] release it (visibility 0)", classes="hint")

    def on_mount(self) -> None:
        self.set_interval(0.5, self._redraw)

    def show(self, queue_name: str, messages: list[PeekedMessage]) -> None:
        self.queue_name = queue_name
        for m in sorted(messages, key=lambda m: int(m.sequence_number or 0)):
            self.index.of(m.message_id)
        self.lanes = build_lanes(messages)
        groups = len(self.lanes)
        blocked = sum(lane.blocked for lane in self.lanes)
        self.status_line.update(markup(
            f"[b]$name[/b]: {len(messages)} messages in {groups} message groups, "
            f"{blocked} blocked\n[dim]Within a group SQS delivers in order, one at a time; "
            "groups do not wait for each other.[/]", name=queue_name))
        self._redraw()

    def show_unavailable(self, text: str) -> None:
        self.lanes = []
        self.options.clear_options()
        self.status_line.update(plain(text, "yellow"))

    def _redraw(self) -> None:
        options = self.options
        prompts = [self._lane_text(lane) for lane in self.lanes]
        if options.option_count != len(prompts):
            highlighted = options.highlighted
            options.clear_options()
            options.add_options(prompts)
            if prompts:
                options.highlighted = min(highlighted or 0, len(prompts) - 1)
            return
        for i, prompt in enumerate(prompts):
            options.replace_option_prompt_at_index(i, prompt)

    def _lane_text(self, lane: Lane) -> Text:
        text = Text.assemble((clean(f"{lane.group_id[:12]:<12}"), "bold"), " ▶ ")
        for m in lane.messages[:MAX_CHIPS]:
            label = f" #{self.index.of(m.message_id)} {m.state.value}"
            if m.state is LaneState.IN_FLIGHT:
                delivery = self.lookup(m.message_id)
                if delivery is not None and delivery.state is DeliveryState.IN_FLIGHT:
                    label += f" {format_seconds(delivery.remaining(self.clock()))}"
            text.append(label + " ", style=CHIP_STYLE[m.state])
            text.append(" ")
        if len(lane.messages) > MAX_CHIPS:
            text.append(f"+{len(lane.messages) - MAX_CHIPS} more", style="dim")
        return text

    @property
    def selected_lane(self) -> Lane | None:
        highlighted = self.options.highlighted
        if highlighted is None or highlighted >= len(self.lanes):
            return None
        return self.lanes[highlighted]

    def _head(self) -> Delivery | None:
        lane = self.selected_lane
        if lane is None:
            self.notify("No lane selected", severity="warning")
            return None
        head = next((m for m in lane.messages if m.state is LaneState.IN_FLIGHT), None)
        delivery = self.lookup(head.message_id) if head else None
        if delivery is None or delivery.state is not DeliveryState.IN_FLIGHT:
            self.notify(f"Group {lane.group_id} has no in-flight message received here",
                        severity="warning", markup=False)
            return None
        return delivery

    def action_receive(self) -> None:
        self.post_message(self.Command("receive"))

    def action_delete(self) -> None:
        delivery = self._head()
        if delivery is not None:
            self.post_message(self.Command("delete", delivery))

    def action_release(self) -> None:
        delivery = self._head()
        if delivery is not None:
            self.post_message(self.Command("release", delivery))
