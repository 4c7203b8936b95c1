"""Turn flags, env and config into one Target; the only place that knows all four kinds."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from playground.aws.recorder import CallRecorder
from playground.config import Settings
from playground.targets.base import Target, TargetKind
from playground.targets.errors import TargetError

DEFAULT_REGION = "us-east-1"


@dataclass(frozen=True)
class TargetSpec:
    """A description of a target that can be built, shown, and switched to."""

    kind: TargetKind = TargetKind.EMBEDDED
    profile: str | None = None
    region: str | None = None
    endpoint_url: str | None = None
    port: int | None = None
    read_only: bool = False
    allowed_accounts: tuple[str, ...] = ()
    """Real accounts writes may go to; empty: any (each write still confirmed)."""
    shared_emulator: str | None = None
    """Served by `playground serve`: the URL of its emulator, which the embedded kind means."""
    refuse_aws: bool = False
    """Served without --allow-aws: the real-AWS kind is refused (playground.targets.served)."""

    @classmethod
    def resolve(cls, settings: Settings, *, target: str | None = None, profile: str | None = None,
                region: str | None = None, endpoint_url: str | None = None,
                port: int | None = None, read_only: bool = False) -> TargetSpec:
        """Flags win over env, env over the config file (already merged into settings)."""
        ts = settings.target
        kind_name = target
        if kind_name is None:
            if profile:
                kind_name = "aws"
            elif endpoint_url:
                kind_name = "endpoint"
            else:
                kind_name = ts.kind
        try:
            kind = TargetKind(kind_name)
        except ValueError:
            names = ", ".join(k.value for k in TargetKind)
            raise TargetError(f"unknown target {kind_name!r} (choose one of: {names})") from None
        return cls(
            kind=kind,
            profile=profile or ts.profile,
            region=region or ts.region,
            endpoint_url=endpoint_url or ts.endpoint_url,
            port=port or ts.emulator_port,
            read_only=read_only or settings.read_only,
            allowed_accounts=tuple(ts.allowed_accounts),
        )

    def with_(self, **changes: Any) -> TargetSpec:
        return replace(self, **changes)

    @property
    def title(self) -> str:
        if self.kind is TargetKind.AWS:
            return f"AWS profile {self.profile or 'default'}"
        if self.kind is TargetKind.ENDPOINT:
            return f"endpoint {self.endpoint_url}"
        if self.kind is TargetKind.EMBEDDED and self.shared_emulator:
            return "shared emulator (served)"
        return {"embedded": "embedded emulator", "localstack": "LocalStack"}[self.kind.value]


def make_target(spec: TargetSpec, recorder: CallRecorder | None = None) -> Target:
    """Build (not start) the target a spec describes."""
    region = spec.region
    common = {"read_only": spec.read_only, "recorder": recorder}
    if spec.kind is TargetKind.AWS and spec.refuse_aws:
        from playground.targets.served import AWS_REFUSED

        raise TargetError(AWS_REFUSED)
    if spec.kind is TargetKind.EMBEDDED and spec.shared_emulator:
        from playground.targets.served import SharedEmulatorTarget

        return SharedEmulatorTarget(spec.shared_emulator, region or DEFAULT_REGION, **common)
    if spec.kind is TargetKind.EMBEDDED:
        from playground.targets.embedded import EmbeddedTarget

        return EmbeddedTarget(region or DEFAULT_REGION, port=spec.port, **common)
    if spec.kind is TargetKind.LOCALSTACK:
        from playground.targets.localstack import LocalStackTarget

        return LocalStackTarget(spec.endpoint_url, region or DEFAULT_REGION, **common)
    if spec.kind is TargetKind.ENDPOINT:
        from playground.targets.endpoint import EndpointTarget

        if not spec.endpoint_url:
            raise TargetError("the endpoint target needs a URL: pass --endpoint-url URL")
        return EndpointTarget(spec.endpoint_url, region or DEFAULT_REGION, **common)
    from playground.targets.aws import AwsTarget

    aws = AwsTarget(spec.profile, region, **common)
    aws.allowed_accounts = spec.allowed_accounts
    return aws
