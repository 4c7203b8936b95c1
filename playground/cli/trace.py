"""`playground trace`: send one message into the flow and print each hop as it is observed."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from playground.cli.common import EXIT_FAIL, EXIT_OK, Subcommands, UsageError, start_target

if TYPE_CHECKING:
    from playground.flows.hops import Hop
    from playground.targets import Target

DESCRIPTION = (
    "Send one event or message with a trace id in it (traceId) at an entry of the flow map, and "
    "print each hop as it is observed: rules matched or not (with the pattern's reasons), input "
    "transformers, topics published, each subscriber queue that received it or filtered it out "
    "(with the filter policy's reasons), executions started and each state entered and exited, "
    "dead-lettered messages, Kinesis records written; each with the time since the start and "
    "how the payload changed. The entry: an event bus (PutEvents), a rule (PutEvents on its bus, "
    "source and detail-type from its pattern), a topic (Publish), a queue (SendMessage), a state "
    "machine (StartExecution) or a stream (PutRecord), by name, `kind name` or ARN. Queues are "
    "peeked where the target can (the embedded emulator); elsewhere counted, unless "
    "--allow-receive. Ends when every hop the map predicts is in, or after --quiet seconds with "
    "nothing new (naming what it waited on). Exit 0: complete; 1: ended quiet, stopped or could "
    "not send; 2: bad entry or payload.")


def add_trace_command(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("trace", parents=[common], description=DESCRIPTION,
                       help="send one message into the flow and follow it hop by hop")
    p.add_argument("--entry", required=True, metavar="NODE",
                   help="where to send it: `rule orders-rule`, `queue billing`, a name or an ARN")
    p.add_argument("--payload", metavar="JSON", default=None,
                   help="a JSON object; the trace id is added as traceId (for a bus or rule: the "
                   "detail, or an object with source, detail-type and detail)")
    p.add_argument("--json", action="store_true",
                   help="print one JSON document at the end: the hops and the summary")
    p.add_argument("--allow-receive", action="store_true",
                   help="on targets that cannot peek, read queues by receiving with a zero "
                   "visibility timeout (each look counts as a receive)")
    p.add_argument("--quiet", type=float, default=30.0, metavar="SECONDS",
                   help="end after this long with nothing new (default 30)")
    p.add_argument("--trace-id", default=None, help=argparse.SUPPRESS)
    p.set_defaults(run=_trace)


def _trace(args: argparse.Namespace) -> int:
    from playground.flows.hops import TraceError, parse_payload

    try:
        payload = parse_payload(args.payload)
    except TraceError as exc:
        raise UsageError(str(exc)) from None
    if not 0 < args.quiet <= 3600:
        raise UsageError("--quiet takes seconds between 0 and 3600")
    target = start_target(args, quiet=args.json)
    try:
        return _run(args, target, payload)
    finally:
        target.stop()


def _run(args: argparse.Namespace, target: Target, payload: dict[str, Any]) -> int:
    from playground.flows.hops import TraceError
    from playground.flows.trace import Trace
    from playground.flows.trace_text import summary_lines

    trace = Trace(target, args.entry, payload, allow_receive=args.allow_receive,
                  quiet_s=args.quiet, trace_id=args.trace_id)
    try:
        entry = trace.entry()
    except TraceError as exc:
        hint = (" (the embedded emulator started for this command is empty: run `playground "
                "emulator` in another shell and point trace at it with --endpoint-url)"
                if target.kind.value == "embedded" else "")
        raise UsageError(f"{exc}{hint}") from None
    if not args.json:
        print(f"trace {trace.trace_id} from {entry.title} on {target.label}:")
        for line in trace.observability():
            print(f"  ({line})")
    summary = trace.run(None if args.json else _print_hop)
    if args.json:
        print(json.dumps({"trace_id": trace.trace_id, "hops": [h.to_json() for h in trace.hops],
                          "summary": summary.to_json()}, indent=2, sort_keys=True))
    else:
        for line in summary_lines(summary):
            print(line)
    return EXIT_OK if summary.outcome == "complete" else EXIT_FAIL


def _print_hop(hop: Hop) -> None:
    from playground.flows.trace_text import hop_detail

    for line in hop_detail(hop):
        print(line if len(line) <= 300 else line[:299] + "…")
    sys.stdout.flush()
