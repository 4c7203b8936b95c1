"""Home lists each lab with where the learner got to on this target."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import OptionList

from playground.lab.catalog import load_catalog
from playground.lab.progress import ProgressStore, progress_key
from playground.ui.lab.screen import LabScreen
from playground.ui.shell.home import HomeScreen, progress_text
from tests.ui.helpers import make_app, wait_for


def shown(app: Any, lab_id: str) -> str:
    labs = app.screen.query_one("#labs", OptionList)
    option = labs.get_option(f"lab:{lab_id}")
    return str(option.prompt)


async def test_home_shows_where_the_learner_got_to_on_this_target(target) -> None:
    catalog = {lab.id: lab for lab in load_catalog().labs}
    fanout, first = catalog["sns-fanout"], catalog["sqs-first-queue"]
    store, key = ProgressStore(), progress_key(target)
    store.mark_passed(key, fanout.id, fanout.steps[0].id)
    for step in first.steps:
        store.mark_passed(key, first.id, step.id)
    store.mark_passed("aws:111111111111", "sqs-visibility-timeout", "x")  # another target's

    app = make_app(target)
    async with app.run_test(size=(120, 40)) as pilot:
        # The list shows before the target is ready (no progress in it yet), then again with
        # this target's progress: wait for that one.
        await wait_for(pilot, lambda: app.screen.query_one("#labs", OptionList).option_count
                       and shown(app, first.id).endswith("✓ done"), what="the labs' progress")
        assert shown(app, fanout.id).endswith(f"step 2 of {len(fanout.steps)}")
        assert shown(app, first.id).endswith("✓ done")
        assert shown(app, "sqs-visibility-timeout").endswith("· not started")

        app.open_lab("sqs-visibility-timeout")
        await wait_for(pilot, lambda: isinstance(app.screen, LabScreen) and app.screen.reports,
                       what="the lab checked")
        store.clear(key, first.id)  # reset elsewhere (the CLI, another window) meanwhile
        app.pop_screen()
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen)
                       and shown(app, first.id).endswith("· not started"), what="home again")


@given(st.lists(st.sampled_from("abcde"), min_size=1, max_size=5, unique=True),
       st.lists(st.sampled_from("abcdefg"), max_size=7))
def test_progress_text_names_the_first_step_not_passed(steps: list[str], passed: list[str]) -> None:
    text = progress_text(steps, passed)
    missing = [n for n, step in enumerate(steps, start=1) if step not in passed]
    if not set(passed) & set(steps):
        assert text == "not started"
    elif not missing:
        assert text == "done"
    else:
        assert text == f"step {missing[0]} of {len(steps)}"
