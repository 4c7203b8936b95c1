"""Express workflows started synchronously: StartSyncExecution waits for the end and answers
with the result (output, or error and cause) and what AWS bills for it.

From the botocore model's StartSyncExecution docs: not available for STANDARD workflows; it
answers 200 even when the execution fails (the status says how it ended); `output` is set only
when it succeeded; `billingDetails` holds billedDurationInMilliseconds and
billedMemoryUsedInMB. An Express execution runs for at most five minutes
(https://docs.aws.amazon.com/step-functions/latest/dg/choosing-workflow-type.html).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from playground.targets.base import Target

EXPRESS_LIMIT_S = 300
"""An Express execution's longest run; the call waits that long, and a little more."""
READ_TIMEOUT_S = EXPRESS_LIMIT_S + 10


@dataclass(frozen=True)
class SyncResult:
    name: str
    status: str
    """SUCCEEDED, FAILED or TIMED_OUT."""
    output: str | None
    error: str | None
    cause: str | None
    billed_ms: int | None
    """billingDetails.billedDurationInMilliseconds; None where the target gave none."""
    billed_mb: int | None
    """billingDetails.billedMemoryUsedInMB."""

    @property
    def billed(self) -> bool:
        return self.billed_ms is not None or self.billed_mb is not None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def start_sync(target: Target, machine: str, payload: Any = None,
               name: str | None = None) -> SyncResult:
    """StartSyncExecution of an EXPRESS machine with `payload` (any JSON value; None is {}).
    Raises what the target raises for a call it refuses (a STANDARD machine on AWS:
    StateMachineTypeNotSupported)."""
    kwargs: dict[str, Any] = {"stateMachineArn": machine,
                              "input": json.dumps({} if payload is None else payload)}
    if name:
        kwargs["name"] = name
    client = target.client("stepfunctions", read_timeout=READ_TIMEOUT_S)
    resp = client.start_sync_execution(**kwargs)
    billing = resp.get("billingDetails") if isinstance(resp.get("billingDetails"), dict) else {}
    return SyncResult(str(resp.get("name", "")), str(resp.get("status", "?")),
                      _text(resp.get("output")), _text(resp.get("error")),
                      _text(resp.get("cause")), _int(billing.get("billedDurationInMilliseconds")),
                      _int(billing.get("billedMemoryUsedInMB")))
