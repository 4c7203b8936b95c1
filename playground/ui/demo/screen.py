"""Demo mode: a lab played for an audience. Each step's instructions first, then its reference
solution performed through the UI (see drivers.py), then its checks run on the live target.

space next · b back (the text only: AWS state stays) · a auto · r reset the stage · q leaves.
While a step is performed its workbench is on top; the demo still takes the keys (the app
offers them to it first): a toggles auto, the rest wait for the step.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from playground.aws.common import error_message
from playground.lab.catalog import UnknownLab, load_catalog
from playground.lab.context import LabError
from playground.lab.engine import SETTLE_S, LabSession, StepReport
from playground.lab.model import Lab
from playground.targets.errors import TargetError
from playground.ui.common.markdown import LatestMarkdown
from playground.ui.common.messages import TargetChanged
from playground.ui.common.screen import PlaygroundScreen
from playground.ui.common.text import plain
from playground.ui.demo.drivers import Performed, perform
from playground.ui.demo.stage import Stage
from playground.ui.lab.checks import LabCheckResults
from playground.ui.shell.call_log import CallLogPane

DEFAULT_DELAY_S = 3.0
"""Auto mode's pause between two moves (instructions, performance, checks) unless told."""
CALL_LOG_ROWS = 40
"""From this many rows the call log opens with the demo; below, each step lists its commands
itself (the log would leave the instructions a few rows) and `l` opens the log."""
MAX_COMMANDS = 4
"""Commands listed under one action; the call log has the rest."""
SHOW_RESULT_BEATS = 3
"""How long (in beats) the workbench stays up after the last action, so its result is seen."""


@dataclass
class StepRun:
    """What the demo did for one step and what the checks found."""

    done: list[Performed] = field(default_factory=list)
    """What each action did, through the UI or not, and the aws CLI of its calls."""
    error: str = ""
    report: StepReport | None = None

    @property
    def passed(self) -> bool:
        return not self.error and self.report is not None and self.report.passed


def settle_check(session: LabSession, index: int, timeout: float = SETTLE_S) -> StepReport:
    """The step's checks until they pass or `timeout` runs out (deliveries are asynchronous),
    without recording progress: a demo is not the learner's own run."""
    deadline = time.monotonic() + timeout
    report = session.check_step(index, record=False)
    while not report.passed and time.monotonic() < deadline:
        time.sleep(0.2)
        report = session.check_step(index, record=False)
    return report


