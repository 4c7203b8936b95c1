"""Human approval by task token: the queue a sample needs, which Task an execution waits on,
and the token read back from the request message. No AWS calls here but `ensure_queue`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playground.aws.sqs.service import SqsService
from playground.aws.stepfunctions.history import Timeline
from playground.patterns.json_input import parse_json

QUEUE_PLACEHOLDER = "${ApprovalQueueUrl}"
"""Written in a sample where the approval queue's URL goes; replaced before CreateStateMachine."""
QUEUE_SUFFIX = "-approvals"
MAX_QUEUE_NAME = 80
WAIT_SUFFIX = ".waitForTaskToken"
APPROVE_OUTPUT: dict[str, Any] = {"approved": True, "by": "playground"}
REJECT_ERROR = "Rejected"
REJECT_CAUSE = "rejected from the playground workbench"
ANSWER_NOTE = ("A token answers once, while its Task runs: once the Task has ended (answered, or "
               "TimeoutSeconds passed) AWS refuses it with TaskTimedOut.")


def queue_note(queue: str) -> str:
    """What the new-machine dialog says while the definition has the placeholder."""
    return (f"Create also creates (or reuses) the SQS queue {queue} and puts its URL in place "
            f"of {QUEUE_PLACEHOLDER}. On AWS the role must also allow sqs:SendMessage on that "
            "queue.")


def needs_queue(definition: str) -> bool:
    return QUEUE_PLACEHOLDER in definition


def queue_name(machine: str) -> str:
    """`<machine>-approvals`, the machine's name shortened to fit SQS's 80 characters and
    keeping only what a queue name may hold (letters, digits, - and _)."""
    stem = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in machine)
    return stem[:MAX_QUEUE_NAME - len(QUEUE_SUFFIX)] + QUEUE_SUFFIX


def with_queue(definition: dict[str, Any], url: str) -> dict[str, Any]:
    """The definition with every QUEUE_PLACEHOLDER string replaced by `url`."""
    def swap(value: Any) -> Any:
        if isinstance(value, str):
            return value.replace(QUEUE_PLACEHOLDER, url)
        if isinstance(value, dict):
            return {k: swap(v) for k, v in value.items()}
        if isinstance(value, list):
            return [swap(v) for v in value]
        return value

    return dict(swap(definition))


def ensure_queue(sqs: SqsService, machine: str) -> str:
    """CreateQueue with the app's tags: SQS returns the existing queue's URL when a queue of that
    name already exists with the same attributes, so calling this again reuses it."""
    return sqs.create_queue(queue_name(machine))


@dataclass(frozen=True)
class WaitingTask:
    """A Task state the execution is in, paused until someone sends its token back."""

    state: str
    resource: str
    queue_url: str | None
    """Parameters.QueueUrl when the Task sends its request through SQS."""
    timeout_s: int | None
    heartbeat_s: int | None


def all_states(definition: Any) -> dict[str, dict[str, Any]]:
    """Every state by name, nested Parallel branches and Map iterators included; walked with
    a stack, and parts of the wrong type skipped (the definition may come from anywhere)."""
    found: dict[str, dict[str, Any]] = {}
    todo: list[Any] = [definition]
    while todo:
        scope = todo.pop()
        states = scope.get("States") if isinstance(scope, dict) else None
        if not isinstance(states, dict):
            continue
        for name, state in states.items():
            if not isinstance(state, dict):
                continue
            found.setdefault(str(name), state)
            branches = state.get("Branches")
            todo.extend(branches if isinstance(branches, list) else [])
            todo.extend(state.get(key) for key in ("Iterator", "ItemProcessor"))
    return found


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def waiting_task(definition: dict[str, Any] | None, line: Timeline | None) -> WaitingTask | None:
    """The `.waitForTaskToken` Task the RUNNING execution is in now, if it is in one."""
    if definition is None or line is None or line.status != "RUNNING":
        return None
    states = all_states(definition)
    for step in reversed(line.steps):
        if step.status != "running":
            continue
        state = states.get(step.name) or {}
        resource = str(state.get("Resource", ""))
        if state.get("Type") == "Task" and resource.endswith(WAIT_SUFFIX):
            params = state.get("Parameters") or state.get("Arguments") or {}
            url = params.get("QueueUrl") if isinstance(params, dict) else None
            return WaitingTask(step.name, resource, url if isinstance(url, str) else None,
                               _int(state.get("TimeoutSeconds")),
                               _int(state.get("HeartbeatSeconds")))
    return None


def token_in(body: str) -> str | None:
    """The task token in a request message: a JSON body's `token` / `taskToken` / `TaskToken`
    field (looked for at any depth); None when the body holds none."""
    try:
        value = parse_json(body)
    except ValueError:  # not JSON, or nested too deep to search safely
        return None

    def find(node: Any) -> str | None:
        if isinstance(node, dict):
            for key, item in node.items():
                if key.lower() in ("token", "tasktoken") and isinstance(item, str) and item:
                    return item
            for item in node.values():
                hit = find(item)
                if hit:
                    return hit
        elif isinstance(node, list):
            for item in node:
                hit = find(item)
                if hit:
                    return hit
        return None

    return find(value)


def execution_in(body: str) -> str | None:
    """The `execution` field the approval sample puts in its request ($$.Execution.Id)."""
    try:
        value = parse_json(body)
    except ValueError:
        return None
    found = value.get("execution") if isinstance(value, dict) else None
    return found if isinstance(found, str) else None


def short_token(token: str, keep: int = 8) -> str:
    """The token's start and end, for reading (AWS tokens run to hundreds of characters)."""
    if len(token) <= 2 * keep + 1:
        return token
    return f"{token[:keep]}…{token[-keep:]}"


@dataclass(frozen=True)
class Request:
    """An approval request found in the queue."""

    message_id: str
    body: str
    token: str


def pick_request(bodies: list[tuple[str, str]], execution: str) -> Request | None:
    """From (message id, body) pairs, the request of this execution: one naming it, else (for
    requests that do not name their execution) the only one with a token."""
    with_token = [(mid, body, token) for mid, body in bodies if (token := token_in(body))]
    mine = [r for r in with_token if execution_in(r[1]) == execution]
    if not mine and len(with_token) == 1 and execution_in(with_token[0][1]) is None:
        mine = with_token
    return Request(*mine[0]) if mine else None
