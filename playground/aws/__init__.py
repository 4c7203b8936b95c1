"""The service layer: typed operations over boto3 clients, with no UI in sight."""

from __future__ import annotations

from playground.aws.recorder import CallRecord, CallRecorder
from playground.aws.render import CallContext

__all__ = ["CallContext", "CallRecord", "CallRecorder"]
