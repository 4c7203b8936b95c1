"""The EventBridge workbench: buses and rules, put events, the pattern sandbox, the input
transformer preview, and archive and replay."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.widgets import Input, TabbedContent, TabPane, TextArea

from playground.aws.events.replay import watch_names
from playground.ui.common.dialogs import ConfirmDialog, account_name
from playground.ui.common.messages import TargetChanged
from playground.ui.common.panes import Pane, PaneKeys, pane_bindings
from playground.ui.common.screen import PlaygroundScreen
from playground.ui.common.text import markup, plain
from playground.ui.events.dialogs import (
    ArchiveDialog,
    NewArchive,
    NewBusDialog,
    NewReplay,
    NewRule,
    NewTarget,
    ReplayDialog,
    RuleDialog,
    TargetDialog,
)
from playground.ui.events.messages import (
    ArchivesLoaded,
    BusesLoaded,
    EventPut,
    PatternChecked,
    ReplayUpdated,
    RulesLoaded,
    TransformerDelivered,
    TransformerSaved,
    WatchPolled,
    WatchStarted,
)
from playground.ui.events.pattern_sandbox import PatternSandbox
from playground.ui.events.put_form import PutEventForm, PutRequest
from playground.ui.events.replay import ReplayPane
from playground.ui.events.rules import BusList, RulesPane
from playground.ui.events.transformer import TransformerPane
from playground.ui.events.workers import EventsWorkers
from playground.ui.workbenches import BY_KEY

TABS = (("rules", "Rules"), ("put", "Put events"), ("sandbox", "Pattern sandbox"),
        ("transformer", "Transformer"), ("replay", "Archive & replay"))
WATCH_WAIT_SECONDS = 2
TAB_ACTIONS: dict[str, tuple[str, ...]] = {
    "new_bus": ("rules",), "new_rule": ("rules", "sandbox"), "add_target": ("rules",),
    "toggle_rule": ("rules",), "delete": ("rules",),
    "new_archive": ("replay",), "replay": ("replay",), "watch": ("replay",),
}
"""Actions that only make sense on some tabs (others, like refresh, work everywhere)."""
PANES = (
    Pane("Rules", ("#bus-list", "#rules-table"), area="#rules", reveal=("action_tab", "rules")),
    Pane("Put events", ("#put-bus", "#put-detail"), area="#put", reveal=("action_tab", "put")),
    Pane("Pattern sandbox", ("#sandbox-pattern-sample", "#sandbox-event-sample",
                             "#sandbox-result-box"), area="#sandbox", reveal=("action_tab", "sandbox")),
    Pane("Transformer", ("#tx-rule", "#tx-template"), area="#transformer",
         reveal=("action_tab", "transformer")),
    Pane("Archive & replay", ("#archive-table", "#watch-box"), area="#replay",
         reveal=("action_tab", "replay")),
)
"""Keys 1-5 are the tabs; the same key again moves inside the tab (buses, then rules). A tab
whose work is typing opens on a sample or rule picker, not in a text area: a text area keeps
the digits, so the next tab's key was typed into it (escape leaves it for the tab strip). A text
area comes last in its tab's cycle (the key types there); tab reaches the others."""
FIRST_FOCUS = {tab: pane.focus[0] for tab, pane in zip([key for key, _ in TABS], PANES,
                                                         strict=True)}


