"""`playground record FILE`: the app, with what you do written to FILE for `playground demo FILE`."""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys

from playground.cli.common import Subcommands, UsageError, resolve_spec

DESCRIPTION = (
    "Open the app as usual and write the session to FILE as you go: the keys you press, what "
    "you paste, the screens you reach and the AWS calls the app makes for you, each with its "
    "time. Replay it with `playground demo FILE` on a fresh embedded emulator. Mouse clicks and "
    "resizes are not recorded: drive the app by keys while recording. Typed and pasted text is "
    "written as is (call parameters are redacted as in the call log), so type no secrets. "
    "Format: docs/recording.md.")


def add_record_command(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("record", parents=[common], description=DESCRIPTION,
                       help="record a session to a file, to replay with `playground demo FILE`")
    p.add_argument("file", metavar="FILE", help="the recording to write (JSON Lines, .jsonl)")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    p.set_defaults(run=run_record)


def run_record(args: argparse.Namespace) -> int:
    from playground import __version__
    from playground.recording import RecordingWriter

    settings, spec = resolve_spec(args)
    size = shutil.get_terminal_size()
    try:
        writer = RecordingWriter(args.file, app_version=__version__,
                                 size=(size.columns, size.lines), target=spec.kind.value,
                                 overwrite=args.force)
    except FileExistsError:
        raise UsageError(f"{args.file}: exists already (--force to overwrite it)") from None
    except OSError as exc:
        raise UsageError(f"{args.file}: cannot write it: {exc.strerror or exc}") from None
    from playground.ui.shell.recording import RecordingApp

    app = RecordingApp(settings=settings, spec=spec, handle_signals=True, writer=writer)
    try:
        app.run()
    finally:
        writer.close()
    code = int(app.return_code or 0)
    print(f"playground: recorded {writer.lines - 1} events to {args.file}; replay: "
          f"playground demo {args.file}", file=sys.stderr)
    # As `playground` itself does: Textual's input thread can hang interpreter shutdown on a
    # dead tty (upstream Textual PR 6690); the app has restored the terminal, so end here.
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)
