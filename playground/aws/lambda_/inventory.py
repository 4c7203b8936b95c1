"""The playground's Lambda functions in one region, their event source mappings, and the
execution roles it made (IAM is global: a role counts in the region it was made for)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from playground.aws.inventory import Resource, Survey, as_utc
from playground.aws.lambda_ import roles
from playground.aws.lambda_.service import Function, LambdaService


def find(survey: Survey) -> list[Resource]:
    lam = LambdaService(survey.target)
    found: list[Resource] = []
    for fn, tags in survey.tagged("lambda", "ListFunctions", lam.list_functions,
                                  "ListTags", _tags_of(lam)):
        found.append(Resource("lambda", "function", fn.name, survey.region, fn.arn, None, tags,
                              {"runtime": fn.runtime, "memory": fn.memory},
                              delete=partial(lam.delete_function, fn.name)))
        for m in survey.ask("lambda", "ListEventSourceMappings",
                            partial(lam.mappings, fn.name)) or []:
            found.append(Resource(
                "lambda", "event source mapping", f"{m.source_name} → {fn.name}", survey.region,
                m.uuid, details={"source": m.source_arn, "state": m.state}, belongs_to=fn.arn,
                delete=partial(lam.delete_mapping, m.uuid)))
    if survey.target.is_real:
        # Emulators get a stand-in role ARN: no role is made there, none is looked for.
        for role in survey.ask("iam", "ListRoles", partial(roles.managed_roles, survey.target)) or []:
            found.append(Resource("iam", "execution role", role["RoleName"], survey.region,
                                  role["Arn"], as_utc(role.get("CreateDate")), role["Tags"],
                                  delete=partial(roles.delete_role, survey.target,
                                                 role["RoleName"])))
    return found


def _tags_of(lam: LambdaService) -> Callable[[Function], dict[str, str]]:
    def tags(fn: Function) -> dict[str, str]:
        return lam.tags(fn.arn)
    return tags