class EventsWorkbench(PaneKeys, EventsWorkers, PlaygroundScreen):

    PARITY_KEYS = BY_KEY["events"].parity_keys
    PANES = PANES
    CSS_PATH = "screen.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="events.back"),
        *pane_bindings(PANES, "events"),
        Binding("b", "new_bus", "New bus", id="events.bus.new"),
        Binding("n", "new_rule", "New rule", id="events.rule.new"),
        Binding("t", "add_target", "Add target", id="events.target.add"),
        Binding("e", "toggle_rule", "Enable/disable", id="events.rule.toggle"),
        Binding("d", "delete", "Delete", id="events.delete"),
        Binding("a", "new_archive", "New archive", id="events.archive.new"),
        Binding("p", "replay", "Replay", id="events.replay"),
        Binding("w", "watch", "Watch", id="events.watch"),
        Binding("r", "refresh", "Refresh", id="events.refresh"),
    ]

    def __init__(self, watch_wait: int = WATCH_WAIT_SECONDS, tab: str = "rules") -> None:
        super().__init__(name="events")
        self.watch_wait = watch_wait
        self.initial_tab = tab
        self.bus = "default"
        self.watch_url: str | None = None
        self.last_put: PutRequest | None = None

    def compose_body(self) -> ComposeResult:
        with TabbedContent(initial=self.initial_tab, id="events-tabs"):
            with TabPane("1 Rules", id="rules"):
                yield RulesPane(id="rules-pane")
            with TabPane("2 Put events", id="put"):
                yield PutEventForm(id="put-form")
            with TabPane("3 Pattern sandbox", id="sandbox"):
                yield PatternSandbox(id="sandbox-pane")
            with TabPane("4 Transformer", id="transformer"):
                yield TransformerPane(id="transformer-pane")
            with TabPane("5 Archive & replay", id="replay"):
                yield ReplayPane(id="replay-pane")

    def on_mount(self) -> None:
        super().on_mount()
        self._focus_tab(self.initial_tab)
        self.action_refresh()

    def _focus_tab(self, tab: str) -> None:
        """Put the cursor where each tab's work starts."""
        selector = FIRST_FOCUS.get(tab)
        if selector:
            self.query_one(selector).focus()

    def on_target_changed(self, _: TargetChanged) -> None:
        self.watch_url = None
        self.action_refresh()

    def action_tab(self, key: str) -> None:
        self.query_one(TabbedContent).active = key

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Each tab shows (and takes) only the keys that act on what it shows."""
        tabs = TAB_ACTIONS.get(action)
        if tabs is None:
            return True
        try:
            return self.query_one(TabbedContent).active in tabs
        except NoMatches:
            return True

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()
        self._focus_tab(event.pane.id or "")
        if event.pane.id == "transformer":
            self._feed_transformer()
        elif event.pane.id == "replay" and self.target is not None:
            self.load_archives(self.target, self.bus)

    def action_refresh(self) -> None:
        if self.target is None:
            return
        self.load_buses(self.target, self.bus)

    # --- buses and rules --------------------------------------------------------------------------
    def on_buses_loaded(self, message: BusesLoaded) -> None:
        buses = self.query_one(BusList)
        buses.show(message.buses, message.select)
        self.query_one(PutEventForm).set_buses(message.buses, buses.selected)
        self._choose_bus(buses.selected or "default")

    def on_bus_list_chosen(self, message: BusList.Chosen) -> None:
        if message.bus != self.bus:
            self._choose_bus(message.bus)

    def _choose_bus(self, bus: str) -> None:
        self.bus = bus
        if self.target is not None:
            self.load_rules(self.target, bus)
            self.load_archives(self.target, bus)

    def on_rules_loaded(self, message: RulesLoaded) -> None:
        if message.bus != self.bus:
            return
        self.query_one(RulesPane).show_rules(message.bus, message.rules)
        self._feed_transformer()

    def _feed_transformer(self) -> None:
        rules = self.query_one(RulesPane).rules
        pane = self.query_one(TransformerPane)
        pane.set_rules(self.bus, {r.name: r.arn for r in rules})
        pane.set_event(self.query_one(PatternSandbox).event_doc)

    def action_new_bus(self) -> None:
        def chosen(name: str | None) -> None:
            if name and self.target is not None:
                self.create_bus(self.target, account_name(self.app, name))

        self.app.push_screen(NewBusDialog(), chosen)

    def action_new_rule(self) -> None:
        bus = self.bus

        def chosen(rule: NewRule | None) -> None:
            if rule and self.target is not None:
                self.create_rule(self.target, bus, replace(rule, name=account_name(self.app, rule.name)))

        self.app.push_screen(RuleDialog(bus, self.query_one(PatternSandbox).pattern_text), chosen)

    def _rule(self) -> str | None:
        rule = self.query_one(RulesPane).selected
        if rule is None:
            self.notify("Select a rule in the Rules tab first (n creates one)", severity="warning")
            return None
        return rule.name

    def action_add_target(self) -> None:
        rule, bus = self._rule(), self.bus
        if rule is None:
            return

        def chosen(request: NewTarget | None) -> None:
            if request and self.target is not None:
                if request.kind == "sqs":
                    request = replace(request, value=account_name(self.app, request.value))
                self.add_target(self.target, bus, rule, request)

        self.app.push_screen(TargetDialog(rule), chosen)

    def action_toggle_rule(self) -> None:
        selected = self.query_one(RulesPane).selected
        if selected is None or self.target is None:
            self._rule()
            return
        self.set_enabled(self.target, self.bus, selected.name, not selected.enabled)

    def action_delete(self) -> None:
        target, bus = self.target, self.bus
        if target is None:
            return
        if isinstance(self.focused, BusList):
            if bus == "default":
                self.notify("The default bus cannot be deleted", severity="warning")
                return
            self.app.push_screen(ConfirmDialog(
                f"Delete bus {bus}?", "Its rules (and their targets) are deleted first.",
                "Delete"), lambda yes: self.delete_bus(target, bus) if yes else None)
            return
        rule = self._rule()
        if rule is None:
            return
        self.app.push_screen(ConfirmDialog(
            f"Delete rule {rule}?", f"Its targets are removed first. Bus {bus} stays.", "Delete"),
            lambda yes: self.delete_rule(target, bus, rule) if yes else None)

    # --- put events, sandbox, transformer -------------------------------------------------------
    def on_put_event_form_put(self, message: PutEventForm.Put) -> None:
        if self.target is not None:
            self.last_put = message.request
            self.put_event(self.target, message.request)

    def on_event_put(self, message: EventPut) -> None:
        request = self.last_put
        if request is None:
            return
        self.query_one(PutEventForm).show_result(request, message.event_id, message.error,
                                                 message.verdicts, message.rules_error)

    def on_pattern_sandbox_evaluated(self, _: PatternSandbox.Evaluated) -> None:
        # The sample event the transformer previews may have changed: previewed now if its tab
        # shows (a 1 MB event takes ~0.1 s), else when the tab opens.
        if self.query_one(TabbedContent).active == "transformer":
            self._feed_transformer()

    def on_pattern_sandbox_check_requested(self, message: PatternSandbox.CheckRequested) -> None:
        if self.target is not None:
            self.test_pattern(self.target, message.seq, message.pattern, message.event)

    def on_pattern_checked(self, message: PatternChecked) -> None:
        label = self.target.label if self.target is not None else "the target"
        self.query_one(PatternSandbox).show_target(message.seq, label, message.result, message.error)

    def on_transformer_pane_save(self, message: TransformerPane.Save) -> None:
        if self.target is not None:
            self.save_transformer(self.target, message.rule, message.bus,
                                  account_name(self.app, message.queue),
                                  message.transformer)

    def on_transformer_saved(self, message: TransformerSaved) -> None:
        pane = self.query_one(TransformerPane)
        if message.error:
            pane.show_delivered(plain(f"✗ PutTargets refused it: {message.error}", "red"))
        else:
            pane.show_delivered(markup("[green]✓ saved: rule $rule sends transformed events "
                                       "to queue $queue.[/] Try puts the sample event.",
                                       rule=message.rule, queue=message.queue))

    def on_transformer_pane_try(self, message: TransformerPane.Try) -> None:
        if self.target is not None:
            self.try_transformer(self.target, message.bus, message.queue, message.event)

    def on_transformer_delivered(self, message: TransformerDelivered) -> None:
        self.query_one(TransformerPane).show_bodies(message.bodies, message.error)

    # --- archive and replay -----------------------------------------------------------------------
    def on_archives_loaded(self, message: ArchivesLoaded) -> None:
        if message.bus == self.bus:
            self.query_one(ReplayPane).show_archives(message.bus, message.support, message.archives)

    def _archives_ready(self) -> bool:
        support = self.query_one(ReplayPane).support
        if support is not None and not support.available:
            self.notify(support.note, severity="warning", timeout=8, markup=False)
            return False
        return self.target is not None

    def action_new_archive(self) -> None:
        if not self._archives_ready():
            return
        bus = self.bus

        def chosen(request: NewArchive | None) -> None:
            if request and self.target is not None:
                self.create_archive(self.target, bus,
                                    replace(request, name=account_name(self.app, request.name)))

        self.app.push_screen(ArchiveDialog(bus), chosen)

    def action_replay(self) -> None:
        archive = self.query_one(ReplayPane).selected
        if not self._archives_ready():
            return
        if archive is None:
            self.notify("Create an archive first (a), then put events", severity="warning")
            return
        suggested = f"replay-{datetime.now(UTC):%H%M%S}"

        def chosen(request: NewReplay | None) -> None:
            if request and self.target is not None:
                self.start_replay(self.target, archive, request)

        self.app.push_screen(ReplayDialog(archive.name, suggested), chosen)

    def on_replay_updated(self, message: ReplayUpdated) -> None:
        self.query_one(ReplayPane).show_replay(message.status)
        if message.status.finished and self.target is not None:
            self.load_archives(self.target, self.bus)

    def action_watch(self) -> None:
        if self.target is None:
            return
        prefix = account_name(self.app, "")
        rule, queue = watch_names(self.bus, prefix)
        self.notify(f"Creating rule {rule} → queue {queue} on {self.bus}", markup=False)
        self.start_watch(self.target, self.bus, prefix)

    def on_watch_started(self, message: WatchStarted) -> None:
        self.watch_url = message.queue_url
        self.query_one(ReplayPane).start_watch(message.bus, message.prefix)
        self._poll_watch(message.bus)

    def _poll_watch(self, bus: str) -> None:
        if self.target is not None and self.watch_url is not None:
            self.poll_watch(self.target, bus, self.watch_url, self.watch_wait)

    def on_watch_polled(self, message: WatchPolled) -> None:
        self.query_one(ReplayPane).add_watched(message.events, message.error)
        if message.error is None:
            self.set_timer(0.1 if self.watch_wait else 0.3, lambda: self._poll_watch(message.bus))

    def action_back(self) -> None:
        """escape in a text field goes to the tab strip, where the pane keys work again."""
        if isinstance(self.focused, Input | TextArea):
            self.query_one("#events-tabs Tabs").focus()
            return
        self.app.pop_screen()
