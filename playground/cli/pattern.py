"""`playground pattern test`: does an event match an EventBridge pattern or SNS filter policy,
and why. Offline: the explainable matcher in playground.patterns, no target needed."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from playground.cli.common import Subcommands

EXIT_MATCH, EXIT_NO_MATCH, EXIT_INVALID, EXIT_CRASH = 0, 1, 2, 3

EPILOG = """\
what --event holds:
  --kind eventbridge   an event: {"source": ..., "detail-type": ..., "detail": {...}}
                       (fields the pattern does not mention may be left out)
  --kind sns           with --scope MessageAttributes (default): the message attributes as
                       Publish takes them, {"MessageAttributes": {"price": {"DataType":
                       "Number", "StringValue": "42"}}} ("Message" may sit beside them)
                       with --scope MessageBody: the message body itself, e.g.
                       {"order": {"price": 42}} (a body that is not a JSON object never
                       matches a MessageBody policy)

Both --pattern and --event take a file name or the JSON text itself (write
--pattern=TEXT when the text starts with a dash). Patterns, policies and events may
nest objects and arrays at most 100 levels deep.

exit status:
  0  match
  1  no match
  2  invalid input: one line on stderr naming the input, the field and the rule
  3  internal error: one line on stderr; a bug in the playground, never an answer

examples:
  playground pattern test --pattern '{"source": ["shop"]}' --event event.json
  playground pattern test --kind sns --pattern policy.json \\
      --event '{"MessageAttributes": {"price": {"DataType": "Number", "StringValue": "42"}}}'
  playground pattern test --kind sns --scope MessageBody --pattern '{"size": ["L"]}' \\
      --event '{"size": "M"}' --json
"""


class InvalidInput(Exception):
    """One line for the user: which input, which field, which rule."""


def add_pattern_command(sub: Subcommands) -> None:
    p = sub.add_parser("pattern", help="test EventBridge patterns and SNS filter policies offline",
                       description="Work with event patterns and filter policies without AWS.")
    actions = p.add_subparsers(dest="pattern_command", metavar="ACTION", required=True)
    t = actions.add_parser(
        "test", help="does the event match? prints the verdict and one reason per field",
        description="Match an event against an EventBridge event pattern, or a message against "
                    "an SNS subscription filter policy, and explain every field.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    t.add_argument("--pattern", required=True, metavar="FILE|JSON",
                   help="the event pattern or filter policy")
    t.add_argument("--event", required=True, metavar="FILE|JSON",
                   help="the event (eventbridge) or message (sns), see below")
    t.add_argument("--kind", choices=["eventbridge", "sns"], default="eventbridge",
                   help="what the pattern is (default: eventbridge)")
    t.add_argument("--scope", choices=["MessageAttributes", "MessageBody"],
                   default="MessageAttributes",
                   help="sns only: the subscription's FilterPolicyScope (default: MessageAttributes)")
    t.add_argument("--json", action="store_true", help="print the result as JSON")
    t.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Exit 0/1 for the verdict, 2 for bad input, 3 for anything unexpected: a crash must
    never read as "no match"."""
    try:
        result = evaluate(args)
        if args.json:
            text = json.dumps({
                "kind": args.kind,
                "matched": result.matched,
                "summary": result.summary,
                "reasons": [{"path": r.path, "matched": r.matched, "expected": r.expected,
                             "actual": r.actual, "branch": r.branch, "text": r.text}
                            for r in result.reasons],
            }, indent=2)
        else:
            text = result.explain()
    except InvalidInput as exc:
        from playground.patterns.json_input import printable

        _say(f"playground: invalid input: {printable(str(exc))}", sys.stderr)
        return EXIT_INVALID
    except Exception as exc:  # any bug becomes exit 3, never a verdict
        detail = " ".join(str(exc).split())[:300]
        _say(f"playground: internal error (exit {EXIT_CRASH}, not an answer): "
             f"{type(exc).__name__}: {detail}", sys.stderr)
        return EXIT_CRASH
    _say(text, sys.stdout)
    return EXIT_MATCH if result.matched else EXIT_NO_MATCH


def _say(text: str, stream: TextIO) -> None:
    """Print, escaping what the stream's encoding cannot take (say, a lone surrogate
    from the input, or ✓ on an ASCII terminal) instead of failing."""
    try:
        print(text, file=stream)
    except UnicodeEncodeError:
        encoding = stream.encoding or "utf-8"
        print(text.encode(encoding, "backslashreplace").decode(encoding), file=stream)


def evaluate(args: argparse.Namespace) -> Any:
    from playground.patterns import EventError, PatternError, match_event_pattern, match_filter_policy

    pattern = _load(args.pattern, "--pattern", json_only=True)
    if args.kind == "eventbridge":
        event = _load(args.event, "--event", json_only=True)
        try:
            return match_event_pattern(pattern, event)
        except PatternError as exc:
            raise InvalidInput(f"pattern: {exc}") from None
        except EventError as exc:
            raise InvalidInput(f"event: {exc}") from None
    try:
        if args.scope == "MessageBody":
            body = _load(args.event, "--event", json_only=False)
            return match_filter_policy(pattern, message_body=body, scope="MessageBody")
        message = _load_json(_load(args.event, "--event", json_only=True), "--event")
        if not isinstance(message, dict) or not isinstance(message.get("MessageAttributes", {}), dict):
            raise InvalidInput('--event: give {"MessageAttributes": {"name": {"DataType": ..., '
                               '"StringValue": ...}}} (or --scope MessageBody for the body)')
        unknown = sorted(set(message) - {"MessageAttributes", "Message"})
        if unknown:
            raise InvalidInput(f"--event: unexpected key {unknown[0]!r}; an SNS message here is "
                               '{"MessageAttributes": {...}} with an optional "Message"')
        return match_filter_policy(pattern, message_attributes=message.get("MessageAttributes", {}),
                                   message_body=message.get("Message"), scope="MessageAttributes")
    except PatternError as exc:
        raise InvalidInput(f"filter policy: {exc}") from None
    except EventError as exc:
        raise InvalidInput(f"message: {exc}") from None


def _load(value: str, option: str, *, json_only: bool) -> str:
    """The argument's text: a file's content when it names a file, else the text itself."""
    text = value
    stripped = value.strip()
    if not stripped.startswith(("{", "[", '"')):
        path = _existing_file(value)
        if path is not None:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise InvalidInput(f"{option}: cannot read {path}: {exc}") from None
        elif json_only:
            raise InvalidInput(f"{option}: {_short(value)} is neither a file nor JSON text")
    return text


def _existing_file(value: str) -> Path | None:
    """The file ``value`` names, or None: text that cannot be a path at all (a NUL byte,
    a name too long, an unknown ~user) is simply not a file."""
    try:
        path = Path(value).expanduser()
        return path if path.is_file() else None
    except (OSError, ValueError, RuntimeError):
        return None


def _short(value: str) -> str:
    return repr(value) if len(value) <= 60 else repr(value[:59]) + "…"


def _load_json(text: str, option: str) -> Any:
    from playground.patterns.json_input import JsonLimitError, parse_json

    try:
        return parse_json(text, decimals=True)
    except JsonLimitError as exc:
        raise InvalidInput(f"{option}: the JSON {exc}") from None
    except ValueError as exc:
        raise InvalidInput(f"{option}: not valid JSON: {exc}") from None
