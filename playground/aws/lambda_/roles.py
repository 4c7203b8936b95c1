"""The execution role a function runs as. AWS requires one (CreateFunctionRequest.Role: "The
Amazon Resource Name (ARN) of the function's execution role"); an emulator takes any ARN.

On a real account the playground makes one minimal role per region, only when the learner
confirms: trusted by lambda.amazonaws.com, with the AWS managed policies for logs
(AWSLambdaBasicExecutionRole) and for reading SQS queues and Kinesis streams through an event
source mapping (AWSLambdaSQSQueueExecutionRole, AWSLambdaKinesisExecutionRole). It is tagged,
so teardown removes it.
"""

from __future__ import annotations

import json
from typing import Any

from playground.aws.common import LAB_TAG_KEY, error_code, managed_tags, tag_list
from playground.targets.base import Target

ROLE_PATH = "/playground/"
ROLE_PREFIX = "playground-lambda-"
REGION_TAG_KEY = "playground:region"
"""IAM is global: the region a role was made for, so each region's teardown takes its own."""
TRUST_POLICY = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
    "Action": "sts:AssumeRole"}]}
POLICIES = (
    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole",
    "arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole",
)
EXPLANATION = (
    "On AWS a function runs as an IAM execution role. The playground will create the role "
    "{name} (tagged playground:managed=true): trusted by lambda.amazonaws.com, with the AWS "
    "managed policies AWSLambdaBasicExecutionRole (write its logs), "
    "AWSLambdaSQSQueueExecutionRole and AWSLambdaKinesisExecutionRole (read queues and streams "
    "through event source mappings). Teardown deletes it.")


class RoleNeedsConfirmation(Exception):
    """Creating the role on a real account waits for the learner's yes; the message says what
    will be made."""


def role_name(target: Target) -> str:
    return f"{ROLE_PREFIX}{target.region}"


def emulator_role(target: Target) -> str:
    """Any well-formed ARN does on an emulator: nothing checks it."""
    return f"arn:aws:iam::{target.account_id or '000000000000'}:role/{role_name(target)}"


def execution_role(target: Target, *, confirmed: bool = False, lab: str | None = None) -> str:
    """The role ARN to create functions with. On an emulator a stand-in ARN (nothing is made).
    On a real account: the role if it exists, else it is created when `confirmed`, else
    RoleNeedsConfirmation with the explanation to show."""
    if not target.is_real:
        return emulator_role(target)
    iam = target.client("iam")
    name = role_name(target)
    try:
        return str(iam.get_role(RoleName=name)["Role"]["Arn"])
    except Exception as exc:
        if error_code(exc) != "NoSuchEntity":
            raise
    if not confirmed:
        raise RoleNeedsConfirmation(EXPLANATION.format(name=name))
    tags = managed_tags({REGION_TAG_KEY: target.region, **({LAB_TAG_KEY: lab} if lab else {})})
    arn = str(iam.create_role(RoleName=name, Path=ROLE_PATH,
                              AssumeRolePolicyDocument=json.dumps(TRUST_POLICY),
                              Description="Execution role for the playground's Lambda functions",
                              Tags=tag_list(tags))["Role"]["Arn"])
    for policy in POLICIES:
        iam.attach_role_policy(RoleName=name, PolicyArn=policy)
    return arn


def delete_role(target: Target, name: str) -> None:
    """Detach its policies, drop inline ones, then delete the role (IAM refuses otherwise)."""
    iam = target.client("iam")
    for page in iam.get_paginator("list_attached_role_policies").paginate(RoleName=name):
        for p in page.get("AttachedPolicies", []):
            iam.detach_role_policy(RoleName=name, PolicyArn=p["PolicyArn"])
    for page in iam.get_paginator("list_role_policies").paginate(RoleName=name):
        for policy in page.get("PolicyNames", []):
            iam.delete_role_policy(RoleName=name, PolicyName=policy)
    iam.delete_role(RoleName=name)


def managed_roles(target: Target) -> list[dict[str, Any]]:
    """The playground's roles made for this region (path /playground/, tagged)."""
    iam = target.client("iam")
    out: list[dict[str, Any]] = []
    for page in iam.get_paginator("list_roles").paginate(PathPrefix=ROLE_PATH):
        for role in page.get("Roles", []):
            tags = {t["Key"]: t.get("Value", "") for t in
                    iam.list_role_tags(RoleName=role["RoleName"]).get("Tags", [])}
            if tags.get(REGION_TAG_KEY, target.region) == target.region:
                out.append({**role, "Tags": tags})
    return out
