"""Entry point: the app by default, plus headless subcommands for scripts and CI.

This module only assembles the parser from the command groups (one module each) and runs what
the arguments name; the groups share what they need through playground.cli.common.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence

from playground import __version__
from playground.cli.asl import add_asl_command
from playground.cli.common import EXIT_USAGE, UsageError, resolve_spec, target_options
from playground.cli.demo import add_demo_command
from playground.cli.doctor import add_doctor_command
from playground.cli.emulator import add_emulator_command
from playground.cli.export import add_export_command
from playground.cli.flows import add_flows_command
from playground.cli.labs import add_lab_commands
from playground.cli.locate import add_locate_command
from playground.cli.parity import add_parity_command
from playground.cli.pattern import add_pattern_command
from playground.cli.record import add_record_command
from playground.cli.replay import add_replay_command
from playground.cli.serve import add_serve_command
from playground.cli.teardown import add_teardown_command
from playground.cli.trace import add_trace_command


def build_parser() -> argparse.ArgumentParser:
    common = target_options()
    parser = argparse.ArgumentParser(
        prog="playground",
        description="Learn SQS, SNS, EventBridge, Step Functions and Kinesis hands-on, in the "
        "terminal, with the Lambda functions and Firehose data lake between them. With no "
        "command, opens the app on the embedded emulator.",
        epilog="Config file: see `playground locate`. Docs: README.md.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"playground {__version__}")
    parser.add_argument("--present", action="store_true",
                        help="presenter mode: projector theme, no call log or cost meter, short "
                        "footers, big lab text (toggle: f5 or the palette; config: ui.present)")
    parser.set_defaults(run=run_app)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_asl_command(sub)
    add_demo_command(sub, common)
    add_doctor_command(sub, common)
    add_emulator_command(sub)
    add_export_command(sub, common)
    add_flows_command(sub, common)
    add_locate_command(sub)
    add_lab_commands(sub, common)
    add_parity_command(sub, common)
    add_pattern_command(sub)
    add_record_command(sub, common)
    add_replay_command(sub)
    add_serve_command(sub, common)
    add_teardown_command(sub, common)
    add_trace_command(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from playground.targets.errors import TargetError

    args = build_parser().parse_args(argv)
    try:
        code = int(args.run(args))
        sys.stdout.flush()  # a closed pipe shows here, not as "Exception ignored" at exit
        return code
    except BrokenPipeError:
        return closed_pipe()
    except KeyboardInterrupt:
        return 130
    except UsageError as exc:
        print(f"playground: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except TargetError as exc:  # refused (read-only), unreachable, ...: one line, no traceback
        print(f"playground: {exc}", file=sys.stderr)
        return EXIT_USAGE


def closed_pipe() -> int:
    """The reader of our output went away (`playground labs | head`): stop quietly, as the
    Python docs' SIGPIPE recipe does. stdout is pointed at devnull so the flush at interpreter
    exit cannot raise a second BrokenPipeError; 141 is what a shell reports for SIGPIPE."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 141


def run_app(args: argparse.Namespace) -> int:
    settings, spec = resolve_spec(args)
    if args.present:
        settings = settings.model_copy(
            update={"ui": settings.ui.model_copy(update={"present": True})})
    from playground.targets import TargetError, TargetKind, make_target
    from playground.targets.served import served_spec

    spec = served_spec(spec)  # a browser tab of `playground serve`: its emulator, its AWS policy
    early = None
    if spec.kind is TargetKind.EMBEDDED:
        # Boot the emulator while Textual imports and draws the first frame.
        early = make_target(spec)
        try:
            early.emulator.launch()  # type: ignore[attr-defined]
        except TargetError:
            early = None  # the app reports it where the user is looking
    from playground.ui.shell.app import PlaygroundApp

    app = PlaygroundApp(settings=settings, spec=spec, handle_signals=True, unstarted=early)
    try:
        app.run()
    finally:
        if early is not None:
            early.stop()  # a no-op when the app adopted and stopped it
    code = int(app.return_code or 0)
    # If the terminal went away while the app shut down, Textual's input thread can spin on the
    # dead tty and keep interpreter shutdown waiting for it forever (upstream Textual PR 6690).
    # The app has restored the terminal and stopped its emulator: end the process here.
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    raise SystemExit(main())
