"""A guided lab: instructions, steps with live check status, hints, "do it for me", reset."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual import work
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Markdown, OptionList, ProgressBar, Static
from textual.worker import Worker, WorkerState

from playground.aws.recorder import CallRecord
from playground.lab.catalog import UnknownLab, load_catalog
from playground.lab.cleanup import ResetReport
from playground.lab.engine import LabProgress, LabSession, StepReport
from playground.lab.model import Lab
from playground.lab.plan import lab_plan, plan_cost_line, plan_lines
from playground.targets.base import is_read_operation
from playground.ui.common.dialogs import ConfirmDialog
from playground.ui.common.markdown import LatestMarkdown
from playground.ui.common.messages import TargetChanged
from playground.ui.common.screen import PlaygroundScreen
from playground.ui.common.text import markup, plain
from playground.ui.lab.checks import LabCheckResults
from playground.ui.lab.commands import LabCommands
from playground.ui.lab.steps import BROKEN, CURRENT, PASSED, TODO, LabStepList

CHECK_EVERY_S = 3.0
"""The current step (and any step found broken) is checked this often."""
RECHECK_GAP_S = 1.0
"""A workbench consumer polling away must not turn checks into a busy loop."""
FULL_CHECK_EVERY_S = 30.0
"""Steps passed earlier are checked again this often, besides on open, resume, target change
and `c`: resources can go away behind the app's back (the aws CLI, an emulator reset)."""


class StepsChecked(Message):
    """Posted by the check worker: a snapshot of progress and what the checks found."""

    def __init__(self, progress: LabProgress, generation: int) -> None:
        self.progress = progress
        self.generation = generation
        super().__init__()


class LabSolved(Message):
    def __init__(self, index: int, lines: list[str]) -> None:
        self.index = index
        self.lines = lines
        super().__init__()


class LabReset(Message):
    def __init__(self, report: ResetReport) -> None:
        self.report = report
        super().__init__()


