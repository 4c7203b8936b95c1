"""The playground's state machines and activities in one region (their approval queues are SQS
queues, found with the other queues)."""

from __future__ import annotations

from functools import partial

from playground.aws.common import is_managed
from playground.aws.inventory import Resource, Survey, as_utc
from playground.aws.stepfunctions.service import StepFunctionsService


def find(survey: Survey) -> list[Resource]:
    sfn = StepFunctionsService(survey.target)
    found: list[Resource] = []
    for machine in survey.ask("stepfunctions", "ListStateMachines", sfn.list_state_machines) or []:
        arn = machine["stateMachineArn"]
        tags = survey.ask("stepfunctions", "ListTagsForResource", partial(sfn.tags, arn))
        if tags is None or not is_managed(tags):
            continue
        found.append(Resource("stepfunctions", "state machine", machine["name"], survey.region,
                              arn, as_utc(machine.get("creationDate")), tags,
                              {"type": machine.get("type", "STANDARD")},
                              delete=partial(sfn.delete_state_machine, arn)))
    for activity in survey.ask("stepfunctions", "ListActivities", sfn.list_activities) or []:
        arn = activity["activityArn"]
        tags = survey.ask("stepfunctions", "ListTagsForResource", partial(sfn.tags, arn))
        if tags is None or not is_managed(tags):
            continue
        found.append(Resource("stepfunctions", "activity", activity["name"], survey.region, arn,
                              as_utc(activity.get("creationDate")), tags,
                              delete=partial(sfn.delete_activity, arn)))
    return found