class DemoScreen(PlaygroundScreen):
    """One step at a time: `space` shows a step, performs it, then moves to the next."""

    DEFAULT_CSS = """
    DemoScreen #demo { height: 1fr; padding: 0 1; }
    DemoScreen #demo-title { height: 1; padding: 0 1; margin-top: 1; }
    DemoScreen #demo-detail { height: 1fr; padding: 0 1; border: round $primary 50%; }
    DemoScreen #demo-step-title { height: auto; padding: 0 1; text-style: bold; color: $accent; }
    DemoScreen #demo-instructions { height: auto; margin: 0; }
    DemoScreen #demo-actions { height: auto; margin: 0 1; padding: 0 1;
                               border-left: thick $primary; }
    DemoScreen #demo-checks { height: auto; margin: 1 1 0 1; padding: 0 1;
                              border-left: thick $accent; }
    DemoScreen #demo-status { height: auto; max-height: 3; padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("space", "next", "Next", id="demo.next"),
        Binding("b", "back", "Back", id="demo.back"),
        Binding("a", "toggle_auto", "Auto", id="demo.auto"),
        Binding("r", "reset_stage", "Reset stage", id="demo.reset"),
        Binding("q", "leave", "Leave", id="demo.leave"),
        Binding("escape", "leave", "Leave", show=False, id="demo.leave-esc"),
    ]

    def __init__(self, lab_id: str, *, auto: bool = False, delay: float = DEFAULT_DELAY_S,
                 exit_at_end: bool = False, leave_exits: bool = False) -> None:
        super().__init__(name=f"demo:{lab_id}")
        self.lab_id = lab_id
        self.lab: Lab | None = None
        self.problem = ""
        try:
            self.lab = load_catalog().get(lab_id)
        except UnknownLab as exc:
            self.problem = str(exc)
        self.auto = auto
        self.delay = max(0.0, delay)
        self.exit_at_end = exit_at_end
        self.leave_exits = leave_exits
        self.session: LabSession | None = None
        self.stage: Stage | None = None
        self.index = 0
        self.runs: dict[int, StepRun] = {}
        self.busy = False
        self.resetting = False
        self.finished = False
        self.status = ""
        self.last_reset_s: float | None = None
        self._moves = 0
        """Counts scheduled moves: only the latest one fires."""
        self._told_busy: int | None = None
        """The step whose performance a key press was told to wait for (told once a step)."""
        self.skipped: dict[str, str] = {}

    # --- layout ----------------------------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        with Vertical(id="demo"):
            yield Static("", id="demo-title")
            with VerticalScroll(id="demo-detail"):
                yield Static("", id="demo-step-title")
                yield LatestMarkdown("", id="demo-instructions")
                yield Static("", id="demo-actions")
                yield LabCheckResults("", id="demo-checks")
            yield Static("", id="demo-status")

    def on_mount(self) -> None:
        if self.lab is None:
            self.notify(self.problem, title="cannot play the demo", severity="error", markup=False)
            self.app.call_later(self.action_leave)
            return
        self.query_one("#demo-actions").display = False
        self.query_one("#demo-checks").display = False
        if self.app.size.height >= CALL_LOG_ROWS:  # the CLI of every call is part of the show
            self.app.call_log_visible = True
            self.query_one(CallLogPane).display = True
        self._open_session()

    def on_target_changed(self, _: TargetChanged) -> None:
        self._open_session()

    def _open_session(self) -> None:
        target, lab = self.playground.target, self.lab
        if lab is None:
            return
        if target is None:
            self.status = "waiting for the target…"
            self._show()
            self.set_timer(0.2, self._open_session)
            return
        if self.session is not None and self.session.target is target:
            return
        if target.is_real:
            self.session = None
            self.status = ("A demo performs every step for you and deletes everything on r: it "
                           "plays on the embedded emulator or LocalStack, not on an AWS account "
                           "(the lab itself works there).")
            self._show()
            return
        self.session = LabSession(lab, target,
                                  resource_prefix=self.playground.settings.resource_prefix)
        self.stage = Stage(self.app, self, self.playground.recorder,
                           beat=min(0.4, self.delay / 6))
        self.index, self.runs, self.finished = 0, {}, False
        self._probe(self.session)

    @work(thread=True, group="demo-probe", exit_on_error=False, description="probe the target")
    def _probe(self, session: LabSession) -> None:
        """Steps this target cannot do are skipped with their parity note (as in a lab)."""
        skipped = session.unavailable()
        self.app.call_from_thread(self._ready, session, skipped)

    def _ready(self, session: LabSession, skipped: dict[str, str]) -> None:
        if session is not self.session:
            return
        self.skipped = skipped
        self.status = ""
        self._show()
        self._schedule()

    # --- what the audience sees ------------------------------------------------------------------
    def _show(self) -> None:
        lab, session = self.lab, self.session
        if lab is None:
            return
        total = len(lab.steps)
        done = sum(run.passed for run in self.runs.values())
        mode = (f"auto every {self.delay:g} s" if self.auto else "manual")
        title = Text()
        title.append("▶ Demo", style="bold reverse")
        title.append(f"  {lab.title}", style="bold")
        title.append(f"  · step {self.index + 1} of {total} · {done} held · {mode}", style="dim")
        self.query_one("#demo-title", Static).update(title)
        if session is None:
            self.query_one("#demo-status", Static).update(plain(self.status))
            return
        step = lab.steps[self.index]
        self.query_one("#demo-step-title", Static).update(
            plain(f"Step {self.index + 1} of {total} · {step.title}"))
        text = step.instructions
        if self.index == 0 and lab.summary:
            text = f"{lab.summary}\n\n---\n\n{text}"
        self.query_one("#demo-instructions", LatestMarkdown).show(session.text(text))
        run = self.runs.get(self.index)
        actions = self.query_one("#demo-actions", Static)
        checks = self.query_one("#demo-checks", LabCheckResults)
        actions.display = run is not None
        checks.display = run is not None and (run.report is not None or not self.busy)
        if run is not None:
            actions.update(self._actions_text(run))
            note = ("checking…" if run.report is None and self.busy else
                    "on the live target" if run.report is not None else "")
            checks.show(run.report.results if run.report else None, note)
        self.query_one("#demo-status", Static).update(plain(self.status or self._next_text()))

    def _actions_text(self, run: StepRun) -> Text:
        text = Text()
        text.append("Performed", style="bold")
        if not run.done and not run.error:
            text.append("  working…" if self.busy else "  nothing to do", style="dim")
        for done in run.done:
            text.append("\n✓ ", style="green")
            text.append(done.line)
            if not done.through_ui:
                text.append(" (performed directly)", style="dim italic")
            for command in done.commands[:MAX_COMMANDS]:
                text.append(f"\n  $ {command}", style="dim")
            if len(done.commands) > MAX_COMMANDS:
                text.append(f"\n  … {len(done.commands) - MAX_COMMANDS} more calls: l opens "
                            "the call log", style="dim")
        if run.error:
            text.append("\n✗ ", style="red")
            text.append(run.error)
        return text

    def _next_text(self) -> str:
        lab = self.lab
        if lab is None:
            return ""
        if self.busy:
            return f"performing step {self.index + 1}…"
        if self.finished:
            held = sum(run.passed for run in self.runs.values())
            return f"demo complete: {held} of {len(lab.steps)} steps held · r resets the stage"
        if self.index not in self.runs:
            return f"space performs step {self.index + 1}"
        if self.index + 1 < len(lab.steps):
            return f"space shows step {self.index + 2}"
        return "space ends the demo"

    # --- moving through the lab ------------------------------------------------------------------
    def _schedule(self) -> None:
        """In auto mode, the next move after the delay (a move scheduled earlier is dropped)."""
        self._moves += 1
        if not (self.auto and not self.busy and not self.finished and self.session is not None):
            return
        move = self._moves

        def fire() -> None:
            if move == self._moves:
                self.action_next()

        if self.delay > 0:
            self.set_timer(self.delay, fire)
        else:
            self.call_later(fire)

    def action_next(self) -> None:
        lab, session, stage = self.lab, self.session, self.stage
        if (lab is None or session is None or stage is None or self.busy or self.finished
                or self.resetting):
            return
        if self.index not in self.runs:
            self.busy = True
            self.runs[self.index] = StepRun()
            self.status = ""
            self._show()
            self._play(session, stage, self.index)
            return
        if self.index + 1 < len(lab.steps):
            self.index += 1
            self.status = ""
            self._show()
            self.query_one("#demo-detail", VerticalScroll).scroll_home(animate=False)
            self._schedule()
            return
        self.finished = True
        self.status = ""
        self._show()
        if self.exit_at_end:
            self.app.exit(0 if all(r.passed for r in self.runs.values()) else 1)

    @work(exclusive=True, group="demo-play", exit_on_error=False, description="perform a step")
    async def _play(self, session: LabSession, stage: Stage, index: int) -> None:
        run = self.runs[index]
        try:
            await self._perform(session, stage, index, run)
            run.report = await asyncio.to_thread(settle_check, session, index,
                                                 1.0 if run.error else SETTLE_S)
        except Exception as exc:  # a bug must not leave the demo stuck
            run.error = run.error or error_message(exc)
        finally:
            self.busy = False
        self._show()
        if self.index == index:  # what was done and what the checks found, in view
            detail = self.query_one("#demo-detail", VerticalScroll)
            self.call_after_refresh(detail.scroll_to_widget, self.query_one("#demo-actions"),
                                    animate=False, top=True)
        self._schedule()

    async def _perform(self, session: LabSession, stage: Stage, index: int,
                       run: StepRun) -> None:
        step = session.lab.steps[index]
        try:
            if step.id not in self.skipped:
                for spec in step.solution:
                    run.done.append(await perform(stage, session, spec))
                    self._show()
                    await stage.pause()
                if step.solution:
                    await stage.pause(SHOW_RESULT_BEATS)
        except (LabError, TargetError) as exc:
            run.error = str(exc)
        except Exception as exc:  # the target refused: one line on screen, the demo goes on
            run.error = error_message(exc)
        finally:
            await stage.back_home()
        self._show()

    def action_back(self) -> None:
        if self.busy or self.resetting or self.index == 0:
            return
        self.finished = False
        self.index -= 1
        self.status = ""
        self._show()

    def take_key_while_covered(self, key: str) -> bool:
        """While a step is performed, the workbench it opened is on top, and a key the presenter
        presses must not reach it: q would quit, a would toggle a consumer's auto-delete, a
        letter would land in the form being filled. a still toggles auto; the rest wait for
        the step to end (a notice says so, once a step)."""
        if not self.busy:
            return False
        if key == "a":
            self.action_toggle_auto()
            self.app.notify(f"auto {'on' if self.auto else 'off'}", title="demo", markup=False)
        elif self._told_busy != self.index:
            self._told_busy = self.index
            self.app.notify(f"performing step {self.index + 1}: keys wait until it is done "
                            "(a toggles auto)", title="demo", markup=False)
        return True

    def action_toggle_auto(self) -> None:
        self.auto = not self.auto
        self.status = ""
        self._show()
        self._schedule()

    def action_reset_stage(self) -> None:
        if self.session is None or self.resetting:
            return
        self._moves += 1
        self.workers.cancel_group(self, "demo-play")
        self.resetting = True
        self.status = "resetting the stage…"
        self._show()
        self._reset(self.session, time.perf_counter())

    @work(exclusive=True, group="demo-reset", exit_on_error=False, description="reset the stage")
    async def _reset(self, session: LabSession, started: float) -> None:
        """The target emptied first (what the audience waits for), then the workbenches kept
        for later steps are let go (they would show what is gone)."""
        try:
            await asyncio.to_thread(reset_stage, session)
        except Exception as exc:
            self.status = f"could not reset the stage: {error_message(exc)}"
        else:
            self.last_reset_s = time.perf_counter() - started
            self.status = (f"stage reset in {self.last_reset_s:.2f} s: the target is empty, "
                           "space starts again")
        self.index, self.runs, self.finished, self.busy = 0, {}, False, False
        self._show()
        if self.stage is not None:
            await self.stage.close()
        self.resetting = False
        self._schedule()

    async def action_leave(self) -> None:
        self._moves += 1
        self.workers.cancel_group(self, "demo-play")
        if self.stage is not None:
            await self.stage.close()
        if self.leave_exits:
            self.app.exit(0 if self.finished and all(r.passed for r in self.runs.values())
                          else 1)
        else:
            self.app.pop_screen()


def reset_stage(session: LabSession) -> None:
    """Everything deleted: the whole emulator where the target can reset fast (the embedded
    one), else what this lab made (its prefix and tag)."""
    target = session.target
    if target.supports_reset and not target.is_real:
        target.reset()
    else:
        session.reset()
