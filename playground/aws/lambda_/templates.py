"""Handler templates a function starts from: Python (every target with Lambda), Node (where the
target runs it). Each one prints the event it got as its first log line (`event: {...}`), which
is how the invocation tail shows what each invocation received."""

from __future__ import annotations

from dataclasses import dataclass

PYTHON = "python3.12"
NODE = "nodejs20.x"
EVENT_PREFIX = "event: "
"""The first line each template logs; `LambdaService.recent_invocations` reads the event back
from it."""


@dataclass(frozen=True)
class Template:
    key: str
    title: str
    runtime: str
    source: str
    description: str

    @property
    def filename(self) -> str:
        """The file in the zip: `index.py` or `index.js` (the handler is `index.handler`)."""
        return "index.js" if self.runtime.startswith("nodejs") else "index.py"

    @property
    def handler(self) -> str:
        return "index.handler"


ECHO = '''import json


def handler(event, context):
    print("event: " + json.dumps(event))
    return {"echo": event}
'''

SQS_CONSUMER = '''import json


def handler(event, context):
    """An SQS batch: report the messages that failed (ReportBatchItemFailures) so only they
    come back; the rest are deleted from the queue."""
    print("event: " + json.dumps(event))
    failures = []
    for record in event.get("Records", []):
        try:
            body = json.loads(record["body"])
            if isinstance(body, dict) and body.get("fail"):
                raise ValueError("asked to fail")
            print("processed " + record["messageId"])
        except Exception as exc:
            print("failed " + record["messageId"] + ": " + str(exc))
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
'''

FLAKY = '''import json
import random


class TransientError(Exception):
    pass


def handler(event, context):
    """Fails about half the time (or as the event says: {"fail": true}), to show retries."""
    print("event: " + json.dumps(event))
    if event.get("fail") or (event.get("fail") is None and random.random() < 0.5):
        raise TransientError("flaky: try again")
    return {"ok": True, "input": event}
'''

KINESIS_CONSUMER = '''import base64
import json


def handler(event, context):
    """A Kinesis batch: raises on a record whose data contains "poison", so the whole batch
    fails (with BisectBatchOnFunctionError the mapping splits it to find that record)."""
    print("event: " + json.dumps(event))
    for record in event.get("Records", []):
        data = base64.b64decode(record["kinesis"]["data"]).decode("utf-8", "replace")
        print("record " + record["kinesis"]["sequenceNumber"] + " " + data)
        if "poison" in data:
            raise ValueError("poison record " + record["kinesis"]["sequenceNumber"])
    return {"records": len(event.get("Records", []))}
'''

NODE_ECHO = '''exports.handler = async (event) => {
  console.log("event: " + JSON.stringify(event));
  return { echo: event };
};
'''

TEMPLATES: dict[str, Template] = {t.key: t for t in (
    Template("echo", "Echo (Python)", PYTHON, ECHO, "returns the event it got"),
    Template("sqs-consumer", "SQS consumer (Python)", PYTHON, SQS_CONSUMER,
             "reports failed messages as batchItemFailures (partial batch response)"),
    Template("flaky", "Flaky (Python)", PYTHON, FLAKY,
             "raises TransientError about half the time, or when the event has \"fail\": true"),
    Template("kinesis-consumer", "Kinesis consumer (Python)", PYTHON, KINESIS_CONSUMER,
             "fails the batch on a record containing \"poison\""),
    Template("node-echo", "Echo (Node.js)", NODE, NODE_ECHO,
             "returns the event it got; only where the target runs Node.js"),
)}


def templates(node: bool = True) -> list[Template]:
    """The templates to offer: without Node.js ones where the target cannot run them."""
    return [t for t in TEMPLATES.values() if node or not t.runtime.startswith("nodejs")]


def filename_for(runtime: str) -> str:
    return "index.js" if runtime.startswith("nodejs") else "index.py"
