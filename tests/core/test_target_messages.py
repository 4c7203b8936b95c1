"""What a failing AWS target tells the user to run names the profile it failed for."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from playground.targets import TargetError
from playground.targets.aws import AwsTarget


@pytest.fixture
def no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")  # no wait on instance metadata


def test_missing_credentials_names_the_profile(no_credentials: None) -> None:
    """It said `aws configure --profile NAME`."""
    Path(os.environ["AWS_CONFIG_FILE"]).write_text(
        "[profile sandbox]\nregion = eu-west-1\nendpoint_url = http://127.0.0.1:9\n")
    with pytest.raises(TargetError) as caught:
        AwsTarget("sandbox").start()
    text = str(caught.value)
    assert "`aws configure --profile sandbox`" in text
    assert "`aws sso login --profile sandbox`" in text
    assert "NAME" not in text


def test_missing_credentials_without_a_profile_says_plain_aws_configure(
        no_credentials: None) -> None:
    with pytest.raises(TargetError) as caught:
        AwsTarget(None, "eu-west-1").start()
    text = str(caught.value)
    assert "(`aws configure` or `aws sso login`)" in text
