"""A session recorded by driving the app with keys replays to the same final state."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import events

from playground import __version__
from playground.recording import (
    CallEvent,
    KeyEvent,
    PasteEvent,
    RecordingWriter,
    ScreenEvent,
    load_recording,
)
from playground.recording.resources import first_missing
from playground.targets.embedded import EmbeddedTarget
from playground.ui.shell.recording import RecordingApp, ReplayApp, screen_event
from tests.ui.helpers import QUIET, idle, wait_for

SIZE = (120, 40)


def final_state(target: Any) -> dict[str, Any]:
    """What a learner would check after the session: queues with their settings and messages,
    topics."""
    sqs, sns = target.client("sqs"), target.client("sns")
    queues = {}
    for url in sqs.list_queues().get("QueueUrls", []):
        attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        kept = {k: v for k, v in attrs.items()
                if k not in ("CreatedTimestamp", "LastModifiedTimestamp")}
        bodies = sorted(m["Body"] for m in sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0).get("Messages", []))
        queues[url.rsplit("/", 1)[-1]] = {"attributes": kept, "bodies": bodies}
    topics = sorted(t["TopicArn"].rsplit(":", 1)[-1] for t in sns.list_topics()["Topics"])
    return {"queues": queues, "topics": topics}


async def type_text(pilot: Any, text: str) -> None:
    for char in text:
        await pilot.press(char)


async def record_session(target: Any, path: Path) -> None:
    """Create a queue and send it a message in the SQS workbench, then create an SNS topic:
    keys only, as a speaker rehearsing would."""
    from playground.ui.sns.screen import SnsWorkbench
    from playground.ui.sqs.screen import SqsWorkbench
    from playground.ui.sqs.send_form import SendForm

    writer = RecordingWriter(path, app_version=__version__, size=SIZE, target="embedded")
    app = RecordingApp(settings=QUIET, target=target, writer=writer)
    async with app.run_test(size=SIZE) as pilot:
        await idle(pilot)
        await pilot.press("enter")  # SQS, the first workbench
        await wait_for(pilot, lambda: isinstance(app.screen, SqsWorkbench), what="SQS")
        sqs_screen = app.screen
        await idle(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "CreateQueueDialog")
        await type_text(pilot, "talk-orders")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is sqs_screen, what="queue created")
        await idle(pilot)
        form = sqs_screen.query_one(SendForm)
        await wait_for(pilot, lambda: form.queue is not None, what="the new queue selected")
        await pilot.press("s")  # the send form's body, holding its sample message
        await idle(pilot)
        await pilot.press("ctrl+s")
        await idle(pilot)
        await idle(pilot)
        await pilot.press("escape")  # out of the body
        await idle(pilot)
        await pilot.press("escape")  # back home
        await wait_for(pilot, lambda: type(app.screen).__name__ == "HomeScreen", what="home")
        await pilot.press("down", "enter")  # SNS
        await wait_for(pilot, lambda: isinstance(app.screen, SnsWorkbench), what="SNS")
        sns_screen = app.screen
        await idle(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "NewTopicDialog")
        app.post_message(events.Paste("talk-news"))  # as a terminal's bracketed paste arrives
        await idle(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is sns_screen, what="topic created")
        await idle(pilot)
        await pilot.press("q")  # the end of the rehearsal, not part of the show
    writer.close()


async def replay(recording: Any, target: Any) -> Any:
    app = ReplayApp(settings=QUIET, target=target, recording=recording, speed=None)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.result.done, timeout=60, what="replay done")
        await idle(pilot)
    return app.result


async def test_a_recorded_session_replays_to_the_same_state(target: Any, tmp_path: Path) -> None:
    path = tmp_path / "talk.jsonl"
    await record_session(target, path)
    recorded_state = final_state(target)
    assert recorded_state["queues"]["talk-orders"]["attributes"]["ApproximateNumberOfMessages"] \
        == "1" or recorded_state["queues"]["talk-orders"]["bodies"]
    assert "talk-news" in recorded_state["topics"]

    recording = load_recording(path, app_version=__version__)
    keys = [e.key for e in recording.events if isinstance(e, KeyEvent)]
    assert keys[:3] == ["enter", "n", "t"] and "ctrl+s" in keys and keys[-1] == "enter"
    assert {"SqsWorkbench", "CreateQueueDialog", "SnsWorkbench", "NewTopicDialog"} <= {
        e.screen for e in recording.events if isinstance(e, ScreenEvent)}
    assert [e.text for e in recording.events if isinstance(e, PasteEvent)] == ["talk-news"]
    assert first_missing(recording.calls) is None  # it makes all it uses: replayable
    operations = [c.operation for c in recording.events if isinstance(c, CallEvent)]
    assert {"CreateQueue", "SendMessage", "CreateTopic"} <= set(operations)

    fresh = EmbeddedTarget()
    fresh.start()
    try:
        assert final_state(fresh) == {"queues": {}, "topics": []}
        result = await replay(recording, fresh)
        assert result.differences == []
        assert result.fed == len(recording.inputs)
        assert final_state(fresh) == recorded_state
    finally:
        fresh.stop()


def test_a_lab_screen_is_named_with_its_lab() -> None:
    from playground.ui.lab.screen import LabScreen
    from playground.ui.sqs.screen import SqsWorkbench

    assert screen_event(LabScreen("sqs-first-queue")) == ("LabScreen", "sqs-first-queue")
    assert screen_event(SqsWorkbench()) == ("SqsWorkbench", None)


async def test_recording_says_so_and_warns_once_that_clicks_are_not_recorded(
        target: Any, tmp_path: Path) -> None:
    from tests.ui.helpers import Notices

    path = tmp_path / "talk.jsonl"
    writer = RecordingWriter(path, app_version=__version__, size=SIZE, target="embedded")
    notices = Notices()
    app = RecordingApp(settings=QUIET, target=target, writer=writer)
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        await idle(pilot)
        for _ in range(2):  # a click as the terminal reports it, to the app
            app.post_message(events.MouseDown(None, 5, 5, 0, 0, 1, False, False, False, 5, 5))
            await idle(pilot)
    writer.close()
    assert notices.titles.count("recording") == 2  # recording to FILE, then clicks: once
    assert any(m.startswith(f"Recording to {path}") for m in notices.messages)
    assert sum("Clicks are not recorded" in m for m in notices.messages) == 1
    assert load_recording(path).inputs == []  # the click is not in the file


async def test_a_lab_opened_by_keys_is_recorded_with_its_id_and_replayed(
        target: Any, tmp_path: Path) -> None:
    from playground.lab.catalog import load_catalog
    from playground.ui.lab.screen import LabScreen

    path = tmp_path / "lab.jsonl"
    writer = RecordingWriter(path, app_version=__version__, size=SIZE, target="embedded")
    app = RecordingApp(settings=QUIET, target=target, writer=writer)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.query_one("#labs").option_count > 0, what="labs")
        await pilot.press("tab", "enter")  # the lab list, its first lab
        await wait_for(pilot, lambda: isinstance(app.screen, LabScreen), what="lab screen")
        await idle(pilot)
        opened = app.screen.lab_id
    writer.close()
    labs = [lab.id for lab in load_catalog().labs]
    recording = load_recording(path, labs=labs, app_version=__version__)
    assert [(e.screen, e.lab) for e in recording.events if isinstance(e, ScreenEvent)] == [
        ("LabScreen", opened)]

    fresh = EmbeddedTarget()
    fresh.start()
    try:
        app = ReplayApp(settings=QUIET, target=fresh, recording=recording, speed=None)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: app.result.done, timeout=60, what="replay done")
            assert isinstance(app.screen, LabScreen) and app.screen.lab_id == opened
            assert app.result.differences == []
    finally:
        fresh.stop()
