"""Fixtures of the report tests: the sample review written once per module."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtreview.report import write_reports
from tests.support.sample_review import make_review


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, Path]:
    return write_reports(make_review(), tmp_path_factory.mktemp("run") / "out")
