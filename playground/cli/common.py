"""What the command groups share: exit codes, UsageError, the target options and start_target.

Every group module imports this one and none imports another group, so cli has no cycles
(the `cli-acyclic` import contract in pyproject.toml).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playground.config import Settings
    from playground.targets import Target, TargetSpec

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2

Handler = Callable[[argparse.Namespace], int]
"""What a command runs: parsed arguments in, exit code out (set as the parser's `run` default)."""

Subcommands = Any
"""The object `add_subparsers()` returns (argparse keeps its class private)."""


class UsageError(Exception):
    """Bad input from the user: one line, exit code 2."""


def target_options() -> argparse.ArgumentParser:
    """Options of every command that talks to a target, so it can run against any target."""
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


def resolve_spec(args: argparse.Namespace) -> tuple[Settings, TargetSpec]:
    """The settings and the target the options name; UsageError with one line if they can't."""
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


def start_target(args: argparse.Namespace, quiet: bool = False) -> Target:
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
