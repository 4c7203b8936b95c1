"""`playground teardown`: delete everything the playground made on the target (by its tag)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from playground.cli.common import EXIT_FAIL, EXIT_OK, EXIT_USAGE, Subcommands, UsageError, start_target

if TYPE_CHECKING:
    from datetime import timedelta

    from playground.aws.inventory import Resource
    from playground.aws.teardown import TeardownPlan, TeardownReport
    from playground.targets import Target

DESCRIPTION = (
    "Find every queue, topic (and its subscriptions), event bus, rule (and the archives of the "
    "buses), state machine, activity and stream tagged playground:managed=true or "
    "playground:lab=..., list them with region and age, and delete them once you confirm "
    "(--yes for scripts). Nothing without the tag is touched. Exit 0: all gone (or listed, with "
    "--dry-run); 1: something could not be listed or deleted, or you said no; 2: bad input, or "
    "refused (read-only, no terminal to ask on).")


def add_teardown_command(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("teardown", parents=[common], description=DESCRIPTION,
                       help="delete everything the playground made on the target (its tag)")
    p.add_argument("--dry-run", action="store_true", help="list what would be deleted, change nothing")
    p.add_argument("--all-regions", action="store_true",
                   help="every region where the services are (instead of --region); on an "
                   "emulator, the regions AWS has")
    p.add_argument("--older-than", metavar="AGE", type=_age,
                   help="only what was made at least AGE ago (2h, 90m, 1d12h; units w d h m s); "
                   "what has no date (SNS topics, rules on the default bus) is left out")
    p.add_argument("--yes", action="store_true",
                   help="delete without asking (writes to a real AWS account allowed for this run)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=_teardown)


def _age(text: str) -> timedelta:
    from playground.aws.teardown import parse_age

    try:
        return parse_age(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _teardown(args: argparse.Namespace) -> int:
    if args.all_regions and getattr(args, "region", None):
        raise UsageError("--region and --all-regions: give one or the other")
    target = start_target(args, quiet=args.json)
    try:
        return _run(args, target)
    finally:
        target.stop()


def _run(args: argparse.Namespace, target: Target) -> int:
    from playground.aws.teardown import plan_teardown, run_teardown
    from playground.targets.base import SERVICES
    from playground.targets.regions import all_regions

    regions, note = None, ""
    if args.all_regions:
        found = all_regions(target, SERVICES)
        regions, note = found.services, found.note
    plan = plan_teardown(target, regions, older_than=args.older_than)
    if not args.json:
        _print_plan(plan, target, note)
    if args.dry_run or not plan.resources:
        if args.json:
            _print_json(plan, None, dry_run=args.dry_run)
        return EXIT_FAIL if plan.unseen else EXIT_OK
    refusal = _refusal(target, len(plan.resources))
    if refusal:
        print(f"playground: {refusal}", file=sys.stderr)
        return EXIT_USAGE
    if not args.yes:
        if not sys.stdin.isatty():
            print(f"playground: teardown would delete {len(plan.resources)} resources, and stdin "
                  "is not a terminal to ask on: pass --yes to delete them without asking, or "
                  "--dry-run to only list them", file=sys.stderr)
            return EXIT_USAGE
        if not _confirmed(plan, target):
            print("nothing deleted", file=sys.stderr)
            return EXIT_FAIL
    plan.allow_writes()  # --yes or the answer is the confirmation writes to an account need
    report = run_teardown(plan, progress=None if args.json else _print_progress)
    if args.json:
        _print_json(plan, report, dry_run=False)
    else:
        _print_report(report)
    return EXIT_OK if report.complete else EXIT_FAIL


def _refusal(target: Target, count: int) -> str:
    """Why deleting cannot even start, or empty."""
    if target.read_only:
        return (f"read-only mode: teardown would delete {count} resources, so nothing was "
                "deleted (drop --read-only or read_only in the config to delete them)")
    if target.is_real and target.allowed_accounts and target.account_id not in target.allowed_accounts:
        return (f"account {target.account_id or '(unknown)'} is not in target.allowed_accounts "
                f"({', '.join(target.allowed_accounts)}) in the config file: nothing was deleted")
    return ""


def _confirmed(plan: TeardownPlan, target: Target) -> bool:
    where = f"account {target.account_id}" if target.is_real else target.label
    print(f"Delete these {len(plan.resources)} resources from {where} "
          f"({', '.join(plan.regions)})? Type yes to go on: ", end="", file=sys.stderr, flush=True)
    try:
        answer = sys.stdin.readline()
    except (EOFError, OSError):
        return False
    return answer.strip().lower() in ("yes", "y")


# --- output ----------------------------------------------------------------------------------
def _print_plan(plan: TeardownPlan, target: Target, note: str) -> None:
    from playground.aws.teardown import format_age, plan_rows, summary

    account = f" (account {target.account_id})" if target.is_real and target.account_id else ""
    print(f"on {target.label}{account}, {_regions_words(plan.regions)}:")
    if note:
        print(f"  note: {note}")
    for row in plan_rows(plan.resources, plan.made):
        print(f"  {row}")
    if plan.resources:
        print(f"{len(plan.resources)} to delete: {summary(plan.resources)}")
    else:
        print("nothing the playground made was found"
              + (" (the embedded emulator started for this command is empty: teardown is for a "
                 "real account or an emulator that keeps running)"
                 if target.kind.value == "embedded" else ""))
    if plan.left_out and plan.older_than is not None:
        print(f"left out by --older-than {format_age(plan.older_than)}: {len(plan.left_out)} "
              f"({summary(plan.left_out)}), younger or of unknown age")
    _print_unseen(plan)


def _regions_words(regions: list[str]) -> str:
    if len(regions) > 6:
        return f"{len(regions)} regions"
    return f"region{'s' if len(regions) > 1 else ''} {', '.join(regions)}"


def _print_unseen(plan: TeardownPlan) -> None:
    if plan.unseen:
        print(f"could not look at ({len(plan.unseen)}): what is there was not listed", file=sys.stderr)
        for unseen in plan.unseen:
            print(f"  {unseen.describe()}", file=sys.stderr)


def _print_progress(resource: Resource, problem: str | None) -> None:
    from playground.aws.teardown import printable

    what = printable(f"{resource.kind} {resource.name} ({resource.region})")
    if problem is None:
        print(f"deleted {what}")
    else:
        print(f"could not delete {what}: {printable(problem)}", file=sys.stderr)


def _print_report(report: TeardownReport) -> None:
    from playground.aws.teardown import plan_rows, summary

    if report.stopped:
        print(f"playground: stopped: {report.stopped}", file=sys.stderr)
    print(f"{len(report.deleted)} deleted" + (f": {summary(report.deleted)}" if report.deleted else ""))
    if report.remaining:
        print(f"{len(report.remaining)} remain:", file=sys.stderr)
        for row in plan_rows(report.remaining, datetime.now(UTC)):
            print(f"  {row}", file=sys.stderr)
    if report.unseen:
        print(f"and {len(report.unseen)} services/regions could not be looked at (above): "
              "run teardown again once the permissions are there", file=sys.stderr)


def _print_json(plan: TeardownPlan, report: TeardownReport | None, *, dry_run: bool) -> None:
    from playground.aws.teardown import resource_json, unseen_json

    now = plan.made
    out: dict[str, Any] = {
        "dry_run": dry_run, "regions": plan.regions,
        "older_than_seconds": int(plan.older_than.total_seconds()) if plan.older_than else None,
        "resources": [resource_json(r, now) for r in plan.resources],
        "left_out": [resource_json(r, now) for r in plan.left_out],
        "unseen": [unseen_json(u) for u in plan.unseen],
    }
    if report is not None:
        out.update({
            "deleted": [resource_json(r, now) for r in report.deleted],
            "failed": [{**resource_json(r, now), "message": message} for r, message in report.failed],
            "remaining": [resource_json(r, now) for r in report.remaining],
            "stopped": report.stopped or None,
        })
    print(json.dumps(out, indent=2))
