"""`playground export`: what a lab built (or every playground-tagged resource) as a
CloudFormation template or a boto3 script, to take the architecture to a real account."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from playground.cli.common import EXIT_FAIL, EXIT_OK, EXIT_USAGE, Subcommands, start_target

DESCRIPTION = (
    "Write what a lab built (--lab ID: the resources tagged playground:lab=ID) or every "
    "playground-tagged resource in the target's region as a CloudFormation template (YAML, or "
    "JSON with --template-format json or an -o FILE ending in .json) or a boto3 script (--format "
    "script; it takes --region, --profile and --endpoint-url when you run it). Queues with their "
    "redrive policies, topics and subscriptions (filter policy, raw delivery), buses, rules with "
    "their targets and input transformers, archives, state machines and streams; they name each "
    "other by Ref/GetAtt (or, in the script, by what the calls return), never by the "
    "playground's ARNs. The template adds the IAM roles and queue policies the wiring needs on "
    "AWS. What the exporter does not understand is listed as comments. Read-only calls only. "
    "Exit 0: written; 1: nothing to export; 2: bad arguments or target.")


def add_export_command(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("export", parents=[common], description=DESCRIPTION,
                       help="write what a lab built as a CloudFormation template or boto3 script")
    p.add_argument("--lab", metavar="ID", help="only what this lab built (default: everything "
                   "the playground tagged)")
    p.add_argument("--format", choices=("cloudformation", "script"), default="cloudformation",
                   help="cloudformation (default) or script (Python, boto3)")
    p.add_argument("--template-format", choices=("yaml", "json"), default=None,
                   help="the template's language (default yaml, json for -o *.json)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(run=_export)


def _export(args: argparse.Namespace) -> int:
    if args.lab is not None:
        from playground.lab.catalog import load_catalog

        known = {lab.id for lab in load_catalog().labs}
        if args.lab not in known:
            print(f"playground export: no lab {args.lab!r} (see `playground labs`)",
                  file=sys.stderr)
            return EXIT_USAGE
    target = start_target(args, quiet=True)
    try:
        from playground.export.collect import collect

        export = collect(target, args.lab)
    finally:
        target.stop()
    if export.empty:
        what = f"lab {args.lab}" if args.lab else "the playground"
        print(f"nothing to export: no resource tagged by {what} in {export.region} on "
              f"{target.label}", file=sys.stderr)
        return EXIT_FAIL
    if args.format == "script":
        from playground.export.script import render as render_script

        text = render_script(export)
        if args.output:
            # The file's name goes into the script's docstring: letters, digits, . - _ only.
            safe = re.sub(r"[^\w.-]", "_", Path(args.output).name, flags=re.ASCII)
            text = text.replace("__EXPORT_FILE__", safe, 1)
        else:
            text = text.replace("__EXPORT_FILE__", "export.py", 1)
    else:
        from playground.export.cloudformation import render

        fmt = args.template_format or (
            "json" if (args.output or "").lower().endswith(".json") else "yaml")
        text = render(export, fmt)
    from playground.export.collect import as_utf8

    text = as_utf8(text)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"playground export: cannot write {args.output}: {exc.strerror or exc}",
                  file=sys.stderr)
            return EXIT_USAGE
        print(f"wrote {args.output}: {_count(export)}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    for line in export.skipped:
        print(f"not exported: {line}", file=sys.stderr)
    return EXIT_OK


def _count(export: object) -> str:
    from playground.export.collect import Export

    assert isinstance(export, Export)
    parts = [(len(export.queues), "queue"), (len(export.topics), "topic"),
             (len(export.subscriptions), "subscription"), (len(export.buses), "event bus"),
             (len(export.rules), "rule"), (len(export.archives), "archive"),
             (len(export.state_machines), "state machine"), (len(export.streams), "stream")]
    return ", ".join(f"{n} {w}" + ("" if n == 1 else ("es" if w.endswith("s") else "s"))
                     for n, w in parts if n)
