"""A recorded call's `aws` command line, run as a learner would paste it into a shell."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

needs_aws_cli = pytest.mark.skipif(
    shutil.which("aws", path=str(Path(sys.executable).parent)) is None,
    reason="awscli comes with the dev extra")
"""Skips a test where the venv has no `aws` (it comes with the dev extra)."""


def run_cli(command: str) -> subprocess.CompletedProcess[str]:
    """`command` run by bash with this venv's `aws` first on the PATH and no AWS_ variables
    (the command line must carry its endpoint and credentials itself)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(["bash", "-c", command], capture_output=True, text=True, env=env,
                          timeout=60)
