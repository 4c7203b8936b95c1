"""The price table the running-cost meter uses: playground/cost/prices.yaml, read once, typed."""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from playground.safe_yaml import YamlProblem, field_path, read_yaml_file

PRICES_FILE = Path(__file__).with_name("prices.yaml")

Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]

KEYS = (
    "kinesis.shard_hour",
    "kinesis.put_payload_units",
    "kinesis.on_demand_stream_hour",
    "kinesis.on_demand_gb_in",
    "kinesis.on_demand_gb_out",
    "sqs.standard_requests",
    "sqs.fifo_requests",
    "sns.publish_requests",
    "sns.http_deliveries",
    "sns.email_deliveries",
    "events.custom_events",
    "stepfunctions.standard_transitions",
    "stepfunctions.express_requests",
    "firehose.ingested_gb",
    "lambda.requests",
)
"""Every price the meter asks for; the file must have each."""


class Price(BaseModel):
    """One line item: `usd` for `per` units of `unit`, in us-east-1."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    what: str
    usd: float | None = Field(ge=0)
    """None when no figure was found: the meter names the item and leaves it out of the total."""
    per: int = Field(default=1, ge=1)
    unit: str
    source: Url
    """The AWS page that sets the price."""
    read_on: date
    verified: bool
    """The figure was read on a page of AWS itself."""
    seen_in: list[Url] = []
    """Where the figure was read."""
    searched: list[str] = []
    """What was searched for the figure, for one that is not verified."""
    note: str = ""

    @model_validator(mode="after")
    def _sourced(self) -> Price:
        if self.verified and (self.usd is None or not self.seen_in):
            raise ValueError("a verified price needs a figure and the AWS page it was read on")
        if not self.verified and not self.searched:
            raise ValueError("a price that is not verified says what was searched")
        if self.usd is not None and not self.seen_in:
            raise ValueError("a figure needs the page it was read on (seen_in)")
        return self

    @property
    def each(self) -> float | None:
        """The price of one unit."""
        return None if self.usd is None else self.usd / self.per


class Assumptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    standard_transitions_per_execution: int = Field(ge=1)


class PriceTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    region: Literal["us-east-1"]
    currency: Literal["USD"]
    assumptions: Assumptions
    prices: dict[str, Price]

    @model_validator(mode="after")
    def _complete(self) -> PriceTable:
        missing = [k for k in KEYS if k not in self.prices]
        if missing:
            raise ValueError(f"no price for {', '.join(missing)}")
        return self

    def __getitem__(self, key: str) -> Price:
        return self.prices[key]

    @property
    def read_on(self) -> date:
        """The oldest date a figure was read: how fresh the table is."""
        return min(p.read_on for p in self.prices.values())


class PriceFileError(Exception):
    """The price file cannot be used: where and why, on one line."""


def load_prices(path: Path = PRICES_FILE) -> PriceTable:
    try:
        document = read_yaml_file(path)
    except YamlProblem as exc:
        raise PriceFileError(f"{path}: {exc.message}") from None
    try:
        return PriceTable.model_validate(document.data)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(p for p in error["loc"] if isinstance(p, str | int))
        line = document.line_of(loc)
        where = f"{path}:{line}" if line else str(path)
        raise PriceFileError(f"{where}: {field_path(loc)}: {error['msg']}") from None


@functools.cache
def shipped_prices() -> PriceTable:
    """The table shipped with the playground, read once."""
    return load_prices()
