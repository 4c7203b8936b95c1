"""The topics of the target, standard and FIFO; choosing one opens its fan-out."""

from __future__ import annotations

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from playground.aws.sns.service import is_fifo_topic, topic_name
from playground.ui.common.text import markup


class TopicList(OptionList):
    class Chosen(Message):
        def __init__(self, topic_arn: str) -> None:
            self.topic_arn = topic_arn
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.topics: list[str] = []

    def show(self, topics: list[str], select: str | None = None) -> None:
        """Replace the list, keeping (or moving to) the selected topic."""
        current = select or self.selected
        self.topics = topics
        self.clear_options()
        self.add_options([Option(self._label(arn), id=arn) for arn in topics])
        if current in topics:
            self.highlighted = topics.index(current)
        elif topics:
            self.highlighted = 0

    @staticmethod
    def _label(arn: str) -> Content:
        kind = " [dim](FIFO)[/]" if is_fifo_topic(arn) else ""
        return markup(f"$name{kind}", name=topic_name(arn))

    @property
    def selected(self) -> str | None:
        if self.highlighted is None or not self.topics:
            return None
        return self.topics[self.highlighted] if self.highlighted < len(self.topics) else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Chosen(event.option.id))
