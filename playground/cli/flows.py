"""`playground flows`: how the target's resources are wired (the flow map, read-only)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from playground.cli.common import EXIT_FAIL, EXIT_OK, Subcommands, start_target

if TYPE_CHECKING:
    from playground.flows.model import FlowMap
    from playground.targets import Target

DESCRIPTION = (
    "Read how the resources in the target's region are wired, whoever made them: EventBridge "
    "rules to their targets (with each rule's pattern) and the buses' archives, SNS "
    "subscriptions (filter policy, raw delivery), what Step Functions definitions call "
    "(sqs:sendMessage, sns:publish, events:putEvents, lambda:invoke, .waitForTaskToken, nested "
    "executions), SQS dead-letter queues and Lambda event source mappings. Read-only calls only. "
    "What the map cannot place shows as such (unknown target, definition that cannot be read). "
    "Exit 0: read; 1: something could not be listed (printed on stderr, `unseen` in --json).")


def add_flows_command(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("flows", parents=[common], description=DESCRIPTION,
                       help="print how the target's resources are wired (the flow map)")
    p.add_argument("--json", action="store_true",
                   help="print JSON: nodes, edges and unseen, sorted (stable for diffs)")
    p.set_defaults(run=_flows)


def _flows(args: argparse.Namespace) -> int:
    target = start_target(args, quiet=args.json)
    try:
        return _run(args, target)
    finally:
        target.stop()


def _run(args: argparse.Namespace, target: Target) -> int:
    from playground.flows.reader import read_flows

    flows = read_flows(target)
    if args.json:
        print(json.dumps(flows.to_json(), indent=2, sort_keys=True))
    else:
        _print_text(flows, target)
    return EXIT_FAIL if flows.unseen else EXIT_OK


def _print_text(flows: FlowMap, target: Target) -> None:
    from playground.flows.text import map_lines, unseen_lines

    print(f"on {target.label}, region {flows.region}:")
    for line in map_lines(flows):
        print(line)
    if target.kind.value == "embedded" and not flows.edges:
        print("(the embedded emulator started for this command is empty: run `playground "
              "emulator` in another shell and point flows at it with --endpoint-url)")
    lines = unseen_lines(flows)
    if lines:
        print(f"could not look at ({len(lines)}): what is there is not on the map", file=sys.stderr)
        for line in lines:
            print(f"  {line}", file=sys.stderr)
