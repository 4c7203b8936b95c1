"""`playground doctor`: is the target reachable, which versions, services and features."""

from __future__ import annotations

import argparse

from playground.cli.common import Subcommands, resolve_spec


def add_doctor_command(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("doctor", parents=[common],
                       help="check the target: reachable, versions, services, features")
    p.add_argument("--json", action="store_true", help="print a JSON report")
    p.add_argument("--probe-writes", action="store_true",
                   help="on real AWS, also run the capability probes that create (and delete) "
                   "pg-probe-* resources")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from playground.doctor import run_doctor

    _, spec = resolve_spec(args)
    return run_doctor(spec, as_json=args.json, probe_writes=args.probe_writes)
