"""The lab's steps as a list that shows where the learner is: passed, current, still to do."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

PASSED, BROKEN, CURRENT, TODO = "passed", "broken", "current", "todo"
"""BROKEN: passed once, but its checks fail on the target now (resources gone, emulator reset)."""
_MARKS = {PASSED: ("✓", "green"), BROKEN: ("✗", "bold red"), CURRENT: ("▶", "bold yellow"),
          TODO: ("·", "dim")}


def step_prompt(number: int, title: str, state: str) -> Text:
    mark, style = _MARKS[state]
    text = Text()
    text.append(f"{mark} ", style=style)
    text.append(f"{number}. ", style="dim")
    text.append(title, style="dim" if state == TODO else "")
    return text


class LabStepList(OptionList):
    """Highlighting a step shows it; the screen owns which step is current."""

    def show(self, titles: list[str], states: list[str], selected: int) -> None:
        prompts = [step_prompt(i + 1, t, s) for i, (t, s) in enumerate(zip(titles, states,
                                                                          strict=True))]
        if self.option_count != len(prompts):
            self.set_options(Option(p, id=f"step-{i}") for i, p in enumerate(prompts))
        else:
            for i, prompt in enumerate(prompts):
                self.replace_option_prompt_at_index(i, prompt)
        if self.highlighted != selected:
            self.highlighted = selected
