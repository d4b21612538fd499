"""Fixtures of the aligner's tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def news_documents(shared_data):
    from tests.support.news_documents import news_sets

    return news_sets(shared_data, variants=1)
