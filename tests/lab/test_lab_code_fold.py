"""Lab code at 80x24 (#13): a shell line longer than the instructions pane is folded with a
trailing ` \\` at a word boundary instead of being cut at the right edge, so what is on screen
is the whole command and still runs when copied (bash joins a backslash-newline back)."""

from __future__ import annotations

from typing import Any

from textual.widgets import Label

from playground.ui.common.markdown import ShellFence
from playground.ui.common.shell_wrap import fold_shell, unfold
from playground.ui.lab.screen import LabScreen
from tests.ui.helpers import make_app, wait_for

LONG = ('aws --endpoint-url http://127.0.0.1:45678 sqs send-message --queue-url "$QUEUE_URL" '
        "--message-body '{\"order\": 1, \"item\": \"a very long book title\"}' --delay-seconds 5")


def commands(code: str) -> str:
    return unfold("\n".join(line for line in code.split("\n")
                            if not line.lstrip().startswith("#")))


def test_a_long_command_folds_at_words_and_joins_back() -> None:
    folded = fold_shell(LONG, 40)
    lines = folded.split("\n")
    assert lines == [
        "aws --endpoint-url \\",
        "  http://127.0.0.1:45678 sqs \\",
        "  send-message \\",
        '  --queue-url "$QUEUE_URL" \\',
        "  --message-body \\",
        "  '{\"order\": 1, \"item\": \"a very long book title\"}' \\",
        "  --delay-seconds 5",
    ]
    assert unfold(folded) == LONG
    # only the quoted JSON, one word that cannot be cut, is wider than 40
    assert [line for line in lines if len(line) > 40] == [lines[5]]


def test_quotes_heredocs_and_short_lines_stay_as_they_are() -> None:
    code = ("echo short\n"
            "cat > /tmp/x <<'EOF'\n" + "data " * 20 + "\nEOF\n"
            "aws sqs x --body '{\n  \"a\": \"" + "b " * 40 + "\"\n}'")
    folded = fold_shell(code, 40)
    assert folded == code  # nothing there may take a backslash
    comment = "# " + "word " * 20
    assert all(len(line) <= 40 and line.startswith("# ")
               for line in fold_shell(comment, 40).split("\n"))


async def test_at_80x24_no_code_line_passes_the_pane_and_each_command_is_whole(
        target: Any) -> None:
    app = make_app(target)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lab("sqs-dead-letter-queue")
        await wait_for(pilot, lambda: isinstance(app.screen, LabScreen) and app.screen.reports,
                       what="the lab")
        screen: LabScreen = app.screen
        assert screen.lab is not None
        folded = 0
        for index in range(len(screen.lab.steps)):
            screen._select(index)
            await wait_for(pilot, lambda: bool(screen.query("#lab-instructions ShellFence")),
                           what=f"step {index + 1}'s code")
            await pilot.pause()
            for fence in screen.query("#lab-instructions ShellFence"):
                assert isinstance(fence, ShellFence)
                label = fence.query_one(Label)
                await wait_for(pilot, lambda f=fence: f._folded_for == f._room(), what="folding")
                drawn = str(label.render())
                room = label.content_region.width
                too_wide = [line for line in drawn.split("\n") if len(line.rstrip()) > room]
                assert too_wide == [], f"step {index + 1}: wider than {room}"
                assert commands(drawn) == commands(fence.code)
                folded += drawn != fence.code
        assert folded  # the lab's long aws lines were folded, not only short ones drawn
