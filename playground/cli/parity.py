"""`playground parity`: the parity matrix for the current target."""

from __future__ import annotations

import argparse
import json

from playground.cli.common import Subcommands, UsageError, start_target


def add_parity_command(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("parity", parents=[common],
                       help="run every lab step and probe every feature on the target: pass/fail",
                       description="Solve and check every lab step by step, probe the features "
                       "labs depend on, and print the matrix. Creates and deletes lab resources; "
                       "on real AWS it needs --yes.")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--lab", action="append", metavar="ID", help="only this lab (repeatable)")
    p.add_argument("--yes", action="store_true", help="allow writes to a real AWS account")
    p.set_defaults(run=_parity)


def _parity(args: argparse.Namespace) -> int:
    from playground.parity_matrix import build_matrix, render_markdown

    target = start_target(args, quiet=args.json)
    try:
        if target.is_real:
            if not args.yes:
                raise UsageError("parity creates and deletes lab resources: pass --yes to allow "
                                 f"writes to account {target.account_id}")
            target.writes_confirmed = True
        matrix = build_matrix(target, args.lab)
    finally:
        target.stop()
    if args.json:
        print(json.dumps(matrix.as_json(), indent=2))
    else:
        print(render_markdown([matrix]), end="")
        for step in matrix.steps:
            if step.outcome != "pass":
                print(f"{step.outcome:8} {step.lab} · {step.step}: {step.detail}")
    return 0 if all(s.outcome != "fail" for s in matrix.steps) else 1
