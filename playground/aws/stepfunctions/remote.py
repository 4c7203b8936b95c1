"""What the target says about a definition (ValidateStateMachineDefinition), and the role."""

from __future__ import annotations

from dataclasses import dataclass, field

from playground.aws.common import error_message
from playground.targets.base import Target

ROLE_NAME = "playground-sfn"
ROLE_NOTE = ("On AWS the role must exist and trust states.amazonaws.com; emulators accept any "
             "role ARN.")


@dataclass(frozen=True)
class RemoteCheck:
    result: str
    """OK, FAIL, or UNAVAILABLE when the target does not have the operation."""
    diagnostics: list[str] = field(default_factory=list)


def role_arn(target: Target) -> str:
    return f"arn:aws:iam::{target.account_id or '000000000000'}:role/{ROLE_NAME}"


def remote_validate(target: Target, definition: str, kind: str = "STANDARD") -> RemoteCheck:
    """AWS: result OK or FAIL with ERROR/WARNING diagnostics (only `result` is a contract; the
    wording of diagnostics may change)."""
    try:
        resp = target.client("stepfunctions").validate_state_machine_definition(
            definition=definition, type=kind)
    except Exception as exc:
        return RemoteCheck("UNAVAILABLE", [error_message(exc)])
    lines = [f"{d.get('severity', '?')} {d.get('code', '')} at {d.get('location', '-')}: "
             f"{d.get('message', '')}" for d in resp.get("diagnostics", [])]
    return RemoteCheck(str(resp.get("result", "?")), lines)
