"""The running-cost meter in the app: the message its thread posts, and the header's words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message

if TYPE_CHECKING:  # the meter and its prices load with the meter's worker, after the first frame
    from playground.cost.meter import Reading
    from playground.targets import Target

METER_GROUP = "cost-meter"


class CostUpdated(Message):
    """A new reading of the meter for `target`."""

    def __init__(self, target: Target, reading: Reading) -> None:
        super().__init__()
        self.target = target
        self.reading = reading


def header_words(target: Target | None, reading: Reading | None) -> tuple[str, Text | None]:
    """What the header shows of the meter, and the breakdown for its tooltip (plain text: names
    come from the account)."""
    if target is None or reading is None:
        return "", None
    from playground.cost.watch import describe  # with the first reading, not the first frame

    words = describe(reading, real=target.is_real)
    if not words:
        return "", None
    title = ("Running cost of what the playground made here (an estimate)" if target.is_real
             else "What the same would cost on AWS (an estimate)")
    return words, Text("\n".join([title, *reading.details()]))
