"""`playground emulator`: the embedded emulator in the foreground, for other tools to call.

It takes no target options: it is the target, on 127.0.0.1 and the port `--port` names.
"""

from __future__ import annotations

import argparse

from playground.cli.common import Subcommands, UsageError


def add_emulator_command(sub: Subcommands) -> None:
    p = sub.add_parser("emulator", help="run the embedded emulator in the foreground for other tools")
    p.add_argument("--port", type=int, default=4566, help="port on 127.0.0.1 (default 4566)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from playground.targets.emulator import run_foreground

    try:
        return run_foreground(args.port)
    except Exception as exc:  # port in use, emulator missing: one line, no traceback
        from playground.targets import TargetError

        if isinstance(exc, TargetError):
            raise UsageError(str(exc)) from exc
        raise
