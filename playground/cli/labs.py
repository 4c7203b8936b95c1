"""Lab subcommands: `labs`, `labs validate`, `lab check|solve|reset`, headless and scriptable."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from playground.cli.common import (
    EXIT_FAIL,
    EXIT_OK,
    EXIT_USAGE,
    Subcommands,
    UsageError,
    start_target,
)

if TYPE_CHECKING:
    from playground.lab.engine import LabSession, StepReport
    from playground.lab.model import Lab
    from playground.targets import Target

PASS, FAIL, SKIP = "✓", "✗", "–"


def add_lab_commands(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    """Register `labs` and `lab` on the main parser."""
    p = sub.add_parser("labs", parents=[common], help="list the guided labs and your progress",
                       description="List the guided labs with your progress on the target. "
                       "`playground labs validate [PATH]` checks lab files instead.")
    p.add_argument("--json", action="store_true", help="print JSON")
    labs_sub = p.add_subparsers(dest="labs_command", metavar="ACTION")
    v = labs_sub.add_parser("validate", help="check lab files: every problem with file and line")
    v.add_argument("path", nargs="?", help="a lab file or a directory (default: the shipped labs)")
    p.set_defaults(run=_labs)

    p = sub.add_parser("lab", parents=[common], help="check, solve or reset one lab on the target")
    lab_sub = p.add_subparsers(dest="lab_command", metavar="ACTION", required=True)
    c = lab_sub.add_parser("check", parents=[common],
                           help="check the live state; exit 0 only if the checks pass")
    s = lab_sub.add_parser("solve", parents=[common],
                           help="apply the reference solution of every step up to N (or all)")
    r = lab_sub.add_parser("reset", parents=[common],
                           help="delete what the lab made (its prefix and tag) and its progress")
    for q in (c, s, r):
        q.add_argument("lab_id", metavar="ID", help="lab id, as `playground labs` lists them")
    for q in (c, s):
        q.add_argument("--step", type=int, metavar="N", help="step number, from 1")
    c.add_argument("--json", action="store_true", help="print JSON")
    for q in (s, r):
        q.add_argument("--yes", action="store_true", help="allow writes to a real AWS account")
    p.set_defaults(run=_lab)


# --- helpers -------------------------------------------------------------------------------
def _find_lab(lab_id: str) -> Lab:
    from playground.lab.catalog import UnknownLab, load_catalog

    try:
        return load_catalog().get(lab_id)
    except UnknownLab as exc:
        raise UsageError(str(exc)) from None


def _step_index(lab: Lab, step: int | None) -> int | None:
    if step is None:
        return None
    if not 1 <= step <= len(lab.steps):
        raise UsageError(f"{lab.id} has steps 1 to {len(lab.steps)}, not {step}")
    return step - 1


@contextmanager
def _started(args: argparse.Namespace, *, writes: bool = False) -> Iterator[Target]:
    target = start_target(args, quiet=getattr(args, "json", False))
    try:
        if writes and target.is_real and not target.writes_confirmed:
            if not getattr(args, "yes", False):
                raise UsageError(f"this writes to AWS account {target.account_id} "
                             f"({target.label}): pass --yes to allow it")
            target.writes_confirmed = True
        yield target
    finally:
        target.stop()


def _session(lab: Lab, target: Target) -> LabSession:
    from playground.config import load_settings
    from playground.lab.engine import LabSession

    return LabSession(lab, target, resource_prefix=load_settings().resource_prefix)


def _print_report(session: LabSession, report: StepReport) -> None:
    step = session.lab.steps[report.index]
    print(f"step {report.index + 1}/{len(session.lab.steps)}  {step.title}")
    for result in report.results:
        print(f"  {_mark(report, result.passed)} {result.message}")


def _mark(report: StepReport, ok: bool) -> str:
    return SKIP if report.skipped or report.moved_on else (PASS if ok else FAIL)


def _lab_error(exc: Exception | str) -> int:
    print(f"playground: {exc}", file=sys.stderr)
    return EXIT_FAIL


# --- labs ----------------------------------------------------------------------------------
def _labs(args: argparse.Namespace) -> int:
    if args.labs_command == "validate":
        return _validate(args.path)
    from playground.lab.catalog import load_catalog

    catalog = load_catalog()
    for problem in catalog.problems:
        print(f"skipped: {problem}", file=sys.stderr)
    with _started(args) as target:
        from playground.lab.progress import ProgressStore, progress_key

        key = progress_key(target)
        passed = ProgressStore().all_passed(key)
    rows: list[dict[str, Any]] = []
    for lab in catalog.labs:
        done = [s.id for s in lab.steps if s.id in passed.get(lab.id, [])]
        rows.append({"id": lab.id, "title": lab.title, "services": list(lab.services),
                     "level": lab.level, "minutes": lab.minutes, "steps": len(lab.steps),
                     "passed": done, "completed": len(done) == len(lab.steps)})
    if args.json:
        print(json.dumps({"target": key, "labs": rows}, indent=2))
        return EXIT_OK
    for row in rows:
        status = "done" if row["completed"] else f"{len(row['passed'])}/{row['steps']} steps"
        print(f"{row['id']:<22} {row['title']:<38} {', '.join(row['services']):<12} "
              f"{row['level']:<12} {row['minutes']:>3} min  {status}")
    if not rows:
        print("no labs found")
    return EXIT_OK


def _validate(path_arg: str | None) -> int:
    from playground.lab.catalog import labs_dir
    from playground.lab.loader import validate_path

    path = Path(path_arg) if path_arg else labs_dir()
    labs, problems = validate_path(path)
    for problem in problems:
        print(problem)
    if problems:
        files = len({p.file for p in problems})
        print(f"{len(problems)} problem{'s' * (len(problems) != 1)} in {files} "
              f"file{'s' * (files != 1)}", file=sys.stderr)
        # A file that is not text at all is bad input (2); a lab with mistakes is a finding (1).
        return EXIT_USAGE if any(p.unreadable for p in problems) else EXIT_FAIL
    print(f"{len(labs)} lab{'s' * (len(labs) != 1)} OK in {path}")
    return EXIT_OK


# --- lab check | solve | reset ---------------------------------------------------------------
def _lab(args: argparse.Namespace) -> int:
    lab = _find_lab(args.lab_id)
    index = _step_index(lab, getattr(args, "step", None))
    handler = {"check": _check, "solve": _solve, "reset": _reset}[args.lab_command]
    from botocore.exceptions import BotoCoreError, ClientError

    from playground.aws.common import error_message
    from playground.lab.context import LabError
    from playground.targets import TargetError

    with _started(args, writes=args.lab_command != "check") as target:
        try:
            return handler(args, _session(lab, target), index)
        except (LabError, TargetError) as exc:
            return _lab_error(exc)
        except (BotoCoreError, ClientError) as exc:  # the target refused: one line, no traceback
            return _lab_error(error_message(exc))


def _check(args: argparse.Namespace, session: LabSession, index: int | None) -> int:
    """Every run checks the live target; stored progress only says how far to look."""
    from playground.lab.engine import report_json

    lab = session.lab
    if index is not None:
        reports = [session.check_one(index)]
        ok = reports[0].passed
    else:
        progress = session.check_current()
        reports = list(progress.reports)
        ok = progress.complete
    if args.json:
        print(json.dumps(report_json(session, reports), indent=2))
        return EXIT_OK if ok else EXIT_FAIL
    print(f"{lab.id} · {lab.title} · on {session.target.label}")
    for report in reports:
        _print_report(session, report)
    if index is not None:
        return EXIT_OK if ok else EXIT_FAIL
    if progress.broken:
        many = len(progress.broken) > 1
        print(f"{_steps_in_words(progress.broken)} passed earlier but no longer "
              f"hold{'' if many else 's'} on {session.target.label}. "
              f"`playground lab solve {lab.id} --step {progress.broken[-1] + 1}` redoes "
              f"{'them' if many else 'it'}; `playground lab reset {lab.id}` starts over.")
    elif progress.current is not None:
        print(f"{len(progress.passed)} of {len(lab.steps)} steps passed. Stuck? "
              f"`playground lab solve {lab.id} --step {progress.current + 1}` does it for you.")
    else:
        print(f"all {len(lab.steps)} steps hold on {session.target.label}: lab complete.")
    return EXIT_OK if ok else EXIT_FAIL


def _steps_in_words(indices: tuple[int, ...]) -> str:
    """`step 2`, `steps 1 and 3`, `steps 1, 2 and 4` (from indices)."""
    numbers = [str(i + 1) for i in indices]
    if len(numbers) == 1:
        return f"step {numbers[0]}"
    return f"steps {', '.join(numbers[:-1])} and {numbers[-1]}"


def _solve(args: argparse.Namespace, session: LabSession, index: int | None) -> int:
    target = session.target
    if target.is_real:  # what it will make, and what that costs there, before the first write
        from playground.lab.plan import lab_plan, plan_cost_line, plan_lines

        plan = [item for item in lab_plan(session.lab, session.variables, target.region)
                if index is None or item.step <= index + 1]
        print(f"on AWS account {target.account_id or '?'}, region {target.region or '?'}, "
              f"{session.lab.id} creates (tagged playground:lab={session.lab.id}):")
        for line in plan_lines(plan) or ["nothing: the lab only reads"]:
            print(f"  {line}")
        if cost := plan_cost_line(plan, session.lab.minutes):
            print(f"  {cost}")
    done = session.solve_through(index)
    if not done:
        print(f"nothing to do: those steps hold on {session.target.label} now "
              f"(`playground lab reset {session.lab.id}` starts over)")
    for i, lines, report in done:
        print(f"step {i + 1}/{len(session.lab.steps)}  {session.lab.steps[i].title}")
        for line in lines:
            print(f"  → {line}")
        for result in report.results:
            print(f"  {_mark(report, result.passed)} {result.message}")
    return EXIT_OK if all(report.passed for _, _, report in done) else EXIT_FAIL


def _reset(args: argparse.Namespace, session: LabSession, index: int | None) -> int:
    report = session.reset()
    for line in report.deleted:
        print(f"deleted {line}")
    for line in report.kept:
        print(f"left {line}")
    for line in report.errors:
        print(f"could not delete {line}", file=sys.stderr)
    if not report.deleted and not report.kept:
        print(f"nothing of {session.lab.id} found on {session.target.label}")
    print(f"progress of {session.lab.id} on {session.key} cleared")
    return EXIT_FAIL if report.errors else EXIT_OK
