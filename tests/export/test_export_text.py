"""Whatever text a target holds (a rule's description, a definition's Comment, an input
template, a tag, a note on what was not exported), the script stays Python that compiles and
keeps it, and the template reads back the same in YAML and JSON: nothing in the data is code."""

from __future__ import annotations

import ast
import json

from hypothesis import given
from hypothesis import strategies as st

from playground.export.cloudformation import problems, render, template
from playground.export.collect import Export, Queue, Ref, Rule, RuleTarget, StateMachine, as_utf8
from playground.export.script import render as render_script
from playground.safe_yaml import parse_yaml

TEXT = st.text(max_size=60)  # lone surrogates, control characters, quotes, `${...}`: all


def world(text: str) -> Export:
    ex = Export("us-east-1", "000000000000", "lab x", skipped=[f"odd {text}"])
    ex.queues.append(Queue("queue:InboxQueue", "inbox", {}, tags={"note": text}))
    definition = json.dumps({"Comment": text, "StartAt": "A", "States": {"A": {
        "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
        "Parameters": {"QueueUrl": "${InboxQueueUrl}", "MessageBody": text}, "End": True}}})
    ex.state_machines.append(StateMachine(
        "state machine:FlowStateMachine", "flow", "STANDARD", definition,
        {"InboxQueueUrl": ("queue:InboxQueue", "url")}, "arn:aws:iam::000000000000:role/r",
        [("sqs:SendMessage", "queue:InboxQueue")]))
    ex.rules.append(Rule("rule:PlacedRule", "placed", None, {"source": [text]}, None,
                         "ENABLED", text, [RuleTarget(
                             "t", Ref("queue:InboxQueue", ""), input_transformer={
                                 "InputPathsMap": {"v": "$.detail"},
                                 "InputTemplate": text})]))
    return ex


@given(TEXT)
def test_any_text_stays_data(text: str) -> None:
    ex = world(text)
    script = render_script(ex)
    tree = ast.parse(script)  # compiles: no text broke out of its string literal
    literals = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    assert text in literals or text == ""
    assert all(line.startswith("#") for line in script.split("\n")[:3])
    body = template(ex)
    assert problems(body) == []
    assert parse_yaml(render(ex, "yaml")).data == json.loads(render(ex, "json")) == body
    # As the command writes them (UTF-8), they still read back the same.
    written = as_utf8(render(ex, "yaml")), as_utf8(render(ex, "json"))
    assert parse_yaml(written[0]).data == json.loads(written[1]) == body
    ast.parse(as_utf8(script))
    assert body["Resources"]["PlacedRule"]["Properties"].get("Description", "") == text
