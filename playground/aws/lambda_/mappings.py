"""An event source mapping as the workbench and the labs read it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Mapping:
    """An event source mapping: the source (SQS queue or Kinesis stream) a function reads."""

    uuid: str
    source_arn: str
    function_arn: str
    state: str
    """Creating, Enabled, Disabled, Enabling, Disabling, Updating, Deleting."""
    batch_size: int
    batching_window: int
    report_failures: bool
    """FunctionResponseTypes holds ReportBatchItemFailures."""
    bisect: bool
    starting_position: str
    maximum_retries: int | None
    last_result: str
    on_failure: str = ""

    @property
    def source_kind(self) -> str:
        """sqs, kinesis, or the service of the source's ARN."""
        parts = self.source_arn.split(":")
        return parts[2] if len(parts) > 2 else "?"

    @property
    def source_name(self) -> str:
        return self.source_arn.rsplit(":", 1)[-1].removeprefix("stream/")

    @property
    def enabled(self) -> bool:
        return self.state in ("Enabled", "Enabling", "Creating", "Updating")

    @classmethod
    def from_api(cls, m: dict[str, Any]) -> Mapping:
        dest = ((m.get("DestinationConfig") or {}).get("OnFailure") or {}).get("Destination", "")
        retries = m.get("MaximumRetryAttempts")
        return cls(str(m["UUID"]), str(m.get("EventSourceArn", "")), str(m.get("FunctionArn", "")),
                   str(m.get("State", "")), int(m.get("BatchSize") or 0),
                   int(m.get("MaximumBatchingWindowInSeconds") or 0),
                   "ReportBatchItemFailures" in (m.get("FunctionResponseTypes") or []),
                   bool(m.get("BisectBatchOnFunctionError")), str(m.get("StartingPosition") or ""),
                   None if retries is None else int(retries), str(m.get("LastProcessingResult") or ""),
                   str(dest or ""))
