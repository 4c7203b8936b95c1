"""The same target in other regions, and which regions there are to look in (teardown)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from playground.targets.base import Target, describe_client_error
from playground.targets.errors import TargetError


def in_region(target: Target, region: str) -> Target:
    """`target` as seen from `region`: the same account or emulator, read-only flag, write
    confirmation and account allow-list, with clients of its own. Built, not started (the
    account is known). An emulator is reached at its URL: a new EmbeddedTarget would start a
    second, empty emulator (what `make_target(spec.with_(region=...))` does for that kind)."""
    if region == target.region:
        return target
    copy: Target
    if target.is_real:
        from playground.targets.aws import AwsTarget

        copy = AwsTarget(target.profile, region, read_only=target.read_only)
    else:
        from playground.targets.endpoint import EndpointTarget
        from playground.targets.localstack import LocalStackTarget

        if target.endpoint_url is None:
            raise TargetError(f"{target.label} is not running: start it first")
        kind = LocalStackTarget if isinstance(target, LocalStackTarget) else EndpointTarget
        copy = kind(target.endpoint_url, region, read_only=target.read_only)
    copy.account_id = target.account_id
    copy.writes_confirmed = target.writes_confirmed
    copy.allowed_accounts = target.allowed_accounts
    _share_models(target, copy)
    return copy


def _share_models(target: Target, copy: Target) -> None:
    """The copy reads botocore's service models through the target's loader, which has them
    parsed already: a session of its own re-reads them, ~0.2 s of CPU a region (most of an
    all-regions look at an emulator)."""
    loader = target.session()._session.get_component("data_loader")
    copy.session()._session.register_component("data_loader", loader)


@dataclass
class Regions:
    """Where to look, service by service, and what limited the list."""

    services: dict[str, list[str]]
    """Region -> the services (of those asked) available there."""
    note: str = ""
    """How the list was made, when the user should know (e.g. enabled regions not known)."""


def all_regions(target: Target, services: Sequence[str]) -> Regions:
    """Every region where the services are: botocore's endpoint data for the target's partition
    (`get_available_regions`). On a real account only the regions enabled for it (EC2
    DescribeRegions; without that permission every region, said in `note`). An emulator takes
    any region name: the regions AWS has are the ones there are to enumerate, with the target's
    own added if it is not one of them."""
    session = target.session()
    partition = session.get_partition_for_region(target.region) if target.region else "aws"
    by_service = {s: set(session.get_available_regions(s, partition_name=partition))
                  for s in services}
    names = set().union(*by_service.values()) if by_service else set()
    note = ""
    if target.is_real:
        try:
            answer = target.client("ec2").describe_regions()
            names &= {r["RegionName"] for r in answer.get("Regions", [])}
        except Exception as exc:
            note = (f"could not ask which regions the account has enabled (ec2:DescribeRegions: "
                    f"{describe_client_error(exc)}): looked in all {len(names)} of the {partition} "
                    "partition, and regions not enabled answer as unseen")
    else:
        note = (f"an emulator takes any region name; these are the {len(names | {target.region})} "
                "that AWS has (--region R looks at another)")
    names.add(target.region)
    regions = {r: [s for s in services if r in by_service[s] or r == target.region]
               for r in sorted(names)}
    return Regions(regions, note)
