"""The `aws` CLI commands a lab shows really pass its checks, run as a learner would."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from playground.lab.context import expand
from playground.lab.engine import LabSession
from playground.lab.model import Lab
from tests.lab.aws_cli_server import AwsCli
from tests.lab.conftest import REAL_AWS_CLI, shipped_labs

pytestmark = pytest.mark.slow
MARK = "@@lab-step-done "


def bash_blocks(markdown: str) -> list[str]:
    """Blocks fenced as `bash` are the ones a learner runs; `json`, `text` are to read."""
    return re.findall(r"```bash\n(.*?)```", markdown, flags=re.S)


def learner_script(lab: Lab, session: LabSession) -> str:
    """All `bash` blocks in order; after each step it says so and waits to be told to go on."""
    lines = ["set -euo pipefail", *bash_blocks(session.text(lab.summary))]
    for n, step in enumerate(lab.steps, start=1):
        lines += [expand(block, session.variables) for block in bash_blocks(step.instructions)]
        lines.append(f'echo "{MARK}{n}"; read -r _')
    return "\n".join(lines)


@pytest.mark.parametrize("lab", [pytest.param(lab, id=lab.id) for lab in shipped_labs()])
def test_the_instructions_pass_the_checks(lab: Lab, target, aws_cli: AwsCli, tmp_path: Path) -> None:
    if not REAL_AWS_CLI.exists():
        pytest.skip("the aws CLI is not installed next to this Python")
    if "jq " in lab.model_dump_json() and shutil.which("jq") is None:
        pytest.skip("this lab's commands need jq")
    session = LabSession(lab, target)
    script = learner_script(lab, session)
    assert "{prefix}" not in script
    # `aws` is the fork server's client (the real awscli, run warm) or, if it could not start, the CLI.
    env = aws_cli.shell_env()
    errors = (tmp_path / "stderr").open("w+")
    shell = subprocess.Popen(["bash", "-c", script], cwd=tmp_path, env=env, text=True,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors)
    assert shell.stdin is not None and shell.stdout is not None
    output: list[str] = []
    try:
        for index, step in enumerate(lab.steps):
            for line in shell.stdout:
                if line.strip() == f"{MARK}{index + 1}":
                    break
                output.append(line)
            else:
                errors.seek(0)
                pytest.fail(f"the commands of step {index + 1} failed ({aws_cli.note}):\n"
                            + "".join(output[-30:]) + errors.read()[-2000:])
            report = session.check_step(index)
            failing = [r.message for r in report.results if not r.passed]
            assert report.passed, f"after the commands of step {step.id}: {failing}"
            shell.stdin.write("go\n")
            shell.stdin.flush()
        assert shell.wait(timeout=60) == 0
    finally:
        if shell.poll() is None:
            shell.kill()
        shell.wait()
        errors.close()
    # What the CLI created carries the lab tag, so reset finds all of it.
    report = session.reset()
    assert report.deleted and not report.kept and not report.errors
