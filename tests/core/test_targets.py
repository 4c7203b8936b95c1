"""Targets: each kind connects, names itself, and fails with one clear line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from playground.aws.sqs.service import SqsService
from playground.config import Settings, load_settings
from playground.targets import (
    ReadOnlyViolation,
    TargetError,
    TargetKind,
    TargetSpec,
    WriteNotConfirmed,
    make_target,
)
from playground.targets.aws import AwsTarget
from playground.targets.endpoint import EndpointTarget
from playground.targets.localstack import LocalStackTarget, localstack_url


def write_profile(name: str, endpoint: str, region: str = "eu-west-1", *,
                  sso: bool = False) -> None:
    """A profile whose endpoint_url points at the emulator: the real AWS code path, offline."""
    config = Path(os.environ["AWS_CONFIG_FILE"])
    if sso:
        config.write_text(
            f"[profile {name}]\nsso_session = corp\nsso_account_id = 123456789012\n"
            f"sso_role_name = Dev\nregion = {region}\n\n[sso-session corp]\n"
            "sso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n")
        return
    config.write_text(f"[profile {name}]\nregion = {region}\nendpoint_url = {endpoint}\n")
    Path(os.environ["AWS_SHARED_CREDENTIALS_FILE"]).write_text(
        f"[{name}]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = s3cr3t-value\n")


def test_embedded_target_reports_where_calls_go(target) -> None:
    info = target.info()
    assert info.kind is TargetKind.EMBEDDED
    assert info.account_id == "000000000000"
    assert info.endpoint_url.startswith("http://127.0.0.1:")
    assert info.extra["emulator"].startswith("ministack ")


def test_the_embedded_account_shown_is_the_one_sts_answers(target) -> None:
    # The header's account is not asked at start (it is set in the emulator's environment).
    assert target.client("sts").get_caller_identity()["Account"] == target.info().account_id


def test_reset_empties_the_emulator(target) -> None:
    sqs = SqsService(target)
    sqs.create_queue("before-reset")
    target.reset()
    assert sqs.list_queue_urls() == []


def test_peek_does_not_consume(target) -> None:
    sqs = SqsService(target)
    url = sqs.create_queue("peeked")
    sqs.send(url, "look but do not touch")
    assert [m["Body"] for m in sqs.peek(url)] == ["look but do not touch"]
    assert [m.body for m in sqs.receive(url)] == ["look but do not touch"]


def test_endpoint_and_localstack_targets_use_the_given_url(emulator_target) -> None:
    url = emulator_target.endpoint_url
    endpoint = EndpointTarget(url)
    endpoint.start()
    assert endpoint.account_id == "000000000000"
    assert endpoint.label == f"endpoint 127.0.0.1:{emulator_target.emulator.port}"
    # ministack answers LocalStack's health path too, so the LocalStack code path runs here.
    localstack = LocalStackTarget(url)
    localstack.start()
    assert localstack.label == f"LocalStack {url}"


def test_unreachable_endpoint_is_one_clear_line() -> None:
    target = EndpointTarget("http://127.0.0.1:9")
    with pytest.raises(TargetError, match=r"nothing answers at http://127.0.0.1:9"):
        target.start()


def test_missing_localstack_says_how_to_fix_it() -> None:
    with pytest.raises(TargetError, match=r"no LocalStack answers at http://127\.0\.0\.1:9"):
        LocalStackTarget("http://127.0.0.1:9").start()


@pytest.fixture
def no_localstack_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("AWS_ENDPOINT_URL", "LOCALSTACK_HOST", "USE_SSL", "EDGE_PORT"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.mark.parametrize(("env", "url"), [
    ({}, "http://localhost:4566"),
    ({"AWS_ENDPOINT_URL": "http://other:4510"}, "http://other:4510"),
    ({"AWS_ENDPOINT_URL": "http://other:4510", "LOCALSTACK_HOST": "ls.internal"}, "http://other:4510"),
    ({"LOCALSTACK_HOST": "ls.internal:4510"}, "http://ls.internal:4510"),
    ({"LOCALSTACK_HOST": "ls.internal"}, "http://ls.internal:4566"),
    ({"LOCALSTACK_HOST": "ls.internal:4443", "USE_SSL": "1"}, "https://ls.internal:4443"),
    ({"USE_SSL": "true"}, "https://localhost:4566"),
], ids=["default", "aws-endpoint-url", "aws-endpoint-url-wins", "host-and-port", "host-only",
        "use-ssl", "use-ssl-default-host"])
def test_localstack_url_is_what_localstack_client_resolves(no_localstack_env, env, url) -> None:
    for name, value in env.items():
        no_localstack_env.setenv(name, value)
    assert localstack_url() == url
    assert LocalStackTarget().endpoint_url == url


def test_endpoint_url_flag_wins_over_localstack_env(no_localstack_env) -> None:
    no_localstack_env.setenv("AWS_ENDPOINT_URL", "http://other:4510")
    no_localstack_env.setenv("LOCALSTACK_HOST", "ls.internal:4510")
    assert localstack_url("http://127.0.0.1:4599") == "http://127.0.0.1:4599"
    spec = TargetSpec.resolve(load_settings(), target="localstack", endpoint_url="http://127.0.0.1:4599")
    assert make_target(spec).endpoint_url == "http://127.0.0.1:4599"


def test_localstack_target_from_settings_follows_localstack_host(no_localstack_env) -> None:
    no_localstack_env.setenv("LOCALSTACK_HOST", "ls.internal:4510")
    no_localstack_env.setenv("USE_SSL", "1")
    target = make_target(TargetSpec.resolve(load_settings(), target="localstack"))
    assert (target.endpoint_url, target.label) == ("https://ls.internal:4510",
                                                   "LocalStack https://ls.internal:4510")


def test_bad_localstack_host_is_one_clear_line(no_localstack_env) -> None:
    no_localstack_env.setenv("LOCALSTACK_HOST", "http://ls.internal:4510")
    with pytest.raises(TargetError, match=r"LOCALSTACK_HOST: .*http://ls.internal:4510"):
        localstack_url()


def test_aws_profile_target_shows_account_and_guards_writes(emulator_target) -> None:
    write_profile("demo", emulator_target.endpoint_url)
    target = AwsTarget("demo")
    target.start()
    assert (target.account_id, target.region, target.is_real) == ("000000000000", "eu-west-1", True)
    sqs = SqsService(target)
    assert isinstance(sqs.list_queue_urls(), list)  # reads need no confirmation
    with pytest.raises(WriteNotConfirmed):
        sqs.create_queue("guarded")
    target.writes_confirmed = True
    url = sqs.create_queue("guarded")
    assert sqs.tags(url)["playground:managed"] == "true"
    cli = next(r for r in target.recorder.records if r.operation == "CreateQueue").cli()
    assert cli.startswith("aws --profile demo --region eu-west-1 sqs create-queue")
    assert "s3cr3t" not in cli and "AKIDEXAMPLE" not in cli


def test_read_only_refuses_writes_before_they_are_sent(target) -> None:
    target.read_only = True
    sqs = SqsService(target)
    with pytest.raises(ReadOnlyViolation, match="read-only mode: CreateQueue"):
        sqs.create_queue("nope")
    target.read_only = False
    assert sqs.list_queue_urls() == []


def test_unknown_profile_lists_the_known_ones(emulator_target) -> None:
    write_profile("demo", emulator_target.endpoint_url)
    with pytest.raises(TargetError, match=r"unknown AWS profile 'typo' \(profiles: demo\)"):
        AwsTarget("typo").start()


def test_expired_sso_session_names_the_login_command() -> None:
    write_profile("corp-dev", "", sso=True)
    with pytest.raises(TargetError, match=r"run `aws sso login --profile corp-dev`"):
        AwsTarget("corp-dev").start()


def test_spec_resolution_flags_beat_env_beat_config(monkeypatch, tmp_path) -> None:
    cfg = Path(os.environ["PLAYGROUND_CONFIG"])
    cfg.write_text("target:\n  kind: localstack\n  region: eu-north-1\n")
    settings = load_settings()
    assert TargetSpec.resolve(settings).kind is TargetKind.LOCALSTACK
    assert TargetSpec.resolve(settings, profile="p").kind is TargetKind.AWS
    assert TargetSpec.resolve(settings, endpoint_url="http://x:1").kind is TargetKind.ENDPOINT
    monkeypatch.setenv("AWS_REGION", "ap-south-1")
    assert TargetSpec.resolve(load_settings()).region == "ap-south-1"
    monkeypatch.setenv("PLAYGROUND_TARGET", "embedded")
    assert TargetSpec.resolve(load_settings()).kind is TargetKind.EMBEDDED


def test_unknown_target_kind_is_a_clear_error() -> None:
    with pytest.raises(TargetError, match="unknown target 'moon'"):
        TargetSpec.resolve(Settings(), target="moon")


def test_embedded_port_in_use_is_reported(emulator_target) -> None:
    spec = TargetSpec(kind=TargetKind.EMBEDDED, port=emulator_target.emulator.port)
    with pytest.raises(TargetError, match=r"port \d+ on 127.0.0.1 is in use"):
        make_target(spec).start()
