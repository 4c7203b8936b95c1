"""`playground emulator`: the embedded emulator in the foreground, for other tools to call.

It takes no target options: it is the target, on 127.0.0.1 and the port `--port` names.
"""

from __future__ import annotations

import argparse

from playground.cli.common import Subcommands, UsageError


def add_emulator_command(sub: Subcommands) -> None:
    p = sub.add_parser("emulator", help="run the embedded emulator in the foreground for other tools")
    p.add_argument("--port", type=port_number, default=4566,
                   help="port on 127.0.0.1 (default 4566; 0 picks a free one and prints it)")
    p.set_defaults(run=run)


def port_number(text: str) -> int:
    """A TCP port, 0-65535: argparse turns the refusal into one usage line and exit 2 (99999
    reached the socket and ended in OverflowError). 0 asks the system for a free port."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port: ports are 1-65535 "
                                         "(or 0 for a free one)")
    return port


def run(args: argparse.Namespace) -> int:
    from playground.targets.emulator import run_foreground

    try:
        return run_foreground(args.port)
    except Exception as exc:  # port in use, emulator missing: one line, no traceback
        from playground.targets import TargetError

        if isinstance(exc, TargetError):
            raise UsageError(str(exc)) from exc
        raise
