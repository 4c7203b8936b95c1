"""SQS test fixtures (the app, the fake clock and waiting live in tests/ui/helpers.py)."""

from __future__ import annotations

import pytest

from playground.aws.sqs.service import SqsService
from tests.ui.helpers import FakeClock


@pytest.fixture
def svc(target: object) -> SqsService:
    return SqsService(target)  # type: ignore[arg-type]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
