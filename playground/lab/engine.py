"""A learner's run of one lab on one target: check steps, apply solutions, reset, remember."""

from __future__ import annotations

import json
import shlex
import threading
import time
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from playground.aws.common import error_message
from playground.aws.render import EMULATOR_KEY_ID, EMULATOR_SECRET
from playground.lab.cleanup import LabCleaner, ResetReport
from playground.lab.context import LabContext, LabError, expand
from playground.lab.model import ActionSpec, CheckSpec, Lab, Step
from playground.lab.progress import ProgressStore, progress_key
from playground.lab.registry import ACTIONS, CHECKS, FUNCTIONS, CheckResult, load_builtins
from playground.targets.base import Target
from playground.targets.errors import TargetError
from playground.targets.quiet import QuietTarget

DEFAULT_RESOURCE_PREFIX = "pg-"


@dataclass(frozen=True)
class StepReport:
    """What one round of checks found for one step."""

    index: int
    step_id: str
    results: tuple[CheckResult, ...]
    skipped: bool = False
    """The target lacks a capability the step needs: not checked, not failed."""
    moved_on: bool = False
    """A step that is not `lasting` fails now, but the step after it holds: the lab moved on."""

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)


@dataclass(frozen=True)
class LabProgress:
    """A snapshot the UI can hold without touching the session: passed ids and the reports."""

    passed: frozenset[str]
    """Steps that passed once (stored): where the learner got to, not what the target holds."""
    current: int | None
    """Index of the first step not passed yet; None once every step passed once."""
    reports: tuple[StepReport, ...] = ()
    newly_passed: tuple[int, ...] = ()
    broken: tuple[int, ...] = ()
    """Steps that passed once but failed their latest check on the live target."""

    @property
    def complete(self) -> bool:
        """Every step passed once and none has failed since."""
        return self.current is None and not self.broken


def aws_cli(target: Target) -> str:
    """`aws --endpoint-url URL` on an emulator, plain `aws` on AWS: how lab commands start."""
    url = target.endpoint_url
    return f"aws --endpoint-url {shlex.quote(url)}" if url else "aws"


def aws_setup(target: Target) -> str:
    """What makes the `aws` CLI in another terminal use this target's region and account."""
    where = [f"AWS_PROFILE={shlex.quote(target.profile)}"] if target.profile else []
    where.append(f"AWS_DEFAULT_REGION={shlex.quote(target.region)}")
    lines = ["export " + " ".join(where)]
    if target.call_context().emulator_credentials:  # emulators take any key
        lines.append(f"export AWS_ACCESS_KEY_ID={EMULATOR_KEY_ID} "
                     f"AWS_SECRET_ACCESS_KEY={EMULATOR_SECRET}")
    return "\n".join(lines)


def lab_variables(lab: Lab, target: Target, resource_prefix: str) -> dict[str, str]:
    """What `{prefix}`, `{lab}`, `{region}`, `{account}`, `{aws}` and `{aws_setup}` stand for."""
    return {"prefix": f"{resource_prefix}{lab.prefix}-", "lab": lab.id,
            "region": target.region, "account": target.account_id or "000000000000",
            "aws": aws_cli(target), "aws_setup": aws_setup(target)}


def describe_action(spec: ActionSpec, variables: dict[str, str]) -> str:
    """`create_queue name=pg-sqs101-orders`: what "do it for me" is about to do."""
    shown = []
    for key, value in expand(spec.params, variables).items():
        text = (f"[{len(value)} items]" if isinstance(value, list) else
                json.dumps(value, separators=(",", ":")) if isinstance(value, dict) else str(value))
        shown.append(f"{key}={text if len(text) <= 48 else text[:45] + '...'}")
    return " ".join([spec.name, *shown])


SETTLE_S = 10.0
"""How long `lab solve` waits for an asynchronous delivery before a check counts as failed."""


