"""The palette's "tear down what the playground made…": the headless teardown of the current
region, its plan shown in a dialog (plain text: names come from the account) and the deletes run
in a thread once confirmed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from playground.ui.common.dialogs import ConfirmDialog
from playground.ui.common.messages import TargetChanged

if TYPE_CHECKING:
    from textual.app import App

    from playground.aws.teardown import TeardownPlan, TeardownReport
    from playground.targets import Target

COMMAND = "target: tear down what the playground made…"
SHOWN_ROWS = 12
"""Rows the dialog lists before `… and N more`: it must leave its buttons on screen."""


def tear_down(app: App[Any], target: Target) -> None:
    """Look (in a thread), then ask."""

    def look() -> None:
        from playground.aws.teardown import plan_teardown

        plan = plan_teardown(target)
        app.call_from_thread(_ask, app, target, plan)

    app.run_worker(look, thread=True, exit_on_error=False, group="teardown",
                   description="teardown: look")


def _ask(app: App[Any], target: Target, plan: TeardownPlan) -> None:
    from playground.aws.teardown import plan_rows, summary

    where = f"{target.label}, region {target.region}"
    unseen = "".join(f"\n{u.describe()}" for u in plan.unseen)
    if not plan.resources:
        app.notify(f"Nothing the playground made is on {where}.{unseen}", title="teardown",
                   severity="warning" if unseen else "information", markup=False)
        return
    rows = plan_rows(plan.resources, plan.made, region=False)
    more = len(rows) - SHOWN_ROWS
    listed = "\n".join(rows[:SHOWN_ROWS]) + (
        f"\n… and {more} more (`playground teardown --dry-run` lists them all)" if more > 0 else "")
    account = f" (account {target.account_id})" if target.is_real else ""
    body = (f"On {where}{account}, the playground's tag is on {summary(plan.resources)}:\n\n"
            f"{listed}\n\nNothing without the tag is touched. Other regions: "
            f"`playground teardown --all-regions`."
            + (f"\n\nCould not look at:{unseen}" if unseen else "")
            + ("\n\nRead-only mode is on: nothing can be deleted." if target.read_only else ""))

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        if target.read_only:
            app.notify("Read-only mode is on: nothing was deleted.", title="read-only",
                       severity="warning", markup=False)
            return
        app.run_worker(lambda: _delete(app, target, plan), thread=True, exit_on_error=False,
                       group="teardown", description="teardown: delete")

    app.push_screen(ConfirmDialog(f"Delete {len(plan.resources)} resources the playground made?",
                                  body, "Delete them"), answered)


def _delete(app: App[Any], target: Target, plan: TeardownPlan) -> None:
    from playground.aws.teardown import run_teardown

    confirmed = target.writes_confirmed
    plan.allow_writes()  # the dialog's answer confirms these writes, not the session's
    try:
        report = run_teardown(plan)
    finally:
        target.writes_confirmed = confirmed
    app.call_from_thread(_done, app, report)


def _done(app: App[Any], report: TeardownReport) -> None:
    from playground.aws.teardown import printable, summary

    lines = [f"Deleted {summary(report.deleted)}."] if report.deleted else ["Nothing was deleted."]
    lines += [f"{r.kind} {printable(r.name)}: {printable(message)}" for r, message in report.failed]
    if report.stopped:
        lines.append(report.stopped)
    if report.remaining:
        lines.append(f"Still there: {summary(report.remaining)}.")
    app.notify("\n".join(lines), title="teardown", markup=False, timeout=10,
               severity="information" if report.complete else "warning")
    app.screen.post_message(TargetChanged())
