"""The lab format: a lab is steps; a step is instructions, hints, checks and a solution."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Service = Literal["sqs", "sns", "events", "stepfunctions", "kinesis", "firehose", "s3", "lambda"]
Level = Literal["beginner", "intermediate", "advanced"]

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


class CheckSpec(BaseModel):
    """One assertion about live state: `kind` names a registered check, other keys are its
    parameters (`{kind: queue_exists, queue: "{prefix}orders"}`)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    kind: str
    """A check registered with `@check("...")`, e.g. `queue_exists`, `queue_messages`."""

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class ActionSpec(BaseModel):
    """One thing the reference solution does: a declarative `action:` with its parameters, or
    `python:` naming a function registered with `@lab_function("...")`."""

    model_config = ConfigDict(extra="allow", frozen=True)

    action: str | None = None
    """A registered action, e.g. `create_queue`, `send_message`, `subscribe_queue`."""
    python: str | None = None
    """The escape hatch: a registered Python function, called with the other keys."""

    @model_validator(mode="after")
    def _one_kind(self) -> ActionSpec:
        if (self.action is None) == (self.python is None):
            raise ValueError("give exactly one of `action:` or `python:`")
        return self

    @property
    def name(self) -> str:
        return self.action or self.python or ""

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ID_PATTERN)
    """Stable id; progress is stored by it, so renaming a step resets it for learners."""
    title: str = Field(min_length=1)
    instructions: str = Field(min_length=1)
    """Markdown: what to do, with the `aws` CLI command where it helps."""
    hints: list[str] = []
    """Markdown, revealed one at a time with `h`."""
    checks: list[CheckSpec] = Field(min_length=1)
    """All must pass for the step to pass."""
    solution: list[ActionSpec] = []
    """The reference solution ("do it for me"), applied in order."""
    explanation: str = ""
    """Markdown shown once the step passes: why it worked, what AWS does underneath."""
    requires: list[str] = []
    """Capabilities (as `playground doctor` probes them) the step needs beyond the basics. On a
    target that lacks one, the step is skipped with a parity note and not counted as failed."""
    lasting: bool = True
    """False when later steps change on purpose what this step checks (three messages wait,
    then one is consumed). Every check re-checks the steps before the learner's current one;
    such a step counts as done while the step after it holds, instead of failing on a state the
    lab itself moved on from."""

    @field_validator("requires")
    @classmethod
    def _known_capabilities(cls, value: list[str]) -> list[str]:
        from playground.targets.probes import PROBES

        unknown = [v for v in value if v not in PROBES]
        if unknown:
            raise ValueError(f"unknown capability {unknown[0]!r} (known: {', '.join(PROBES)})")
        return value


class Lab(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ID_PATTERN)
    """Same as the file name without `.yaml`."""
    title: str = Field(min_length=1)
    services: list[Service] = Field(min_length=1)
    level: Level
    minutes: int = Field(ge=1, le=240)
    """About how long a learner needs."""
    prefix: str = Field(pattern=r"^[a-z0-9]+$", max_length=20)
    """Lab part of resource names: `{prefix}` expands to resource_prefix + this + `-`."""
    summary: str = ""
    """Markdown shown above step 1."""
    objectives: list[str] = Field(min_length=1)
    steps: list[Step] = Field(min_length=1)

    def step_index(self, step_id: str) -> int:
        for i, step in enumerate(self.steps):
            if step.id == step_id:
                return i
        raise KeyError(step_id)
