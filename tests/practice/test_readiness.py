"""Finished practice sessions show on the readiness page and in its API, beside the
self-assessment."""

import pytest
from django.urls import reverse

from practice import services
from tests.practice.conftest import design_scores, start_session

pytestmark = pytest.mark.django_db


def _score_two_design_sessions(user, item, capture_on_commit):
    # As requests would: the cached scores are dropped when each finish commits.
    with capture_on_commit(execute=True):
        for value in (2, 3):  # 33 % and 67 %
            services.session_finish(
                session=start_session(user, item),
                duration_seconds=2700,
                rubric_scores=design_scores(value),
            )


def test_readiness_page_shows_practice_scores_by_area(
    user_client, user, plan, design_item, django_capture_on_commit_callbacks
):
    url = reverse("studyplan:readiness")
    before = user_client.get(url).content.decode()
    assert "From your practice sessions" in before and "not scored yet" in before
    _score_two_design_sessions(user, design_item, django_capture_on_commit_callbacks)
    section = user_client.get(url).content.decode().split('id="readiness-practice"')[1]
    section = section.split("</section>")[0]
    assert "<strong>Design</strong>: 50 % over 2 sessions" in section
    assert "<strong>Coding</strong>: not scored yet" in section


def test_readiness_api_has_the_practice_scores(
    user_api_client, user, plan, design_item, django_capture_on_commit_callbacks
):
    _score_two_design_sessions(user, design_item, django_capture_on_commit_callbacks)
    body = user_api_client.get("/api/plan/readiness/").json()
    assert body["practice_scores"] == [
        {"area": "design", "sessions": 2, "average": 50},
        {"area": "coding", "sessions": 0, "average": None},
        {"area": "behavioural", "sessions": 0, "average": None},
    ]
    schema = user_api_client.get("/api/schema/", {"format": "json"}).json()
    fields = schema["components"]["schemas"]["ReadinessBreakdown"]["properties"]
    assert "practice_scores" in fields
    assert "not part of its score" in fields["practice_scores"]["description"]
