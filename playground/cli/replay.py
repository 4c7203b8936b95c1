"""Replaying a recording (`playground demo FILE`) on a fresh embedded emulator."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Collection

from playground.cli.common import EXIT_FAIL, EXIT_OK, EXIT_USAGE, Subcommands, UsageError

RECORDING_SUFFIXES = (".jsonl", ".json", ".yaml", ".yml")
"""An argument ending so names a recording, not a lab."""


def add_replay_options(p: argparse.ArgumentParser) -> None:
    """What a replay takes besides --exit (`demo` has its own): for the `demo` command too."""
    g = p.add_argument_group("replaying a recording")
    g.add_argument("--speed", type=_speed, default=1.0, metavar="FACTOR",
                   help="pace of the replay: 1 as recorded (default), 2 twice as fast")
    g.add_argument("--fast", action="store_true",
                   help="no pauses: each input as soon as the app has settled")
    g.add_argument("--any-version", action="store_true",
                   help="replay a recording made with another version of the playground")


def add_replay_command(sub: Subcommands) -> None:
    p = sub.add_parser("replay", help="replay a recording made with `playground record`",
                       description="Replay FILE (made with `playground record`) on a fresh "
                       "embedded emulator, as `playground demo FILE` does, with the options "
                       "below: its keys and pastes at their recorded pace, then a "
                       "note of any call that differs from those recorded. A file that is not "
                       "valid stops with FILE:LINE: problem, exit 2, before anything starts. "
                       "Format: docs/recording.md.")
    p.add_argument("file", metavar="FILE", help="a recording (.jsonl)")
    p.add_argument("--exit", action="store_true", dest="exit_at_end",
                   help="quit when the replay is done (exit 1 if its calls differ from those "
                   "recorded)")
    add_replay_options(p)
    p.set_defaults(run=run_replay)


def _speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.01 <= value <= 100:
        raise argparse.ArgumentTypeError("from 0.01 to 100")
    return value


def recording_path(args: argparse.Namespace) -> str:
    """The file a `demo`/`replay` command names, whatever its positional is called."""
    for name in ("file", "lab_id", "recording", "lab"):
        value = getattr(args, name, None)
        if isinstance(value, str):
            return value
    raise UsageError("no recording named")


def _lab_ids() -> Collection[str] | None:
    """The labs a lab screen may name; None (not checked) if the catalog cannot be read, which
    the lab screen then says where the user looks."""
    from playground.lab.catalog import load_catalog

    try:
        return [lab.id for lab in load_catalog().labs]
    except Exception:
        return None


def run_replay(args: argparse.Namespace) -> int:
    from playground import __version__
    from playground.recording import RecordingError, load_recording

    path = recording_path(args)
    elsewhere = [f"--{name.replace('_', '-')}" for name in ("profile", "endpoint_url", "region")
                 if getattr(args, name, None)]
    if getattr(args, "target", None) not in (None, "embedded"):
        elsewhere.insert(0, f"--target {args.target}")
    if elsewhere:
        raise UsageError(f"{path}: a recording replays on a fresh embedded emulator only, not "
                         f"where {' '.join(elsewhere)} points")
    try:
        recording = load_recording(
            path, labs=_lab_ids,
            app_version=None if getattr(args, "any_version", False) else __version__)
    except RecordingError as exc:
        print(f"playground: {exc}", file=sys.stderr)
        return EXIT_USAGE
    from playground.recording.resources import first_missing

    missing = first_missing(recording.calls)
    if missing is not None:
        print(f"playground: {path}:{missing[0].line}: {missing[1]}", file=sys.stderr)
        return EXIT_USAGE
    if not recording.inputs:
        print(f"playground: {path}: no keys or pastes to replay", file=sys.stderr)
        return EXIT_USAGE

    from playground.config import ConfigError, load_settings
    from playground.targets import TargetError, TargetSpec, make_target

    try:
        settings = load_settings()
        spec = TargetSpec.resolve(settings, target="embedded").with_(port=None, read_only=False)
        target = make_target(spec)
    except (ConfigError, TargetError) as exc:
        raise UsageError(str(exc)) from exc
    try:
        target.start(lambda line: print(f"… {line}", file=sys.stderr))
    except TargetError as exc:
        target.stop()
        raise UsageError(str(exc)) from exc
    from playground.ui.shell.recording import ReplayApp

    speed = None if getattr(args, "fast", False) else float(getattr(args, "speed", 1.0))
    app = ReplayApp(settings=settings, spec=spec, target=target, handle_signals=True,
                    recording=recording, speed=speed,
                    exit_when_done=bool(getattr(args, "exit_at_end", False)))
    try:
        app.run()
    finally:
        target.stop()
    result = app.result
    inputs = len(recording.inputs)
    if not result.done:
        print(f"playground: replay of {path} stopped after {result.fed} of {inputs} inputs",
              file=sys.stderr)
        code = EXIT_OK
    elif result.differences:
        print(f"playground: {path}: the replay differs from the recording:", file=sys.stderr)
        for line in result.differences:
            print(f"  {line}", file=sys.stderr)
        code = EXIT_FAIL
    else:
        print(f"playground: replayed {inputs} inputs from {path}; the calls were those "
              "recorded", file=sys.stderr)
        code = EXIT_OK
    for stream in (sys.stdout, sys.stderr):  # see run_record: end here, not at a hung shutdown
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)