class LabSession:
    """Checks run through a quiet (unrecorded) twin of the target; solutions and reset run
    through the target itself, so the call log shows the learner how they were done."""

    def __init__(self, lab: Lab, target: Target, *, resource_prefix: str = DEFAULT_RESOURCE_PREFIX,
                 store: ProgressStore | None = None) -> None:
        load_builtins()
        self.lab = lab
        self.target = target
        self.store = store or ProgressStore()
        self.key = progress_key(target)
        self.variables = lab_variables(lab, target, resource_prefix)
        self.check_context = LabContext(QuietTarget(target), lab.id, self.variables)
        self.action_context = LabContext(target, lab.id, self.variables)
        self._lock = threading.RLock()
        """Checks, solutions and reset take turns, so a check never sees half a reset."""
        self._unavailable: dict[str, str] | None = None
        self._broken: set[int] = set()
        """Steps that passed once and failed the latest live check (see `check_current`)."""

    # --- progress ------------------------------------------------------------------------------
    def passed_ids(self) -> frozenset[str]:
        return frozenset(self.store.passed(self.key, self.lab.id))

    def current_index(self, passed: frozenset[str] | None = None) -> int | None:
        done = (self.passed_ids() if passed is None else passed) | set(self.unavailable())
        return next((i for i, s in enumerate(self.lab.steps) if s.id not in done), None)

    def unavailable(self) -> dict[str, str]:
        """Steps this target cannot do, by step id, with the parity note that says why.
        Probed once per session, only for capabilities some step requires."""
        if self._unavailable is None:
            from playground.parity import NOTES
            from playground.targets.probes import missing_capabilities

            wanted = sorted({c for step in self.lab.steps for c in step.requires})
            missing = missing_capabilities(self.target, wanted)
            self._unavailable = {}
            for step in self.lab.steps:
                lacking = [c for c in step.requires if c in missing]
                if lacking:
                    cap = lacking[0]
                    self._unavailable[step.id] = (NOTES[cap].text() if cap in NOTES
                                                  else f"this target lacks {cap}: {missing[cap]}")
        return self._unavailable

    def progress(self, reports: tuple[StepReport, ...] = (),
                 newly: tuple[int, ...] = ()) -> LabProgress:
        passed = self.passed_ids()
        return LabProgress(passed, self.current_index(passed), reports, newly,
                           tuple(sorted(self._broken)))

    def text(self, markdown: str) -> str:
        """Lab Markdown with `{prefix}` and friends filled in for this target."""
        return str(expand(markdown, self.variables))

    def step(self, index: int) -> Step:
        if not 0 <= index < len(self.lab.steps):
            raise LabError(f"{self.lab.id} has steps 1 to {len(self.lab.steps)}, not {index + 1}")
        return self.lab.steps[index]

    # --- checks ----------------------------------------------------------------------------------
    def _run_check(self, spec: CheckSpec) -> CheckResult:
        entry = CHECKS.get(spec.kind)
        if entry is None:
            return CheckResult(False, f"unknown check kind {spec.kind!r}")
        try:
            params = entry.validate(expand(spec.params, self.variables))
            result = entry.func(self.check_context, **params)
        except ValidationError as exc:
            return CheckResult(False, f"{spec.kind}: bad parameters ({exc.errors()[0]['msg']})")
        except (LabError, TargetError) as exc:
            return CheckResult(False, str(exc))
        except Exception as exc:  # the target said no: one line, never a traceback
            return CheckResult(False, f"could not check: {error_message(exc)}")
        return result if isinstance(result, CheckResult) else CheckResult(False, str(result))

    def check_step(self, index: int, *, record: bool = True) -> StepReport:
        """Run one step's checks now; a pass is remembered unless `record` is off."""
        step = self.step(index)
        note = self.unavailable().get(step.id)
        if note is not None:
            return StepReport(index, step.id, (CheckResult(True, f"skipped on this target. {note}"),),
                              skipped=True)
        report = StepReport(index, step.id, tuple(self._run_check(c) for c in step.checks))
        if report.passed and record:
            self.store.mark_passed(self.key, self.lab.id, step.id)
        return report

    def check_current(self, *, recheck: bool = True) -> LabProgress:
        """Check the live target: every step up to the learner's current one, then on while
        steps pass, like a learner who ran ahead of the instructions.

        Stored progress says where the learner got to, never that the target is right: a step
        that passed once and fails now is in `LabProgress.broken`. Without `recheck` (the
        cheap periodic check) it starts at the first broken or current step instead of step 1.
        """
        with self._lock:
            passed = self.passed_ids()
            current = self.current_index(passed)
            last = len(self.lab.steps) if current is None else current
            start = 0 if recheck else min([*self._broken, last])
            reports = self._check_from(start, must_reach=last, passed=passed)
            newly = tuple(r.index for r in reports
                          if r.passed and not r.skipped and r.step_id not in passed)
            self._broken = ({i for i in self._broken if i < start}
                            | {r.index for r in reports if not r.passed and r.step_id in passed})
            return self.progress(tuple(reports), newly)

    def check_one(self, index: int) -> StepReport:
        """Check one step now. A step that is not `lasting` and fails, but passed once, is looked
        at with the steps after it: if the lab has moved on from it, it counts as held."""
        self.step(index)
        with self._lock:
            passed = self.passed_ids()
            reports = self._check_from(index, must_reach=index, passed=passed, until_lasting=True)
            return reports[0]

    def _check_from(self, start: int, *, must_reach: int, passed: frozenset[str],
                    until_lasting: bool = False) -> list[StepReport]:
        """Check steps from `start` through `must_reach` whatever they find, then on while they
        pass (or, with `until_lasting`, while they fail but are not `lasting`)."""
        steps = self.lab.steps
        reports: list[StepReport] = []
        for index in range(start, len(steps)):
            report = self.check_step(index)
            reports.append(report)
            if index < must_reach or report.skipped:
                continue
            if until_lasting:
                if report.passed or steps[index].lasting or steps[index].id not in passed:
                    break
            elif not report.passed:
                break
        return self._moved_on(reports, passed)

    def _moved_on(self, reports: list[StepReport], passed: frozenset[str]) -> list[StepReport]:
        """A failing step that is not `lasting` and passed once counts as held while the next
        checked step holds (itself or in the same way): the lab changed what it looks at."""
        out = list(reports)
        holder: int | None = None
        for k in range(len(out) - 1, -1, -1):
            report = out[k]
            if report.skipped:
                continue
            if report.passed:
                holder = report.index
            elif (holder is not None and not self.lab.steps[report.index].lasting
                  and report.step_id in passed):
                note = (f"held when you did it; step {holder + 1} has moved on from it "
                        "and holds now")
                out[k] = StepReport(report.index, report.step_id, (CheckResult(True, note),),
                                    moved_on=True)
            else:
                holder = None
        return out

    # --- solutions -------------------------------------------------------------------------------
    def planned_actions(self, index: int) -> list[str]:
        return [describe_action(a, self.variables) for a in self.step(index).solution]

    def _run_action(self, spec: ActionSpec) -> str:
        table = ACTIONS if spec.action else FUNCTIONS
        entry = table.get(spec.name)
        if entry is None:
            raise LabError(f"unknown {'action' if spec.action else 'python function'} {spec.name!r}")
        try:
            params = entry.validate(expand(spec.params, self.variables))
        except ValidationError as exc:
            raise LabError(f"{spec.name}: bad parameters ({exc.errors()[0]['msg']})") from exc
        try:
            return str(entry.func(self.action_context, **params))
        except (LabError, TargetError):
            raise
        except Exception as exc:
            raise LabError(f"{spec.name} failed: {error_message(exc)}") from exc

    def solve_step(self, index: int) -> list[str]:
        """Apply one step's reference solution; returns what was done, one line per action."""
        step = self.step(index)
        if not step.solution:
            raise LabError(f"step {index + 1} ({step.title}) has no reference solution")
        with self._lock:
            return [self._run_action(spec) for spec in step.solution]

    def solve_through(self, last: int | None = None) -> list[tuple[int, list[str], StepReport]]:
        """Solve every step up to `last` (all when None) that does not hold on the target now,
        checking each. Whether a step passed before does not matter: its resources may be gone."""
        end = len(self.lab.steps) - 1 if last is None else last
        self.step(end)
        with self._lock:
            passed = self.passed_ids()
            live = self._check_from(0, must_reach=end, passed=passed)[: end + 1]
        done: list[tuple[int, list[str], StepReport]] = []
        changed = False
        for report in live:
            index = report.index
            if report.skipped:
                done.append((index, [], report))
                continue
            if changed:  # an earlier step was redone: look at this one again
                report = self.check_step(index)
            if report.passed:
                continue
            lines = self.solve_step(index)
            done.append((index, lines, self.settle_check(index)))
            changed = True
        with self._lock:
            self._broken -= {index for index, _, report in done if report.passed}
        return done

    def settle_check(self, index: int, timeout: float = SETTLE_S) -> StepReport:
        """Check a step until it passes or `timeout` runs out. Deliveries (SNS to SQS, rules to
        targets) are asynchronous on AWS and LocalStack alike, so a check right after the
        action can run before the message lands."""
        deadline = time.monotonic() + timeout
        report = self.check_step(index)
        while not report.passed and time.monotonic() < deadline:
            time.sleep(0.25)
            report = self.check_step(index)
        return report

    # --- reset -----------------------------------------------------------------------------------
    def reset(self) -> ResetReport:
        """Delete the lab's resources (prefix and tag) and forget its progress on this target."""
        with self._lock:
            report = LabCleaner(self.action_context, list(self.lab.services)).reset()
            self.store.clear(self.key, self.lab.id)
            self._broken.clear()
            return report


def report_json(session: LabSession, reports: list[StepReport]) -> dict[str, Any]:
    steps = session.lab.steps
    return {
        "lab": session.lab.id,
        "target": session.key,
        "passed": bool(reports) and all(r.passed for r in reports),
        "steps": [{"step": r.index + 1, "id": r.step_id, "title": steps[r.index].title,
                   "passed": r.passed, "skipped": r.skipped, "moved_on": r.moved_on,
                   "checks": [{"passed": c.passed, "message": c.message} for c in r.results]}
                  for r in reports],
        "completed": session.current_index() is None and all(r.passed for r in reports),
    }
