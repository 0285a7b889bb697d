"""Concurrent writes against a real database: every row kept, positions unique, 409 not 500.

These run only on PostgreSQL: SQLite allows a single writer per database, so parallel
requests there serialise on its file lock (or fail with "database is locked") and prove
nothing about row locks.
"""

import datetime
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from portfolio.models import CaseStudy
from tests.factories import PortfolioFactory, StoryFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite has one writer per database file: parallel requests cannot race there.",
    ),
]


def _in_parallel(count: int, request) -> list:
    """Run request(i) in `count` threads released together; each thread its own connection."""
    barrier = threading.Barrier(count)

    def run(index: int):
        try:
            barrier.wait(timeout=30)
            return request(index)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_finding2_twenty_parallel_metric_posts_keep_twenty_rows():
    user = UserFactory()
    story = StoryFactory(owner=user)
    url = reverse("api:story-metric-list", args=[story.pk])

    def post(index: int) -> int:
        body = {"label": f"Metric {index}", "before_value": "1", "after_value": str(index)}
        return _client(user).post(url, body, format="json").status_code

    answers = _in_parallel(20, post)

    assert answers == [201] * 20
    labels = sorted(story.metrics.values_list("label", flat=True))
    assert labels == sorted(f"Metric {index}" for index in range(20))
    assert sorted(story.metrics.values_list("position", flat=True)) == list(range(20))


def test_finding8_parallel_case_study_creates_never_share_a_position():
    user = UserFactory()
    PortfolioFactory(owner=user)
    url = reverse("api:portfolio-case-study-list")

    def post(index: int) -> int:
        body = {"title": f"Case {index}", "kind": "migration"}
        return _client(user).post(url, body, format="json").status_code

    answers = _in_parallel(10, post)

    assert answers == [201] * 10
    positions = list(CaseStudy.objects.values_list("position", flat=True))
    assert sorted(positions) == list(range(10))


def test_finding8_parallel_plan_creates_answer_one_201_and_409s():
    user = UserFactory()
    body = {
        "level": "L6",
        "start_date": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
        "hours_per_week": 10,
    }

    def post(index: int) -> int:
        return _client(user).post(reverse("api:plan"), body, format="json").status_code

    answers = Counter(_in_parallel(10, post))

    assert answers == {201: 1, 409: 9}