class LabScreen(PlaygroundScreen):
    """Checks run in a thread worker through an unrecorded client (see LabSession), after
    every call the app makes and every few seconds, so the call log shows only real work.
    A ✓ is only ever what a check of the live target found: steps passed earlier are checked
    again when the screen opens or comes back, when the target changes, and on `c`."""

    CSS_PATH = "screen.tcss"
    COMMANDS = {LabCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    """Under 100 columns the step list narrows so the instructions keep room."""
    BINDINGS = [
        Binding("h", "hint", "Hint", id="lab.hint"),
        Binding("s", "solve", "Do it for me", id="lab.solve"),
        Binding("c", "check", "Check now", id="lab.check"),
        Binding("n", "next_step", "Next step", id="lab.next-step"),
        Binding("p", "previous_step", "Previous step", show=False, id="lab.previous-step"),
        Binding("R", "reset_lab", "Reset lab", id="lab.reset"),
        Binding("escape", "app.pop_screen", "Back", id="lab.back"),
    ]

    def __init__(self, lab_id: str) -> None:
        super().__init__(name=f"lab:{lab_id}")
        self.lab_id = lab_id
        self.lab: Lab | None = None
        self.problem = ""
        try:
            self.lab = load_catalog().get(lab_id)
        except UnknownLab as exc:
            self.problem = str(exc)
        self.session: LabSession | None = None
        self.progress: LabProgress | None = None
        self.reports: dict[int, StepReport] = {}
        self.hints_shown: dict[int, int] = {}
        self.selected = 0
        self._shown: tuple[int, int, bool] | None = None
        self._generation = 0
        self._checking = False
        self._dirty = False
        self._full_due = True
        self._away = False
        """Another screen was on top: steps shown as done are checked again on return."""
        self._last_check = 0.0
        self._last_full = 0.0
        self._unsubscribe: Callable[[], None] = lambda: None
        self._plan_shown_for: int | None = None
        """The real-account target this lab's plan was shown for (once per target)."""

    # --- layout --------------------------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        lab = self.lab
        if lab is None:
            yield Static(plain(self.problem), id="lab-title")
            return
        with Vertical(id="lab"):
            yield Static(markup("[b]$title[/b]  [dim]$services · $level · about $minutes min[/]",
                                title=lab.title, services=", ".join(lab.services),
                                level=lab.level, minutes=lab.minutes), id="lab-title")
            with Horizontal(id="lab-progress-row"):
                yield ProgressBar(total=len(lab.steps), show_eta=False, id="lab-progress")
                yield Static("", id="lab-progress-label")
            yield Static("", id="lab-setup")
            with Horizontal(id="lab-main"):
                yield LabStepList(id="lab-steps")
                with VerticalScroll(id="lab-detail"):
                    yield Static("", id="lab-step-title")
                    yield LatestMarkdown("", id="lab-instructions")
                    yield LabCheckResults("", id="lab-checks")
                    yield LatestMarkdown("", id="lab-hints")
                    yield LatestMarkdown("", id="lab-explanation")
            yield Static("", id="lab-keys")

    def on_mount(self) -> None:
        super().on_mount()
        if self.lab is None:
            self.notify(self.problem, title="cannot open the lab", severity="error", markup=False)
            self.app.call_later(self.app.pop_screen)
            return
        self._unsubscribe = self.playground.recorder.subscribe(self._on_call)
        self._open_session()
        self.set_interval(0.5, self._tick)

    def on_unmount(self) -> None:
        self._unsubscribe()

    # --- session and checks ---------------------------------------------------------------------
    def _open_session(self) -> None:
        target, lab = self.playground.target, self.lab
        self._generation += 1
        self.reports.clear()
        self._full_due = True
        if target is None or lab is None:
            self.session = None
            self.query_one("#lab-keys", Static).update("waiting for the target…")
            return
        self.session = LabSession(lab, target,
                                  resource_prefix=self.playground.settings.resource_prefix)
        self.progress = self.session.progress()
        if target.is_real and self._plan_shown_for != id(target):
            self._plan_shown_for = id(target)
            self._show_plan(self.session)
        self.query_one("#lab-setup", Static).update(markup(
            "[dim]aws CLI in another terminal:[/] $setup",
            setup=self.session.variables["aws_setup"].replace("\n", "; ")))
        current = self.progress.current
        self.selected = current if current is not None else len(lab.steps) - 1
        self._refresh()
        self._start_check()

    def _show_plan(self, session: LabSession) -> None:
        """On a real account, what the lab will create and what it costs there, before the
        first write; starting the lab allows writes to that account for this session."""
        target, lab = session.target, session.lab
        plan = lab_plan(lab, session.variables, target.region)
        lines = plan_lines(plan) or ["nothing: the lab only reads"]
        cost = plan_cost_line(plan, lab.minutes)
        body = (f"On AWS account {target.account_id or '?'}, region {target.region or '?'}, "
                f"this lab creates:\n\n" + "\n".join(f"  {line}" for line in lines)
                + (f"\n\n{cost}" if cost else "")
                + ("\n\nWrites to this account are refused: it is not in "
                   "target.allowed_accounts in the config file."
                   if target.allowed_accounts and target.account_id not in target.allowed_accounts
                   else "")
                + f"\n\nAll of it is tagged playground:lab={lab.id}: R (reset lab) or "
                "`playground teardown` deletes it. Starting the lab allows writes to this "
                "account for this session.")

        def answered(start: bool | None) -> None:
            if start:
                target.writes_confirmed = True
            elif self.is_current:
                self.app.pop_screen()

        self.app.push_screen(ConfirmDialog(f"Start {lab.title} on a real account?", body,
                                           "Start the lab"), answered)

    def on_target_changed(self, _: TargetChanged) -> None:
        self._open_session()

    def on_screen_suspend(self) -> None:
        self._away = True

    def on_screen_resume(self) -> None:
        """Back from a workbench or a dialog: what was ✓ may have been deleted meanwhile."""
        super().on_screen_resume()
        if self._away and self.session is not None:
            self._request_check(full=True)
        self._away = False

    def _on_call(self, record: CallRecord) -> None:
        """Runs on the calling thread: only flag that the state may have changed."""
        if not is_read_operation(record.operation):
            self._dirty = True

    def _tick(self) -> None:
        since = time.monotonic() - self._last_check
        due = ((self._dirty or self._full_due) and since >= RECHECK_GAP_S) or since >= CHECK_EVERY_S
        if due and not self._checking:
            self._start_check()

    def _request_check(self, *, full: bool) -> None:
        self._full_due = self._full_due or full
        if self._checking:
            self._dirty = True  # the tick starts it once the running check is done
        else:
            self._start_check()

    def _start_check(self) -> None:
        if self.session is None:
            return
        target = self.session.target
        if target.liveness.down and target.watches_liveness:
            return  # nothing to learn from a target that is down; its watch says when it is back
        now = time.monotonic()
        full = self._full_due or now - self._last_full >= FULL_CHECK_EVERY_S
        self._checking, self._dirty, self._full_due = True, False, False
        self._last_check = now
        if full:
            self._last_full = now
        self._check(self.session, self._generation, full)

    @work(thread=True, group="lab-check", exit_on_error=False, description="check the lab step")
    def _check(self, session: LabSession, generation: int, full: bool) -> None:
        progress = session.check_current(recheck=full)
        failed = any(not report.passed for report in progress.reports)
        if failed and not session.target.check_alive():
            return  # the target went down, not the learner's work: say nothing about the steps
        self.post_message(StepsChecked(progress, generation))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "lab-check" and event.state in (
                WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            self._checking = False
        super().on_worker_state_changed(event)

    async def on_steps_checked(self, message: StepsChecked) -> None:
        if message.generation != self._generation or self.lab is None:
            return
        was_broken = set(self.progress.broken) if self.progress is not None else set()
        for report in message.progress.reports:
            self.reports[report.index] = report
        for index in message.progress.newly_passed:
            self.notify(self.lab.steps[index].title, title=f"✓ step {index + 1} passed",
                        markup=False)
        for index in sorted(set(message.progress.broken) - was_broken):
            failing = [r.message for r in self.reports[index].results if not r.passed]
            self.notify("\n".join(failing), title=f"✗ step {index + 1} no longer holds",
                        severity="warning", markup=False)
        self.progress = message.progress
        await self._refresh()
        if self.selected in message.progress.newly_passed:
            # The learner was watching this step: show why it worked.
            explanation = self.query_one("#lab-explanation", Markdown)
            if explanation.display:
                detail = self.query_one("#lab-detail", VerticalScroll)
                self.call_after_refresh(detail.scroll_to_widget, explanation, animate=False,
                                        top=True)

    # --- what the learner sees ------------------------------------------------------------------
    def _states(self) -> list[str]:
        assert self.lab is not None and self.progress is not None
        broken = set(self.progress.broken)
        return [BROKEN if i in broken else
                PASSED if s.id in self.progress.passed else
                CURRENT if i == self.progress.current else TODO
                for i, s in enumerate(self.lab.steps)]

    def _refresh(self) -> AwaitComplete:
        """Show the selected step; the result completes once its Markdown is laid out."""
        lab, progress, session = self.lab, self.progress, self.session
        if lab is None or progress is None or session is None:
            return AwaitComplete()
        states = self._states()
        done = states.count(PASSED)
        self.query_one(LabStepList).show([s.title for s in lab.steps], states, self.selected)
        self.query_one(ProgressBar).update(total=len(lab.steps), progress=done)
        self.query_one("#lab-progress-label", Static).update(plain(
            f"{done} of {len(lab.steps)} steps" + (" · lab complete" if done == len(states) else "")))
        index, step, state = self.selected, lab.steps[self.selected], states[self.selected]
        mark = {PASSED: "[green]✓ passed[/]", BROKEN: "[red]✗ no longer holds[/]",
                CURRENT: "[yellow]▶ your step now[/]", TODO: "[dim]later[/]"}[state]
        self.query_one("#lab-step-title", Static).update(
            markup(f"[b]Step {index + 1} of {len(lab.steps)} · $title[/b]   {mark}",
                   title=step.title))
        shown = (index, self.hints_shown.get(index, 0), state == PASSED)
        self._show_checks(index, state)
        if self._shown == shown:
            return AwaitComplete()
        self._shown = shown
        return self._show_texts(index, state == PASSED)

    def _show_texts(self, index: int, passed: bool) -> AwaitComplete:
        assert self.lab is not None and self.session is not None
        lab, step = self.lab, self.lab.steps[index]
        text = step.instructions
        if index == 0:
            goals = "\n".join(f"- {o}" for o in lab.objectives)
            text = f"{lab.summary}\n\n**You will**\n\n{goals}\n\n---\n\n{text}"
        shown = step.hints[: self.hints_shown.get(index, 0)]
        hints = "\n\n".join(f"**Hint {i + 1} of {len(step.hints)}.** {h}"
                            for i, h in enumerate(shown))
        hint_pane = self.query_one("#lab-hints", LatestMarkdown)
        hint_pane.display = bool(hints)
        explanation = self.query_one("#lab-explanation", LatestMarkdown)
        explanation.display = passed and bool(step.explanation)
        detail = self.query_one("#lab-detail", VerticalScroll)
        detail.set_class(explanation.display, "-explained")  # presenter mode shows it alone
        detail.scroll_home(animate=False)
        return AwaitComplete(
            self.query_one("#lab-instructions", LatestMarkdown).show(self.session.text(text)),
            hint_pane.show(self.session.text(hints)),
            explanation.show(self.session.text(f"### Why it works\n\n{step.explanation}")
                             if passed else ""))

    def _show_checks(self, index: int, state: str) -> None:
        assert self.lab is not None
        report = self.reports.get(index)
        results = report.results if report else None
        step = self.lab.steps[index]
        left = len(step.hints) - self.hints_shown.get(index, 0)
        if state == CURRENT:
            note = "checked every few seconds and after each action" if report else "checking…"
            keys = (f"h hint ({left} left) · " if left else "") + "s do it for me · c check now"
        elif state == PASSED:
            note = "" if report else "passed earlier"
            last = self.progress is not None and self.progress.complete
            keys = "lab complete: R resets it · esc back" if last else "n next step"
        elif state == BROKEN:
            note = "passed earlier, but fails on the target now"
            keys = "s do it again for me · c check now"
        else:
            note, keys = "they run once you reach this step", "p previous step"
        self.query_one(LabCheckResults).show(results, note)
        self.query_one("#lab-keys", Static).update(plain(keys + " · R reset lab · l call log"))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        # Only the list's highlight now counts: an event queued before a later move (or before
        # the screen moved the highlight itself) would move the selection back, and the screen
        # and the list would then bounce the selection between them, updating Markdown each time.
        if (event.option_list.id == "lab-steps" and event.option_index != self.selected
                and event.option_index == event.option_list.highlighted):
            self.selected = event.option_index
            self._refresh()

    # --- actions --------------------------------------------------------------------------------
    def _select(self, index: int) -> None:
        if self.lab is not None and 0 <= index < len(self.lab.steps):
            self.selected = index
            self._refresh()

    def action_next_step(self) -> None:
        self._select(self.selected + 1)

    def action_previous_step(self) -> None:
        self._select(self.selected - 1)

    def action_check(self) -> None:
        """Every step up to the current one, on the live target."""
        self._request_check(full=True)

    def action_hint(self) -> None:
        if self.lab is None:
            return
        step = self.lab.steps[self.selected]
        shown = self.hints_shown.get(self.selected, 0)
        if shown >= len(step.hints):
            self.notify("No more hints for this step: s does it for you.", title="hints")
            return
        self.hints_shown[self.selected] = shown + 1
        self._refresh()

    def action_solve(self) -> None:
        session, progress = self.session, self.progress
        if session is None or progress is None:
            return
        index = self.selected
        again = index in progress.broken
        if progress.current is None and not again:
            self.notify("Every step holds already.", title="do it for me")
            return
        if index != progress.current and not again:
            where = (f"your current step, step {progress.current + 1}"
                     if progress.current is not None else "a step that no longer holds")
            self.notify(f"Do it for me works on {where}.", title="do it for me", markup=False)
            return
        plan = "\n".join(f"• {line}" for line in session.planned_actions(index))

        def answered(yes: bool | None) -> None:
            if yes:
                self._solve(session, index)

        self.app.push_screen(ConfirmDialog(
            f"Do step {index + 1} {'again ' if again else ''}for you?",
            f"{plan}\n\nThe calls appear in the call log (l) with their aws CLI commands.",
            "Do it"), answered)

    @work(thread=True, group="lab-solve", exit_on_error=False, description="apply a solution")
    def _solve(self, session: LabSession, index: int) -> None:
        self.post_message(LabSolved(index, session.solve_step(index)))

    def on_lab_solved(self, message: LabSolved) -> None:
        self.notify("\n".join(message.lines), title=f"step {message.index + 1} done for you",
                    markup=False)
        self.action_check()

    def action_reset_lab(self) -> None:
        session = self.session
        if session is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._reset(session)

        self.app.push_screen(ConfirmDialog(
            "Reset the lab?",
            f"Deletes what this lab made on {session.target.label}: resources named "
            f"{session.variables['prefix']}… that carry its tag. Nothing else is touched. "
            "Your progress on this lab starts over.", "Reset"), answered)

    @work(thread=True, group="lab-reset", exit_on_error=False, description="reset the lab")
    def _reset(self, session: LabSession) -> None:
        self.post_message(LabReset(session.reset()))

    def on_lab_reset(self, message: LabReset) -> None:
        report = message.report
        lines = [f"deleted {d}" for d in report.deleted] + [f"left {k}" for k in report.kept]
        self.notify("\n".join(lines) or "nothing of this lab was found",
                    title="lab reset", severity="warning" if report.errors else "information",
                    markup=False)
        for error in report.errors:
            self.notify(error, title="could not delete", severity="error", markup=False)
        self.hints_shown.clear()
        self._shown = None
        self._open_session()
