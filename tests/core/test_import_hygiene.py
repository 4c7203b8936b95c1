"""The headless core never imports Textual: a subprocess proves it."""

from __future__ import annotations

import subprocess
import sys

HEADLESS = ["playground.targets", "playground.aws", "playground.aws.sqs", "playground.aws.sns",
            "playground.aws.events", "playground.aws.stepfunctions", "playground.aws.kinesis",
            "playground.aws.kinesis_consumer", "playground.aws.kinesis_producer",
            "playground.aws.kinesis_meter", "playground.aws.kinesis_hash",
            "playground.aws.kinesis_lineage", "playground.aws.kinesis_validate",
            "playground.aws.sfn_validate", "playground.aws.sfn_graph",
            "playground.aws.sfn_history", "playground.aws.sfn_samples",
            "playground.aws.sfn_remote", "playground.aws.sfn_approval",
            "playground.config", "playground.doctor", "playground.cli", "playground.patterns",
            "playground.lab"]


def test_headless_packages_do_not_load_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {HEADLESS!r}:\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except ModuleNotFoundError as exc:\n"
        "        if exc.name != name: raise\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(loaded))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_cli_help_does_not_load_textual_or_boto3() -> None:
    code = ("import sys\nfrom playground.cli import build_parser\nbuild_parser()\n"
            "print(sorted(m for m in ('textual', 'boto3') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr
