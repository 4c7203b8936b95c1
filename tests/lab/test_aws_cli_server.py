"""The aws fork server (aws_cli_server.py) answers as the real `aws` does: same stdout, stderr and
exit code for each kind of command the lab tests run, in a real bash, against the emulator."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from playground.aws.render import EMULATOR_KEY_ID, EMULATOR_SECRET
from tests.lab.aws_cli_client import CLIENT_NOTE
from tests.lab.aws_cli_server import AwsCli, write_client

pytestmark = pytest.mark.slow

ATTRS = '{"VisibilityTimeout": "7", "DelaySeconds": "2"}\n'

CASES = {
    "success-json": 'aws --endpoint-url "$EP" sqs create-queue --queue-name fid-q',
    "query-text-capture": ('URL=$(aws --endpoint-url "$EP" sqs create-queue --queue-name fid-q '
                           '--query QueueUrl --output text); echo "url=$URL"'),
    "failing-or-handler": ('aws --endpoint-url "$EP" sqs get-queue-url --queue-name missing '
                           '|| { echo "failed with $?"; }'),
    "file-relative-to-cwd": ('aws --endpoint-url "$EP" sqs create-queue --queue-name fid-f '
                             '--attributes file://attrs.json; '
                             'aws --endpoint-url "$EP" sqs create-queue --queue-name fid-g '
                             '--attributes file://missing.json'),
    "stdin-file": ("URL=$(echo '{\"VisibilityTimeout\": \"9\"}' | aws --endpoint-url \"$EP\" sqs "
                   "create-queue --queue-name fid-s --attributes file:///dev/stdin "
                   "--query QueueUrl --output text); "
                   'aws --endpoint-url "$EP" sqs get-queue-attributes --queue-url "$URL" '
                   "--attribute-names VisibilityTimeout"),
    "stdin-prompts-and-env-files": (
        "printf 'AKIDFIDELITY\\nsecret\\neu-west-2\\ntext\\n' | "
        "AWS_CONFIG_FILE=./cfg AWS_SHARED_CREDENTIALS_FILE=./creds aws configure; cat cfg creds"),
    "env-and-flags": ('AWS_DEFAULT_REGION=ap-south-1 aws configure list; '
                      'aws --endpoint-url "$EP" --region eu-west-1 --output table '
                      'sqs create-queue --queue-name fid-t; '
                      'AWS_DEFAULT_OUTPUT=text AWS_DEFAULT_REGION=eu-west-1 '
                      'aws --endpoint-url "$EP" sqs get-queue-url --queue-name fid-t'),
    "usage-error": "aws sqs no-such-operation",
    "bad-query": 'aws --endpoint-url "$EP" sqs list-queues --query "bad["',
    "version": "aws --version",
}


def run_bash(script: str, cwd: Path, env: dict[str, str]) -> tuple[int, str, str]:
    cwd.mkdir()
    (cwd / "attrs.json").write_text(ATTRS)
    done = subprocess.run(["bash", "-c", script], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL)
    return done.returncode, done.stdout, done.stderr


def served(cli: AwsCli) -> int:
    assert cli.log is not None
    return cli.log.read_text().count("] ran aws ")


@pytest.fixture
def served_cli(aws_cli: AwsCli, target) -> AwsCli:  # type: ignore[no-untyped-def]
    if not aws_cli.via_server:
        pytest.skip(f"the fork server is not running: {aws_cli.note}")
    return aws_cli


def shell_env(cli: AwsCli, target) -> dict[str, str]:  # type: ignore[no-untyped-def]
    env = cli.shell_env()
    env.update(EP=target.endpoint_url, AWS_ACCESS_KEY_ID=EMULATOR_KEY_ID,
               AWS_SECRET_ACCESS_KEY=EMULATOR_SECRET, AWS_DEFAULT_REGION=target.region)
    return env


@pytest.mark.parametrize("script", [pytest.param(s, id=name) for name, s in CASES.items()])
def test_the_fork_server_answers_as_the_real_cli(served_cli: AwsCli, target, tmp_path: Path,
                                                 script: str) -> None:
    env = shell_env(served_cli, target)
    real_env = {**env, "PATH": os.pathsep.join([str(served_cli.real_aws.parent), os.environ["PATH"]])}
    real = run_bash(script, tmp_path / "real", real_env)
    before = served(served_cli)
    forked = run_bash(script, tmp_path / "forked", env)
    assert forked == real
    assert served(served_cli) > before, "the commands did not go through the server"


def test_a_request_the_server_cannot_mirror_runs_the_real_cli(served_cli: AwsCli, target,
                                                              tmp_path: Path) -> None:
    # PYTHON* variables change how an interpreter starts: the server declines, the CLI runs.
    env = {**shell_env(served_cli, target), "PYTHONHASHSEED": "1"}
    code, out, err = run_bash("aws --version", tmp_path / "declined", env)
    assert code == 0 and out.startswith("aws-cli/")
    assert f"{CLIENT_NOTE}: the server declined: PYTHONHASHSEED differ" in err


def test_without_the_server_the_client_runs_the_real_cli(served_cli: AwsCli, tmp_path: Path) -> None:
    write_client(tmp_path / "bin", tmp_path / "no-server.sock", served_cli.real_aws)
    env = {**served_cli.shell_env(), "PATH": f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    code, out, err = run_bash("aws --version", tmp_path / "unreachable", env)
    assert code == 0 and out.startswith("aws-cli/")
    assert f"{CLIENT_NOTE}: the server is unreachable" in err


def test_the_server_leaves_no_zombies(served_cli: AwsCli, target, tmp_path: Path) -> None:
    run_bash("for n in 1 2 3; do aws --version >/dev/null; done", tmp_path / "many",
             shell_env(served_cli, target))
    server = str(served_cli.server_pid)

    def zombies() -> list[str]:
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[1] == server and fields[0] == "Z":
                found.append(stat.parent.name)
        return found

    # The server reaps on SIGCHLD; give a loaded machine a moment to deliver it.
    deadline = time.monotonic() + 10
    while zombies() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert zombies() == []
