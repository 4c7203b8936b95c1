"""The execution role: a stand-in ARN on an emulator; on a real account made only once the
learner confirms, tagged, and removed by teardown. The real-account half runs against a second
embedded emulator marked as real (its IAM is ministack's), never against AWS."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from playground.aws.lambda_.roles import (
    POLICIES,
    RoleNeedsConfirmation,
    execution_role,
    role_name,
)
from playground.aws.teardown import plan_teardown, run_teardown
from playground.targets.embedded import EmbeddedTarget


def test_an_emulator_gets_a_stand_in_arn_and_no_role(target: EmbeddedTarget) -> None:
    arn = execution_role(target)
    assert arn.endswith(f":role/{role_name(target)}")
    assert target.client("iam").list_roles()["Roles"] == []


@pytest.fixture
def real_like() -> Iterator[EmbeddedTarget]:
    target = EmbeddedTarget()
    target.start()
    target.is_real = True  # type: ignore[misc]  # what matters here: the role path is taken
    target.writes_confirmed = True
    try:
        yield target
    finally:
        target.stop()


def test_a_real_account_asks_first_then_makes_a_tagged_role(real_like: EmbeddedTarget) -> None:
    with pytest.raises(RoleNeedsConfirmation, match=r"lambda\.amazonaws\.com"):
        execution_role(real_like)
    iam = real_like.client("iam")
    assert iam.list_roles()["Roles"] == []

    arn = execution_role(real_like, confirmed=True)
    name = role_name(real_like)
    assert arn.endswith(f"/{name}")
    role = iam.get_role(RoleName=name)["Role"]
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {
        "Service": "lambda.amazonaws.com"}
    attached = {p["PolicyArn"] for p in iam.list_attached_role_policies(RoleName=name)[
        "AttachedPolicies"]}
    assert attached == set(POLICIES)
    assert execution_role(real_like) == arn  # there now: no second question

    plan = plan_teardown(real_like, services=["lambda"])
    assert [(r.kind, r.name) for r in plan.resources] == [("execution role", name)]
    assert run_teardown(plan).complete
    assert iam.list_roles()["Roles"] == []
