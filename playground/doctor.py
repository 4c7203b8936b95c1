"""`playground doctor`: is the target usable, and what can it do? The exit code says it."""

from __future__ import annotations

import json
import platform
import sys
import time
from dataclasses import asdict, dataclass, field
from importlib import metadata
from typing import Any

from playground import __version__
from playground.targets import TargetError, TargetSpec, make_target
from playground.targets.base import Target

# One cheap read per service proves the target serves it.
SERVICE_PROBES: dict[str, tuple[str, dict[str, Any]]] = {
    "sqs": ("list_queues", {}),
    "sns": ("list_topics", {}),
    "events": ("list_event_buses", {}),
    "stepfunctions": ("list_state_machines", {}),
    "kinesis": ("list_streams", {}),
}


@dataclass
class Check:
    name: str
    ok: bool
    detail: str = ""


@dataclass
class DoctorReport:
    target: str
    endpoint_url: str | None = None
    region: str = ""
    account_id: str | None = None
    reachable: bool = False
    reason: str = ""
    start_seconds: float | None = None
    versions: dict[str, str] = field(default_factory=dict)
    services: list[Check] = field(default_factory=list)
    capabilities: list[Check] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        if not self.reachable:
            return 2
        return 0 if all(c.ok for c in self.services) else 1


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def _probe_services(target: Target) -> list[Check]:
    from playground.aws.common import error_message

    checks = []
    for service, (method, kwargs) in SERVICE_PROBES.items():
        try:
            getattr(target.client(service), method)(**kwargs)
            checks.append(Check(service, True))
        except Exception as exc:
            checks.append(Check(service, False, error_message(exc)))
    return checks


def diagnose(spec: TargetSpec, *, probe_writes: bool = False) -> DoctorReport:
    report = DoctorReport(target=spec.title)
    report.versions = {
        "playground": __version__,
        "python": platform.python_version(),
        "boto3": _version("boto3"),
        "botocore": _version("botocore"),
        "textual": _version("textual"),
    }
    try:
        target = make_target(spec)
    except TargetError as exc:
        report.reason = str(exc)
        return report
    t0 = time.perf_counter()
    try:
        target.start()
    except TargetError as exc:
        report.reason = str(exc)
        target.stop()
        return report
    try:
        report.start_seconds = round(time.perf_counter() - t0, 3)
        report.reachable = True
        report.target = target.label
        report.endpoint_url = target.endpoint_url
        report.region = target.region
        report.account_id = target.account_id
        extra = getattr(target, "info_extra", None)
        if callable(extra):
            report.versions.update(extra())
        report.services = _probe_services(target)
        from playground.targets.probes import probe_capabilities

        reset = [c for c in target.capabilities() if c.name == "reset"]
        probed = probe_capabilities(target, allow_writes=True if probe_writes else None)
        report.capabilities = [Check(c.name, c.available, c.note) for c in reset + probed]
    finally:
        target.stop()
    return report


def render(report: DoctorReport) -> str:
    mark = {True: "ok", False: "FAIL"}
    lines = [f"target     {report.target}"]
    if not report.reachable:
        lines.append(f"reachable  no: {report.reason}")
        return "\n".join(lines)
    if report.endpoint_url:
        lines.append(f"endpoint   {report.endpoint_url}")
    lines.append(f"account    {report.account_id or '?'}   region {report.region}")
    lines.append(f"reachable  yes ({report.start_seconds:.2f} s)")
    lines.append("versions   " + ", ".join(f"{k} {v}" for k, v in report.versions.items()))
    for c in report.services:
        lines.append(f"service    {c.name:<14} {mark[c.ok]}" + (f"  {c.detail}" if c.detail else ""))
    for c in report.capabilities:
        lines.append(f"feature    {c.name:<18} {'yes' if c.ok else 'no '}  {c.detail}")
    failed = [c.name for c in report.services if not c.ok]
    lines.append("result     " + ("healthy" if not failed else f"not serving: {', '.join(failed)}"))
    return "\n".join(lines)


def run_doctor(spec: TargetSpec, *, as_json: bool = False, probe_writes: bool = False) -> int:
    report = diagnose(spec, probe_writes=probe_writes)
    if as_json:
        data = asdict(report)
        data["exit_code"] = report.exit_code
        print(json.dumps(data, indent=2))
    else:
        out = sys.stdout if report.reachable else sys.stderr
        print(render(report), file=out)
    return report.exit_code
