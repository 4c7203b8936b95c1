"""The headless core never imports Textual: a subprocess proves it."""

from __future__ import annotations

import subprocess
import sys

HEADLESS = ["playground.targets", "playground.aws", "playground.aws.sqs.service",
            "playground.aws.sns.service", "playground.aws.events.service",
            "playground.aws.stepfunctions.service", "playground.aws.kinesis.service",
            "playground.aws.kinesis.consumer", "playground.aws.kinesis.producer",
            "playground.aws.kinesis.meter", "playground.aws.kinesis.hash",
            "playground.aws.kinesis.lineage", "playground.aws.kinesis.validate",
            "playground.aws.stepfunctions.validate", "playground.aws.stepfunctions.graph",
            "playground.aws.stepfunctions.history", "playground.aws.stepfunctions.samples",
            "playground.aws.stepfunctions.remote", "playground.aws.stepfunctions.approval",
            "playground.config", "playground.doctor", "playground.cli.main", "playground.patterns",
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
    code = ("import sys\nfrom playground.cli.main import build_parser\nbuild_parser()\n"
            "print(sorted(m for m in ('textual', 'boto3') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr
