"""Entry point: the app by default, plus headless subcommands for scripts and CI."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from playground import __version__

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2

Handler = Callable[[argparse.Namespace], int]
_SUBCOMMANDS: dict[str, Handler] = {}


def target_options() -> argparse.ArgumentParser:
    """Options every subcommand takes, so any command can run against any target."""
    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group("target (where calls go)")
    g.add_argument("--target", choices=["embedded", "localstack", "endpoint", "aws"],
                   default=argparse.SUPPRESS,
                   help="embedded emulator (default), LocalStack, any endpoint, or real AWS")
    g.add_argument("--profile", default=argparse.SUPPRESS,
                   help="AWS profile (implies --target aws)")
    g.add_argument("--region", default=argparse.SUPPRESS,
                   help="AWS region (default: AWS_REGION, the profile's, or us-east-1)")
    g.add_argument("--endpoint-url", default=argparse.SUPPRESS,
                   help="endpoint URL (implies --target endpoint unless --target localstack)")
    g.add_argument("--read-only", action="store_true", default=argparse.SUPPRESS,
                   help="refuse every call that would change something")
    return p


def build_parser() -> argparse.ArgumentParser:
    common = target_options()
    parser = argparse.ArgumentParser(
        prog="playground",
        description="Learn SQS, SNS, EventBridge, Step Functions and Kinesis hands-on, in the "
        "terminal. With no command, opens the app on the embedded emulator.",
        epilog="Config file: see `playground locate`. Docs: README.md.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"playground {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("doctor", parents=[common],
                       help="check the target: reachable, versions, services, features")
    p.add_argument("--json", action="store_true", help="print a JSON report")
    p.add_argument("--probe-writes", action="store_true",
                   help="on real AWS, also run the capability probes that create (and delete) "
                   "pg-probe-* resources")

    p = sub.add_parser("emulator", parents=[common],
                       help="run the embedded emulator in the foreground for other tools")
    p.add_argument("--port", type=int, default=4566, help="port on 127.0.0.1 (default 4566)")

    sub.add_parser("locate", parents=[common], help="print where config and data files live")

    from playground.cli.labs import add_lab_commands

    add_lab_commands(sub, common, _SUBCOMMANDS)

    from playground.cli.parity import add_parity_command

    add_parity_command(sub, common, _SUBCOMMANDS)

    from playground.cli.pattern import add_pattern_command

    add_pattern_command(sub, _SUBCOMMANDS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            return run_app(args)
        handler = _SUBCOMMANDS.get(args.command) or {
            "doctor": _doctor, "emulator": _emulator, "locate": _locate,
        }[args.command]
        return handler(args)
    except KeyboardInterrupt:
        return 130
    except UsageError as exc:
        print(f"playground: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


class UsageError(Exception):
    """Bad input from the user: one line, exit code 2."""


def resolve_spec(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from playground.config import ConfigError, load_settings
    from playground.targets import TargetError, TargetSpec

    try:
        settings = load_settings()
        spec = TargetSpec.resolve(
            settings,
            target=getattr(args, "target", None),
            profile=getattr(args, "profile", None),
            region=getattr(args, "region", None),
            endpoint_url=getattr(args, "endpoint_url", None),
            read_only=getattr(args, "read_only", False),
        )
    except (ConfigError, TargetError) as exc:
        raise UsageError(str(exc)) from exc
    return settings, spec


def start_target(args: argparse.Namespace, quiet: bool = False):  # type: ignore[no-untyped-def]
    """Build and start the target the options name; UsageError with one line if it can't."""
    from playground.targets import TargetError, make_target

    _, spec = resolve_spec(args)
    try:
        target = make_target(spec)
        target.start(None if quiet else _progress)
    except TargetError as exc:
        raise UsageError(str(exc)) from exc
    return target


def _progress(line: str) -> None:
    print(f"… {line}", file=sys.stderr)


def run_app(args: argparse.Namespace) -> int:
    settings, spec = resolve_spec(args)
    from playground.targets import TargetError, TargetKind, make_target

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
    app.run()
    return int(app.return_code or 0)


def _doctor(args: argparse.Namespace) -> int:
    from playground.doctor import run_doctor

    _, spec = resolve_spec(args)
    return run_doctor(spec, as_json=args.json, probe_writes=args.probe_writes)


def _emulator(args: argparse.Namespace) -> int:
    from playground.targets.emulator import run_foreground

    try:
        return run_foreground(args.port)
    except Exception as exc:  # port in use, emulator missing: one line, no traceback
        from playground.targets import TargetError

        if isinstance(exc, TargetError):
            raise UsageError(str(exc)) from exc
        raise


def _locate(args: argparse.Namespace) -> int:
    from playground.locations import config_file, content_dir, data_dir

    print(f"config  {config_file()}")
    print(f"data    {data_dir()}")
    print(f"labs    {content_dir('labs')}")
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
