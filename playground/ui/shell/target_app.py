"""The app's target: starting, adopting, watching, restarting and switching it; what its header
shows; and how a failed call reaches the user. The shell app builds on this."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.worker import get_current_worker

from playground.aws.common import error_message
from playground.aws.recorder import CallRecorder
from playground.config import Settings
from playground.targets import (
    ReadOnlyViolation,
    Target,
    TargetError,
    TargetKind,
    TargetSpec,
    WriteNotConfirmed,
    make_target,
)
from playground.targets.errors import AccountNotAllowed
from playground.targets.liveness import Health, watch
from playground.ui.common.dialogs import ConfirmDialog, PromptDialog
from playground.ui.common.messages import (
    TargetChanged,
    TargetDown,
    TargetFailed,
    TargetProgress,
    TargetReady,
    TargetUp,
)
from playground.ui.common.workers import LOOP_GROUPS
from playground.ui.shell.commands import RESTART_COMMAND
from playground.ui.shell.cost_meter import METER_GROUP, CostUpdated, header_words
from playground.ui.shell.target_header import TargetHeader

if TYPE_CHECKING:
    from playground.cost.meter import Reading
    from playground.ui.common.screen import PlaygroundScreen

METER_DELAY_S = 1.0
"""How long after a target is ready the cost meter starts."""
WATCH_GROUP = "target-watch"
LOOP_GROUPS.add(WATCH_GROUP)
LOOP_GROUPS.add(METER_GROUP)


class TargetApp(App[int]):
    """An app with one target at a time, which it may own (start and stop) or be given."""

    def __init__(self, settings: Settings | None = None, spec: TargetSpec | None = None, *,
                 target: Target | None = None, unstarted: Target | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.recorder = target.recorder if target is not None else CallRecorder()
        self.spec = spec or TargetSpec.resolve(self.settings)
        self.target: Target | None = None
        self._given_target = target
        self._unstarted = unstarted
        if unstarted is not None:
            unstarted.recorder = self.recorder
            self.recorder.guard = unstarted._guard
        self._owned: set[int] = set()
        self._header_state: tuple[str, str] = ("starting", "")
        self._restarting = False
        self.keymap: dict[str, str] = {}
        """Binding id -> keys, as set with `set_keymap` (from the config file's `keymap:`)."""
        self._cost: Reading | None = None
        self._idle_warned: set[str] = set()
        self._polls_seen = False

    def start_or_adopt_target(self) -> None:
        """On mount: the target the app was given, or the one its spec names, started now."""
        self.set_interval(2.0, self._show_polling, name="polling rate")
        if self._given_target is not None:
            self._adopt(self._given_target)
        else:
            self._start_target(self.spec)

    # --- lifecycle --------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="target", exit_on_error=False,
          description="start target")
    def _start_target(self, spec: TargetSpec, replacing: Target | None = None) -> None:
        if replacing is not None and id(replacing) in self._owned:
            # Stopped first: a restart on a fixed port needs the port back.
            self._owned.discard(id(replacing))
            replacing.stop()
        target, self._unstarted = self._unstarted, None
        try:
            if target is None:
                target = make_target(spec, recorder=self.recorder)
        except TargetError as exc:
            self.post_message(TargetFailed(spec, str(exc)))
            return
        try:
            target.start(lambda line: self._progress(spec, line))
        except TargetError as exc:
            target.stop()
            self.post_message(TargetFailed(spec, str(exc)))
            return
        except Exception as exc:  # anything else must still end as a notice, not a crash
            target.stop()
            self.post_message(TargetFailed(spec, error_message(exc)))
            return
        self._owned.add(id(target))
        self.post_message(TargetReady(target))

    def paint_header(self, header: TargetHeader) -> None:
        header.info = self.target.info() if self.target is not None else None
        header.state, header.detail = self._header_state
        header.read_only = self.spec.read_only
        header.hint = self._restart_hint() if header.state == "down" else ""
        header.cost, header.tooltip = header_words(self.target, self._cost)
        header.polling = self._polling_words()

    def _polling_words(self) -> str:
        """On a real account, the rate of the refresh loops' calls (shared budget: 1/s)."""
        target = self.target
        if target is None or not target.pacer.adaptive or not self._polls_seen:
            return ""
        return f"polls {target.pacer.rate():.1f}/s"

    def _show_polling(self) -> None:
        target = self.target
        if target is None or not target.pacer.adaptive:
            return
        self._polls_seen = self._polls_seen or target.pacer.rate() > 0
        words = self._polling_words()
        for screen in self.screen_stack:
            for header in screen.query(TargetHeader):
                header.polling = words

    def _restart_hint(self) -> str:
        """How to restart, in the header while the target is down and can be restarted."""
        if self.target is None or not self.target.supports_restart:
            return ""
        keys = self.keymap.get("app.command-palette", "ctrl+p").split(",")[0]
        return f"{keys} › {RESTART_COMMAND}"

    def _repaint_headers(self) -> None:
        for screen in self.screen_stack:
            for header in screen.query(TargetHeader):
                self.paint_header(header)

    def _set_header_state(self, state: str, detail: str = "") -> None:
        self._header_state = (state, detail)
        self._repaint_headers()

    def _progress(self, spec: TargetSpec, line: str) -> None:
        self.post_message(TargetProgress(spec, line))

    def on_target_progress(self, message: TargetProgress) -> None:
        self._set_header_state("starting" if self.target is None else "switching", message.line)

    def on_target_ready(self, message: TargetReady) -> None:
        old, restarted = self.target, self._restarting
        self._restarting = False
        self._adopt(message.target)
        if old is not None and old is not message.target:
            self._stop_target(old)
            if restarted:
                self.notify(f"The {message.target.label} runs again, empty: what you made before "
                            "it stopped is gone.", title="restarted", markup=False)
            else:
                self.notify(f"Calls now go to {message.target.label}", title="target",
                            markup=False)

    def _adopt(self, target: Target) -> None:
        self.target = target
        self.recorder.guard = target._guard
        self.recorder.context = target.call_context()
        self.spec = self.spec.with_(read_only=target.read_only)
        self._cost = None
        self._polls_seen = False
        self._set_header_state("ready")
        self._watch_target(target)
        if self.settings.ui.cost_meter:
            # A second later: the meter loads its prices and the services' inventories, which
            # would hold the GIL while the first frame is drawn; its figure is not urgent.
            self.set_timer(METER_DELAY_S, lambda: self._start_meter(target))
        for screen in self.screen_stack:
            screen.post_message(TargetChanged())

    def on_target_failed(self, message: TargetFailed) -> None:
        self._restarting = False
        if self.target is None:
            self._set_header_state("error", message.reason)
        else:
            self._show_health(self.target.liveness.health())
        self.notify(message.reason, title=f"cannot use {message.spec.title}", severity="error",
                    timeout=10, markup=False)

    # --- is the target still there? -------------------------------------------------------------
    @work(thread=True, exclusive=True, group=WATCH_GROUP, exit_on_error=False,
          description="watch the target")
    def _watch_target(self, target: Target) -> None:
        """Off the event loop: the emulator's process and health every second (a local port for
        other local targets; real AWS only through what calls see), posted when it changes."""
        def changed(health: Health) -> None:
            self.post_message(TargetUp(target) if health.up else TargetDown(target, health.reason))

        watch(target, get_current_worker().cancelled_event, changed)

    # --- the running-cost meter -----------------------------------------------------------------
    def _start_meter(self, target: Target) -> None:
        if target is self.target:  # not switched away in the meantime
            self._run_meter(target)

    @work(thread=True, exclusive=True, group=METER_GROUP, exit_on_error=False,
          description="cost meter")
    def _run_meter(self, target: Target) -> None:
        """Off the event loop until cancelled: lists what the playground made now and then
        (seldom on a real account), prices it and the app's calls, posts each new reading."""
        from playground.cost.watch import CostWatch

        CostWatch(target).run(get_current_worker().cancelled_event,
                              lambda reading: self.post_message(CostUpdated(target, reading)))

    def on_cost_updated(self, message: CostUpdated) -> None:
        if message.target is not self.target:
            return
        self._cost = message.reading
        self._repaint_headers()
        if not message.target.is_real:
            return
        from playground.cost.watch import idle_notice

        for resource in message.reading.idle:
            if resource.arn not in self._idle_warned:
                self._idle_warned.add(resource.arn)
                self.notify(idle_notice(resource, message.reading), title="idle and costly",
                            severity="warning", timeout=30, markup=False)

    def _show_health(self, health: Health) -> None:
        self._set_header_state("ready" if health.up else "down", health.reason)

    def on_target_down(self, message: TargetDown) -> None:
        if message.target is not self.target or self._header_state[0] == "switching":
            return
        was_down = self._header_state[0] == "down"
        self._set_header_state("down", message.reason)
        if was_down:
            return
        hint = self._restart_hint()
        self.notify(f"{message.reason}. " + (f"Restart it: {hint}." if hint
                                             else "Calls wait until it answers again."),
                    title=f"{message.target.label} is down", severity="error", timeout=30,
                    markup=False)

    def on_target_up(self, message: TargetUp) -> None:
        if message.target is not self.target or self._header_state[0] != "down":
            return
        self._set_header_state("ready")
        self.notify(f"{message.target.label} answers again", title="target", markup=False)

    def restart_target(self) -> None:
        """Start the embedded emulator afresh (it stopped, or the learner wants a clean one): a
        new, empty emulator; every screen gets TargetChanged once it is ready."""
        target = self.target
        if target is not None and not target.supports_restart:
            self.notify(target.restart_refusal(), title="restart", severity="warning",
                        markup=False)
            return
        if self._restarting:
            return
        self._restarting = True
        self._set_header_state("switching", "restarting the embedded emulator")
        self._start_target(self.spec, replacing=target)

    @work(thread=True, group="target-stop", exit_on_error=False, description="stop target")
    def _stop_target(self, target: Target) -> None:
        if id(target) in self._owned:
            self._owned.discard(id(target))
            target.stop()

    def switch_target(self, spec: TargetSpec) -> None:
        if self.target is not None and spec == self.spec:
            if self.target.liveness.down and self.target.supports_restart:
                self.restart_target()
            elif self.target.liveness.down:
                self.notify(f"Calls already go to {self.target.label}, which is down: "
                            f"{self.target.liveness.health().reason}", markup=False)
            else:
                self.notify(f"Calls already go to {self.target.label}", markup=False)
            return
        self.spec = spec
        self._set_header_state("switching", f"connecting to {spec.title}")
        self._start_target(spec)

    def use_target(self, kind: TargetKind) -> None:
        self.switch_target(self.spec.with_(kind=kind))

    def use_profile(self, profile: str) -> None:
        self.switch_target(self.spec.with_(kind=TargetKind.AWS, profile=profile))

    def use_region(self, region: str) -> None:
        self.switch_target(self.spec.with_(region=region))

    def ask_endpoint(self) -> None:
        def chosen(url: str | None) -> None:
            if url:
                self.switch_target(self.spec.with_(kind=TargetKind.ENDPOINT, endpoint_url=url))

        self.push_screen(PromptDialog("Endpoint URL", "e.g. http://127.0.0.1:4566",
                                      self.spec.endpoint_url or ""), chosen)

    def toggle_read_only(self) -> None:
        read_only = not self.spec.read_only
        self.spec = self.spec.with_(read_only=read_only)
        if self.target is not None:
            self.target.read_only = read_only
        self._repaint_headers()
        self.notify("Read-only mode " + ("on: writes are refused" if read_only else "off"),
                    markup=False)

    # --- errors ------------------------------------------------------------------------------
    def report_error(self, error: BaseException) -> None:
        """The one place a failed worker becomes something the user can read and act on."""
        if isinstance(error, WriteNotConfirmed):
            self._confirm_writes(error)
        elif isinstance(error, AccountNotAllowed):
            self.notify(str(error), title="account not allowed", severity="warning",
                        timeout=10, markup=False)
        elif isinstance(error, ReadOnlyViolation):
            self.notify(str(error), title="read-only", severity="warning", markup=False)
        else:
            self.notify(error_message(error), title="the call failed", severity="error",
                        timeout=8, markup=False)

    def _confirm_writes(self, error: WriteNotConfirmed) -> None:
        target = self.target

        def answered(yes: bool | None) -> None:
            if yes and target is not None:
                target.writes_confirmed = True
                self.notify("Writes allowed for this session: repeat the action.")

        self.push_screen(ConfirmDialog(
            "Write to a real AWS account?",
            f"{error.operation} would change account {error.account or '?'} "
            f"({target.label if target else ''}).\nResources the playground creates are named "
            f"with the prefix '{self.settings.resource_prefix}' and tagged playground:managed.",
            "Allow writes"), answered)

    def action_reset_target(self) -> None:
        target = self.target
        if target is None:
            return
        if target.read_only:
            self.notify("Read-only mode is on: the target was not reset.", title="read-only",
                        severity="warning")
            return
        if target.liveness.down and target.supports_restart:
            self.restart_target()  # a restarted emulator is an empty one
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._reset(target)

        self.push_screen(ConfirmDialog("Reset the target?",
                                       f"Deletes every queue, topic, rule, state machine and "
                                       f"stream on {target.label}.", "Reset"), answered)

    @work(thread=True, exit_on_error=False, group="target-reset", description="reset target")
    def _reset(self, target: Target) -> None:
        target.reset()
        self.call_from_thread(self.notify, f"{target.label} is empty again")
        self.call_from_thread(lambda: self.screen.post_message(TargetChanged()))

    def on_worker_state_changed(self, event) -> None:  # type: ignore[no-untyped-def]
        from textual.worker import WorkerState

        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.report_error(event.worker.error)

    def on_unmount(self) -> None:
        self._stop_owned_target()

    def request_parity(self, screen: PlaygroundScreen, keys: tuple[str, ...]) -> None:
        target = self.target
        if target is None or target.is_real:
            screen.show_parity([])
            return
        self._probe_parity(target, screen, keys)

    @work(thread=True, exit_on_error=False, group="parity", description="probe capabilities")
    def _probe_parity(self, target: Target, screen: PlaygroundScreen,
                      keys: tuple[str, ...]) -> None:
        from playground.parity import NOTES
        from playground.targets.probes import missing_capabilities

        missing = missing_capabilities(target, list(keys))  # cached per target, quiet twin
        notes = [NOTES[k].text() if k in NOTES else f"{k}: {v}" for k, v in missing.items()]
        if self.target is target:
            self.call_from_thread(screen.show_parity, notes)

    def _stop_owned_target(self) -> None:
        early, self._unstarted = self._unstarted, None
        if early is not None:
            early.stop()
        target, self.target = self.target, None
        if target is not None and id(target) in self._owned:
            target.stop()
