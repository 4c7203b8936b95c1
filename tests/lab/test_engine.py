"""The lab engine's parts: variables, progress, quiet checks, tags, registry, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from playground.lab.catalog import UnknownLab, load_catalog
from playground.lab.cleanup import is_ours
from playground.lab.context import expand, find_unknown_variables
from playground.lab.engine import LabSession, aws_setup, describe_action
from playground.lab.model import ActionSpec, CheckSpec
from playground.lab.progress import ProgressStore
from playground.lab.registry import CHECKS, check, passed
from playground.targets import ReadOnlyViolation
from playground.targets.endpoint import EndpointTarget
from playground.targets.quiet import QuietTarget
from tests.lab.conftest import shipped_labs


def test_expand_fills_known_variables_and_leaves_json_alone() -> None:
    text = 'aws sqs create-queue --queue-name {prefix}orders --attributes {"a": 1} {other}'
    assert expand(text, {"prefix": "pg-x-"}) == (
        'aws sqs create-queue --queue-name pg-x-orders --attributes {"a": 1} {other}')
    assert expand({"q": ["{prefix}a", 3]}, {"prefix": "p-"}) == {"q": ["p-a", 3]}
    assert find_unknown_variables({"a": "{prefix}{typo}", "b": ['{"json": 1}']}) == ["typo"]


def test_names_use_the_configured_prefix_and_the_lab_part(target) -> None:
    lab = shipped_labs()[0]
    session = LabSession(lab, target, resource_prefix="team1-")
    assert session.variables["prefix"] == f"team1-{lab.prefix}-"
    assert session.variables["aws"] == f"aws --endpoint-url {target.endpoint_url}"
    assert "AWS_ACCESS_KEY_ID=test" in session.variables["aws_setup"]


def test_aws_setup_on_a_real_account_names_the_profile_not_keys(target) -> None:
    class Profiled(EndpointTarget):
        @property
        def profile(self) -> str | None:
            return "prod"

    other = Profiled(target.endpoint_url, region="eu-west-1")
    assert aws_setup(other) == "export AWS_PROFILE=prod AWS_DEFAULT_REGION=eu-west-1"


def test_describe_action_shows_what_do_it_for_me_will_do() -> None:
    spec = ActionSpec.model_validate({"action": "set_queue_attributes", "queue": "{prefix}q",
                                      "attributes": {"ReceiveMessageWaitTimeSeconds": 20}})
    assert describe_action(spec, {"prefix": "pg-a-"}) == (
        'set_queue_attributes queue=pg-a-q attributes={"ReceiveMessageWaitTimeSeconds":20}')
    many = ActionSpec.model_validate({"action": "send_message", "queue": "q",
                                      "bodies": ["a", "b", "c"]})
    assert describe_action(many, {}) == "send_message queue=q bodies=[3 items]"


def test_an_action_entry_names_exactly_one_kind() -> None:
    with pytest.raises(ValueError, match="exactly one of"):
        ActionSpec.model_validate({"action": "create_queue", "python": "f"})


def test_progress_is_kept_per_lab_and_per_target(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.json")
    store.mark_passed("embedded:000000000000", "a", "one")
    store.mark_passed("embedded:000000000000", "a", "one")
    store.mark_passed("aws:123456789012", "a", "two")
    assert store.passed("embedded:000000000000", "a") == ["one"]
    assert store.all_passed("aws:123456789012") == {"a": ["two"]}
    store.clear("embedded:000000000000", "a")
    assert store.passed("embedded:000000000000", "a") == []
    assert json.loads((tmp_path / "p.json").read_text())["version"] == 1


def test_a_broken_progress_file_counts_as_no_progress(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text("{not json")
    store = ProgressStore(path)
    assert store.passed("k", "a") == []
    store.mark_passed("k", "a", "one")
    assert store.passed("k", "a") == ["one"]


@pytest.mark.parametrize("content", [
    '{"progress": {"k": ["a"]}}', '{"progress": {"k": {"a": 5}}}',
    '{"progress": {"k": {"a": {"passed": "one"}}}}', '{"progress": {"k": {"a": {"passed": [1]}}}}',
    "[" * 100_000 + "]" * 100_000, '"progress"'])
def test_a_progress_file_of_the_wrong_shape_counts_as_no_progress(tmp_path: Path,
                                                                   content: str) -> None:
    path = tmp_path / "p.json"
    path.write_text(content)
    store = ProgressStore(path)
    assert store.passed("k", "a") == [] and store.all_passed("k") in ({}, {"a": []})
    store.mark_passed("k", "a", "one")
    assert store.passed("k", "a") == ["one"]


def test_progress_lives_in_the_data_dir(target) -> None:
    from playground.locations import data_dir

    lab = shipped_labs()[0]
    session = LabSession(lab, target)
    session.solve_through(0)
    saved = json.loads((data_dir() / "lab-progress.json").read_text())
    assert saved["progress"]["embedded:000000000000"][lab.id]["passed"] == [lab.steps[0].id]


def test_checks_cannot_write(target) -> None:
    quiet = QuietTarget(target)
    with pytest.raises(ReadOnlyViolation):
        quiet.client("sqs").create_queue(QueueName="pg-nope")
    assert quiet.info() == target.info()
    assert target.recorder.records == []


def test_is_ours_wants_this_labs_tag_or_the_managed_tag() -> None:
    assert is_ours({"playground:lab": "x", "playground:managed": "true"}, "x")
    assert is_ours({"playground:managed": "true"}, "x")
    assert not is_ours({"playground:lab": "y", "playground:managed": "true"}, "x")
    assert not is_ours({}, "x")


def test_a_check_that_raises_becomes_a_failed_check_with_one_line(target) -> None:
    @check("always_explodes_for_tests")
    def explodes(ctx: object) -> None:
        raise RuntimeError("boom")

    session = LabSession(shipped_labs()[0], target)
    result = session._run_check(CheckSpec.model_validate({"kind": "always_explodes_for_tests"}))
    assert not result.passed and result.message == "could not check: boom"
    unknown = session._run_check(CheckSpec.model_validate({"kind": "nope"}))
    assert unknown.message == "unknown check kind 'nope'"
    bad = session._run_check(CheckSpec.model_validate({"kind": "queue_exists", "queue": 3}))
    assert bad.message.startswith("queue_exists: bad parameters")


def test_an_unreachable_target_fails_checks_with_a_reason(target) -> None:
    down = EndpointTarget("http://127.0.0.1:9")
    down.account_id = "000000000000"
    session = LabSession(shipped_labs()[0], down)
    report = session.check_step(0)
    assert not report.passed
    assert report.results[0].message.startswith("could not check: ")


def test_custom_checks_register_by_name_with_typed_parameters() -> None:
    @check("answer_is_for_tests")
    def answer(ctx: object, value: int, note: str = "") -> object:
        """The answer is what the step wants."""
        return passed(f"{value}{note}")

    entry = CHECKS["answer_is_for_tests"]
    assert entry.validate({"value": "42"}) == {"value": 42, "note": ""}
    assert entry.summary == "The answer is what the step wants."
    with pytest.raises(ValueError, match="registered twice"):
        check("answer_is_for_tests")(lambda ctx: None)


def test_unknown_lab_is_one_line() -> None:
    with pytest.raises(UnknownLab, match=r"^unknown lab 'x' \(labs: .*sqs-first-queue"):
        load_catalog().get("x")
