"""`playground asl graph|validate FILE`: a state machine definition drawn and checked from the
shell, with the Step Functions workbench's own layout and checks. Offline: no target."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from playground.cli.common import EXIT_FAIL, EXIT_OK, EXIT_USAGE, Subcommands

if TYPE_CHECKING:
    from playground.aws.stepfunctions.source import Source
    from playground.aws.validation import Issue

EXIT_CRASH = 3
DEFAULT_WIDTH = 100
MIN_WIDTH, MAX_WIDTH = 20, 10_000

EPILOG = """\
FILE is JSON or YAML (by its name: .json, .yaml/.yml; otherwise JSON when it starts with { or [),
or - for stdin; at most 1 MiB, as CreateStateMachine takes, and nested at most 100 levels
(JSON) or 32 (YAML, which may not use aliases). SAM and CDK ${Placeholders} are read as the
text they are. Problems are listed as FILE:LINE: error|warning: FIELD: message, FIELD naming
the state (States.Pay.Catch[0].Next): on stderr under graph's drawing; on stdout for validate,
followed by one summary line (on stdout when valid, stderr when not). JSONata states
("QueryLanguage": "JSONata" on the machine or the state) are checked as such: Arguments, Output
and Assign, no JSONPath-only field (InputPath, Parameters, ResultSelector, ResultPath,
OutputPath, ItemsPath, ...), choice rules as Condition, {% %} strings whole.

exit status:
  0  valid: AWS would take it (warnings, such as a loop nothing leaves, are listed)
  1  invalid: at least one error
  2  unreadable: missing, not JSON or YAML, binary, too big, too deep, not an object
     (one line on stderr)
  3  internal error: one line on stderr; a bug in the playground, never an answer

The drawing is plain text, never colored (it is the same with or without a terminal);
lines wider than --width end in "…".

examples:
  playground asl validate statemachine/order.asl.json
  playground asl graph template-machine.asl.yaml --width 80
  aws stepfunctions describe-state-machine --state-machine-arn ARN \\
      --query definition --output text | playground asl graph -
"""


def add_asl_command(sub: Subcommands) -> None:
    p = sub.add_parser("asl", help="draw and check a state machine definition offline",
                       description="Work with Amazon States Language definitions without AWS.")
    actions = p.add_subparsers(dest="asl_command", metavar="ACTION", required=True)
    g = actions.add_parser(
        "graph", help="draw the state machine as text (the workbench's layout)",
        description="Draw a state machine definition as text boxes, the way the Step "
                    "Functions workbench does, and list what the checks find on stderr.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    g.add_argument("file", metavar="FILE", help="the definition (JSON or YAML), - for stdin")
    g.add_argument("--width", type=_width, default=None, metavar="N",
                   help=f"fit lines to N columns (default: the terminal's width, or "
                        f"{DEFAULT_WIDTH} when not a terminal)")
    g.set_defaults(run=run_graph)
    v = actions.add_parser(
        "validate", help="check the definition: the workbench's checks, each problem with its line",
        description="Check a state machine definition as the Step Functions workbench does "
                    "before it sends one: every problem named by state, with its line.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    v.add_argument("file", metavar="FILE", help="the definition (JSON or YAML), - for stdin")
    v.set_defaults(run=run_validate)


def _width(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a number of columns expected, not {text!r}") from None
    if not MIN_WIDTH <= number <= MAX_WIDTH:
        raise argparse.ArgumentTypeError(f"between {MIN_WIDTH} and {MAX_WIDTH:,} columns")
    return number


def default_width() -> int:
    """The terminal's width when stdout is one, else DEFAULT_WIDTH: piped output is the same
    wherever it runs (COLUMNS is not read then)."""
    try:
        if not os.isatty(sys.stdout.fileno()):
            return DEFAULT_WIDTH
    except (OSError, ValueError, AttributeError):  # a stream without a descriptor (a test's)
        return DEFAULT_WIDTH
    columns = shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    return max(MIN_WIDTH, min(MAX_WIDTH, columns))


def run_graph(args: argparse.Namespace) -> int:
    return _guarded(args.file, lambda: _graph(args.file, args.width or default_width()))


def run_validate(args: argparse.Namespace) -> int:
    return _guarded(args.file, lambda: _validate(args.file))


def _guarded(name: str, action: Callable[[], int]) -> int:
    """Exit 2 with one line for a file that holds no definition; 3 with one line for a bug,
    so a crash never reads as "invalid"."""
    from playground.aws.stepfunctions.source import Unreadable, describe

    try:
        return action()
    except Unreadable as exc:
        where = f":{exc.line}" if exc.line else ""
        _say(f"playground: {describe(name)}{where}: {exc.message}", sys.stderr)
        return EXIT_USAGE
    except (BrokenPipeError, KeyboardInterrupt):
        raise
    except Exception as exc:
        detail = " ".join(str(exc).split())[:300]
        _say(f"playground: internal error (exit {EXIT_CRASH}, not an answer): "
             f"{type(exc).__name__}: {detail}", sys.stderr)
        return EXIT_CRASH


def _graph(name: str, width: int) -> int:
    from playground.aws.stepfunctions.graph import layout
    from playground.aws.stepfunctions.source import read_definition
    from playground.aws.stepfunctions.validate import validate

    source = read_definition(name)
    issues = validate(source.definition)
    lines = [fit(line.text, width) for line in layout(source.definition, limit=None)]
    _say("\n".join(lines), sys.stdout)
    _report(name, source, issues, sys.stderr)
    return EXIT_FAIL if any(i.blocking for i in issues) else EXIT_OK


def _validate(name: str) -> int:
    from playground.aws.stepfunctions.graph import count_states
    from playground.aws.stepfunctions.source import describe, read_definition
    from playground.aws.stepfunctions.validate import validate

    source = read_definition(name)
    issues = validate(source.definition)
    _report(name, source, issues, sys.stdout)
    errors = sum(i.blocking for i in issues)
    warnings = len(issues) - errors
    count = count_states(source.definition)
    if errors:
        _say(f"{describe(name)}: invalid, {_plural(errors, 'error')}"
             + (f" and {_plural(warnings, 'warning')}" if warnings else ""), sys.stderr)
        return EXIT_FAIL
    _say(f"{describe(name)}: valid {source.format}, {_plural(count, 'state')}"
         + (f", {_plural(warnings, 'warning')}" if warnings else ""), sys.stdout)
    return EXIT_OK


def _report(name: str, source: Source, issues: list[Issue], stream: TextIO) -> None:
    """One line per problem, errors first: FILE:LINE: error: FIELD: message."""
    from playground.aws.stepfunctions.source import describe
    from playground.patterns.json_input import printable

    shown = describe(name)
    for issue in sorted(issues, key=lambda i: not i.blocking):
        line = source.line_of(issue.field)
        where = f"{shown}:{line}" if line else shown
        severity = "error" if issue.blocking else "warning"
        _say(f"{where}: {severity}: {printable(str(issue))}", stream)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' * (n != 1)}"


def fit(line: str, width: int) -> str:
    """`line` cut to `width` terminal cells, its end an ellipsis (wide characters count two)."""
    from rich.cells import cell_len, set_cell_size

    if len(line) <= width and line.isascii():
        return line
    if cell_len(line) <= width:
        return line
    return set_cell_size(line, width - 1) + "…"


def _say(text: str, stream: TextIO) -> None:
    """Print, escaping what the stream's encoding cannot take (✓ or a box on an ASCII
    terminal) instead of failing."""
    try:
        print(text, file=stream)
    except UnicodeEncodeError:
        encoding = stream.encoding or "utf-8"
        print(text.encode(encoding, "backslashreplace").decode(encoding), file=stream)
