"""Targets: where AWS calls go (embedded emulator, LocalStack, any endpoint, real AWS)."""

from __future__ import annotations

from playground.targets.base import SERVICES, Capability, Target, TargetInfo, TargetKind
from playground.targets.errors import ReadOnlyViolation, TargetError, WriteNotConfirmed
from playground.targets.factory import TargetSpec, make_target

__all__ = [
    "SERVICES",
    "Capability",
    "ReadOnlyViolation",
    "Target",
    "TargetError",
    "TargetInfo",
    "TargetKind",
    "TargetSpec",
    "WriteNotConfirmed",
    "make_target",
]
