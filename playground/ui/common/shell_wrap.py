"""Long shell lines folded with a trailing ` \\` at word boundaries, so a command shown in a
narrow pane still runs when copied: bash joins a backslash-newline back into one line. Quoted
words, lines inside a quote or a heredoc, and comments keep their meaning (a comment is folded
into more comment lines). Plain text in, plain text out: no Textual here."""

from __future__ import annotations

import re
import textwrap

from rich.cells import cell_len

CONTINUATION = " \\"
INDENT = "  "
"""Continuation lines sit two columns in from the line they continue."""
_HEREDOC = re.compile(r"<<-?\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\1")


def words(line: str) -> tuple[list[str], list[str], str | None]:
    """The line's words and the spaces after each, and the quote still open at its end (None:
    none). A quoted stretch, spaces and all, is part of one word."""
    found: list[str] = []
    gaps: list[str] = []
    word, gap, quote, escaped = "", "", None, False
    for ch in line:
        if gap and (quote is not None or not ch.isspace()):
            found.append(word)
            gaps.append(gap)
            word, gap = "", ""
        if escaped:
            word += ch
            escaped = False
        elif quote is not None:
            word += ch
            if ch == quote:
                quote = None
            elif ch == "\\" and quote == '"':
                escaped = True
        elif ch.isspace():
            gap += ch
        else:
            word += ch
            if ch in "'\"":
                quote = ch
            elif ch == "\\":
                escaped = True
    found.append(word)
    gaps.append(gap)
    return found, gaps, quote


def fold_command(line: str, width: int) -> list[str]:
    """One shell line in lines of at most `width` columns where its words allow; an option
    (`--queue-url`) goes down with its value rather than end a line."""
    stripped = line.lstrip()
    indent = line[: len(line) - len(stripped)]
    parts, gaps, _ = words(stripped)
    lines: list[str] = []
    current = [indent + parts[0]]  # the words of the line being built, each with its gap before
    room_after = width - cell_len(CONTINUATION)
    for i in range(1, len(parts)):
        last = i == len(parts) - 1
        candidate = "".join(current) + gaps[i - 1] + parts[i]
        if cell_len(candidate) <= (width if last else room_after):
            current.append(gaps[i - 1] + parts[i])
            continue
        carried: list[str] = []
        if len(current) > 1 and parts[i - 1].startswith("-") and \
                cell_len(indent + INDENT + parts[i - 1] + " " + parts[i]) <= room_after:
            carried = [current.pop().lstrip()]
        lines.append("".join(current) + CONTINUATION)
        current = [indent + INDENT + (carried[0] + gaps[i - 1] if carried else "") + parts[i]]
    lines.append("".join(current) + gaps[-1])
    return lines


def fold_comment(line: str, width: int) -> list[str]:
    stripped = line.lstrip()
    indent = line[: len(line) - len(stripped)]
    text = stripped.lstrip("#").strip()
    prefix = indent + stripped[: len(stripped) - len(stripped.lstrip("#"))] + " "
    return textwrap.wrap(text, width=max(width, cell_len(prefix) + 10), initial_indent=prefix,
                         subsequent_indent=prefix, break_long_words=False,
                         break_on_hyphens=False) or [line]


def fold_shell(code: str, width: int) -> str:
    """Every line of `code` longer than `width` folded; the rest as it was."""
    out: list[str] = []
    quote: str | None = None
    heredoc: str | None = None
    for line in code.split("\n"):
        if heredoc is not None:  # a heredoc's body is data: as it was
            out.append(line)
            if line.strip() == heredoc:
                heredoc = None
            continue
        if quote is not None:  # inside a quote that opened on an earlier line: as it was
            out.append(line)
            if quote in line:
                quote = words(line[line.find(quote) + 1:])[2]
            continue
        _, _, quote = words(line)
        match = _HEREDOC.search(line)
        if match:
            heredoc = match.group(2)
        if cell_len(line) <= width or quote is not None:
            out.append(line)
        elif line.lstrip().startswith("#"):
            out.extend(fold_comment(line, width))
        else:
            out.extend(fold_command(line, width))
    return "\n".join(out)


def unfold(code: str) -> str:
    """The lines as bash reads them: each backslash-newline and the indent after it joined."""
    return re.sub(r"[ \t]*\\\n[ \t]*", " ", code)
