"""CI runs exactly the test command the README gives, so what passes in CI passes for a reader."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def readme_test_command() -> str:
    readme = (ROOT / "README.md").read_text()
    found = re.search(r"Run the tests:\s*```bash\n(.+?)\n```", readme, re.DOTALL)
    assert found, "README has no 'Run the tests:' bash block"
    return found.group(1).strip()


def test_ci_runs_the_readme_test_command() -> None:
    commands = [line for line in (ROOT / ".ci" / "run").read_text().splitlines()
                if line and not line.startswith(("#", "set ", "cd "))]
    # Before it, only the install of the browser the serve test drives, when it is missing.
    *before, last = commands
    assert last == readme_test_command()
    assert len(before) <= 1 and all(c.startswith("command -v chromium ") for c in before)


def test_readme_test_command_installs_localstack_before_pytest() -> None:
    steps = readme_test_command().split(" && ")
    install = steps.index(".venv/bin/python scripts/localstack_host.py install")
    assert steps[-1] == ".venv/bin/python -m pytest" and install == len(steps) - 2

