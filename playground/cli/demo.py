"""`playground demo LAB`: play a lab for an audience in the app (or replay a recording)."""

from __future__ import annotations

import argparse
import contextlib
import difflib
import os
import sys
from pathlib import Path

from playground.cli.common import EXIT_USAGE, Subcommands, UsageError, resolve_spec

RECORDING_SUFFIXES = (".jsonl", ".json", ".yaml", ".yml")


def add_demo_command(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "demo", parents=[common], help="play a lab for an audience: its steps performed in the app",
        description="Play a lab for an audience: each step's instructions, then its reference "
        "solution performed through the app (the workbench opens, the form fills in, the key is "
        "pressed; the call log shows each call's aws CLI), then its checks on the live target. "
        "Keys: space next, b back, a auto on/off, r reset the stage (delete everything on the "
        "emulator), q leave; while a step is performed, a toggles auto and other keys wait. "
        "A recording file (.jsonl, .yaml) is replayed instead.")
    p.add_argument("lab_id", metavar="LAB", help="lab id (`playground labs` lists them) or a "
                   "recording file")
    p.add_argument("--auto", action="store_true", help="advance on its own, --delay apart")
    p.add_argument("--delay", type=float, default=3.0, metavar="SECONDS",
                   help="auto mode's pause between moves (default 3; 0 runs unattended)")
    p.add_argument("--exit", action="store_true", dest="exit_at_end",
                   help="leave once the last step is checked: exit 0 if every step held, else 1")
    try:  # --speed, --fast, --any-version: what a replayed recording takes
        from playground.cli.replay import add_replay_options  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        pass
    else:
        add_replay_options(p)
    p.set_defaults(run=run_demo)


def closest_lab_ids(wanted: str, known: list[str]) -> list[str]:
    return difflib.get_close_matches(wanted, known, n=3, cutoff=0.4)


def run_demo(args: argparse.Namespace) -> int:
    path = Path(args.lab_id)
    # A lab id has no dot: a suffix (or an existing file) names a recording.
    if path.suffix.lower() in RECORDING_SUFFIXES or path.is_file():
        try:
            from playground.cli.replay import run_replay  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            print("playground: replaying recordings is not available in this build",
                  file=sys.stderr)
            return EXIT_USAGE
        return int(run_replay(args))
    if args.delay < 0:
        raise UsageError(f"--delay is seconds, 0 or more, not {args.delay:g}")
    from playground.lab.catalog import load_catalog

    known = [lab.id for lab in load_catalog().labs]
    if args.lab_id not in known:
        close = closest_lab_ids(args.lab_id, known)
        raise UsageError(f"unknown lab {args.lab_id!r}; " + (
            f"closest: {', '.join(close)}" if close else
            f"none is close; `playground labs` lists the {len(known)} labs"))
    settings, spec = resolve_spec(args)
    from playground.targets import TargetError, TargetKind, make_target

    early = None
    if spec.kind is TargetKind.EMBEDDED:
        early = make_target(spec)
        try:
            early.emulator.launch()  # type: ignore[attr-defined]
        except TargetError:
            early = None  # the app reports it where the user is looking
    from playground.ui.demo.app import DemoApp

    app = DemoApp(args.lab_id, auto=args.auto, delay=args.delay, exit_at_end=args.exit_at_end,
                  settings=settings, spec=spec, handle_signals=True, unstarted=early)
    try:
        app.run()
    finally:
        if early is not None:
            early.stop()
    code = int(app.return_code or 0)
    for stream in (sys.stdout, sys.stderr):  # see run_app in cli/main.py: Textual PR 6690
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)
