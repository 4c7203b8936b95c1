"""Lambda calls in the call log: the zip shown as fileb://function.zip (never its bytes), the
payload as JSON text, and both the CLI command and the boto3 script redo the call."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from playground.aws.lambda_.roles import execution_role
from playground.aws.lambda_.service import LambdaService, build_zip
from playground.aws.lambda_.templates import ECHO
from playground.targets.embedded import EmbeddedTarget

AWS = Path(sys.executable).with_name("aws")


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["PATH"] = f"{AWS.parent}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(["bash", "-c", command], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=120)


def test_the_zip_is_never_printed(target: EmbeddedTarget) -> None:
    lam = LambdaService(target)
    lam.create_function("echo", ECHO, role=execution_role(target))
    lam.update_code("echo", ECHO + "\n# v2\n")
    lam.invoke("echo", {"order": 7})
    records = {r.operation: r for r in target.recorder.records}
    create, update, invoke = (records[o] for o in ("CreateFunction", "UpdateFunctionCode", "Invoke"))
    for record in (create, update):
        assert "--zip-file fileb://function.zip" in record.cli()
        assert "PK" not in record.cli() and "UEsD" not in record.cli()  # zip magic, raw or base64
        assert "open('function.zip', 'rb').read()" in record.boto3()
        assert "PK\\x03" not in record.boto3()
    assert "--cli-binary-format raw-in-base64-out --payload '{\"order\": 7}'" in invoke.cli()
    assert invoke.cli().endswith(" response.json")


@pytest.mark.skipif(not AWS.exists(), reason="the aws CLI is not installed next to this Python")
def test_cli_commands_redo_create_and_invoke(target: EmbeddedTarget, tmp_path: Path) -> None:
    lam = LambdaService(target)
    lam.create_function("echo", ECHO, role=execution_role(target))
    lam.invoke("echo", {"order": 7})
    records = {r.operation: r for r in target.recorder.records}
    lam.delete_function("echo")
    (tmp_path / "function.zip").write_bytes(build_zip(ECHO))
    made = _run(records["CreateFunction"].cli(), tmp_path)
    assert made.returncode == 0, made.stderr
    lam.wait_ready("echo")
    version = _run("aws --version", tmp_path)
    if "aws-cli/2." not in version.stdout + version.stderr:
        return  # --cli-binary-format is CLI v2's (v1 sends the payload text as it is)
    invoked = _run(records["Invoke"].cli(), tmp_path)
    assert invoked.returncode == 0, invoked.stderr
    assert (tmp_path / "response.json").read_text() == '{"echo": {"order": 7}}'


def test_boto3_script_redoes_create(target: EmbeddedTarget, tmp_path: Path) -> None:
    lam = LambdaService(target)
    lam.create_function("echo", ECHO, role=execution_role(target))
    create = next(r for r in target.recorder.records if r.operation == "CreateFunction")
    lam.delete_function("echo")
    (tmp_path / "function.zip").write_bytes(build_zip(ECHO))
    (tmp_path / "redo.py").write_text(create.boto3())
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    done = subprocess.run([sys.executable, "redo.py"], capture_output=True, text=True,
                          cwd=tmp_path, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert lam.wait_ready("echo").runtime == "python3.12"
