"""The playground's state machines and activities in one region (their approval queues are SQS
queues, found with the other queues)."""

from __future__ import annotations

from functools import partial

from playground.aws.inventory import Resource, Survey, as_utc
from playground.aws.stepfunctions.service import StepFunctionsService


def find(survey: Survey) -> list[Resource]:
    sfn = StepFunctionsService(survey.target)
    found: list[Resource] = []
    for machine, tags in survey.tagged("stepfunctions", "ListStateMachines", sfn.list_state_machines,
                                       "ListTagsForResource", lambda m: sfn.tags(m["stateMachineArn"])):
        arn = machine["stateMachineArn"]
        found.append(Resource("stepfunctions", "state machine", machine["name"], survey.region,
                              arn, as_utc(machine.get("creationDate")), tags,
                              {"type": machine.get("type", "STANDARD")},
                              delete=partial(sfn.delete_state_machine, arn)))
    for activity, tags in survey.tagged("stepfunctions", "ListActivities", sfn.list_activities,
                                        "ListTagsForResource", lambda a: sfn.tags(a["activityArn"])):
        arn = activity["activityArn"]
        found.append(Resource("stepfunctions", "activity", activity["name"], survey.region, arn,
                              as_utc(activity.get("creationDate")), tags,
                              delete=partial(sfn.delete_activity, arn)))
    return found
