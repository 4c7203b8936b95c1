"""`playground pattern test`: does an event match an EventBridge pattern or SNS filter policy,
and why. Offline: the explainable matcher in playground.patterns, no target needed."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from playground.cli.common import Subcommands

EXIT_MATCH, EXIT_NO_MATCH, EXIT_INVALID = 0, 1, 2

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

Both --pattern and --event take a file name or the JSON text itself.

exit status: 0 match, 1 no match, 2 invalid input (one line naming the field and the rule)

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
    try:
        result = evaluate(args)
    except InvalidInput as exc:
        print(f"playground: invalid input: {exc}", file=sys.stderr)
        return EXIT_INVALID
    if args.json:
        print(json.dumps({
            "kind": args.kind,
            "matched": result.matched,
            "summary": result.summary,
            "reasons": [{"path": r.path, "matched": r.matched, "expected": r.expected,
                         "actual": r.actual, "branch": r.branch, "text": r.text}
                        for r in result.reasons],
        }, indent=2))
    else:
        print(result.explain())
    return EXIT_MATCH if result.matched else EXIT_NO_MATCH


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
        path = Path(value).expanduser()
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise InvalidInput(f"{option}: cannot read {path}: {exc}") from None
        elif json_only:
            raise InvalidInput(f"{option}: {value!r} is neither a file nor JSON text")
    return text


def _load_json(text: str, option: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise InvalidInput(f"{option}: not valid JSON: {exc}") from None
