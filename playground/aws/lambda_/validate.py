"""Local checks of Lambda input, limits from the botocore model boto3 ships
(`botocore/data/lambda/2015-03-31/service-2.json`).

CreateFunction's FunctionName doc: "If you specify only the function name, it is limited to 64
characters in length", letters, digits, hyphens and underscores (the shape's pattern). Invoke's
docs: "For synchronous invocations, the maximum payload size is 6 MB". Timeout: 1..900 s for
functions ("the maximum allowed value is 900 seconds", CreateFunctionRequest.Timeout); MemorySize
128..32768 (shape). Event source mappings (CreateEventSourceMappingRequest): BatchSize 1..10,000
(SQS FIFO at most 10), MaximumBatchingWindowInSeconds 0..300, and "when you set BatchSize to a
value greater than 10, you must set MaximumBatchingWindowInSeconds to at least 1".
"""

from __future__ import annotations

import ast
import re
from typing import Any

from playground.aws.validation import Issue, warning
from playground.patterns.json_input import parse_json

NAME_MAX = 64
NAME_PATTERN = re.compile(r"[a-zA-Z0-9_-]+")
PAYLOAD_MAX_BYTES = 6 * 1024 * 1024
"""Invoke: "For synchronous invocations, the maximum payload size is 6 MB"."""
TIMEOUT_MAX = 900
MEMORY_MIN, MEMORY_MAX = 128, 32768
BATCH_MAX = 10_000
FIFO_BATCH_MAX = 10
WINDOW_MAX = 300
SOURCE_MAX_BYTES = 50 * 1024 * 1024
"""CreateFunction takes a zip of at most 50 MB (Lambda quotas page); the editor's text far less."""


def function_name(name: str) -> list[Issue]:
    if not name:
        return [Issue("function name", "required")]
    if len(name) > NAME_MAX:
        return [Issue("function name", f"at most {NAME_MAX} characters (got {len(name):,})")]
    if not NAME_PATTERN.fullmatch(name):
        return [Issue("function name", "only letters, digits, hyphens (-) and underscores (_)")]
    return []


def payload(text: str) -> tuple[Any, list[Issue]]:
    """The payload as JSON (None when it is not), and what is wrong with it. An empty payload is
    `{}`: the CLI sends no payload as an empty object too."""
    if not text.strip():
        return {}, []
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:
        return None, [Issue("payload", "holds a lone surrogate (\\ud800-\\udfff), which is not "
                            "text UTF-8 can carry; write it as a JSON escape inside a string")]
    if size > PAYLOAD_MAX_BYTES:
        return None, [Issue("payload", f"{size:,} bytes: a synchronous invocation takes at most "
                            f"{PAYLOAD_MAX_BYTES:,} (6 MB, Invoke docs)")]
    try:
        value = parse_json(text)
    except ValueError as exc:
        return None, [Issue("payload", f"not JSON: {exc}")]
    return value, []


def python_source(source: str, filename: str = "index.py") -> list[Issue]:
    """A Python handler's syntax, checked here before it is deployed: the error and its line,
    as the function would report it when Lambda imports it."""
    try:
        source.encode("utf-8")
    except UnicodeEncodeError:
        return [Issue("handler", "holds a lone surrogate, which a .py file cannot")]
    if len(source) > SOURCE_MAX_BYTES:
        return [Issue("handler", "larger than the 50 MB a deployment package may be")]
    try:
        tree = ast.parse(source, filename)
    except SyntaxError as exc:
        where = f"{filename} line {exc.lineno}" + (f", column {exc.offset}" if exc.offset else "")
        return [Issue(where, f"SyntaxError: {exc.msg}")]
    except (ValueError, RecursionError, MemoryError) as exc:
        return [Issue("handler", f"cannot be read as Python: {exc}")]
    names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
    if "handler" not in names:
        return [warning("handler", f"{filename} defines no function `handler`: Lambda calls "
                        "index.handler, so every invocation would fail")]
    return []


def timeout(seconds: int) -> list[Issue]:
    if not 1 <= seconds <= TIMEOUT_MAX:
        return [Issue("timeout", f"1 to {TIMEOUT_MAX} seconds")]
    return []


def mapping(batch_size: int, window: int, *, fifo: bool = False) -> list[Issue]:
    """A mapping's batch size and batching window, as CreateEventSourceMapping checks them."""
    most = FIFO_BATCH_MAX if fifo else BATCH_MAX
    if not 1 <= batch_size <= most:
        return [Issue("batch size", f"1 to {most:,}" + (" for a FIFO queue" if fifo else ""))]
    if not 0 <= window <= WINDOW_MAX:
        return [Issue("batching window", f"0 to {WINDOW_MAX} seconds")]
    if batch_size > 10 and window < 1:
        return [Issue("batching window", "at least 1 second when the batch size is over 10 "
                      "(CreateEventSourceMapping docs)")]
    return []
