import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.services import api_token_create
from studyplan import services
from studyplan.models import Activity, ActivityKind, MockInterview, Plan, WeeklyReview
from tests.studyplan.conftest import PLAN_START, TODAY, bulk_activities, week_of

pytestmark = pytest.mark.django_db

RATINGS = {
    "coding": 3,
    "system_design": 4,
    "cloud_services": 3,
    "distributed_systems": 2,
    "ai_ml": 1,
}


def test_onboarding_through_the_api_creates_the_plan(user_api_client, user, frozen_now):
    response = user_api_client.post(
        reverse("api:plan"),
        {
            "level": "L6",
            "start_date": "2026-11-02",
            "interview_date": "2027-02-01",
            "hours_per_week": 10,
            "timezone": "Europe/Paris",
        },
    )
    assert response.status_code == 201
    assert response.json()["weeks_total"] == 13
    user.refresh_from_db()
    assert user.timezone == "Europe/Paris"
    assert user_api_client.get(reverse("api:plan")).json()["level"] == "L6"


def test_an_interview_before_the_start_is_a_field_error(user_api_client, frozen_now):
    response = user_api_client.post(
        reverse("api:plan"),
        {
            "level": "L6",
            "start_date": "2026-11-02",
            "interview_date": "2026-10-01",
            "hours_per_week": 10,
        },
    )
    assert response.status_code == 400
    assert "after the start date" in response.json()["fields"]["interview_date"][0]
    assert not Plan.objects.exists()


def test_regenerating_through_the_api_keeps_activities(user_api_client, plan):
    services.activity_log(plan=plan, kind=ActivityKind.CODING, occurred_on=TODAY, title="Kept")
    response = user_api_client.put(
        reverse("api:plan"),
        {
            "level": "L7",
            "start_date": str(PLAN_START),
            "interview_date": None,
            "hours_per_week": 20,
        },
    )
    assert response.status_code == 200
    assert response.json()["level"] == "L7"
    assert Activity.objects.filter(title="Kept").exists()


def test_current_week_matches_the_week_page(user_api_client, user_client, plan):
    services.activity_log(
        plan=plan, kind=ActivityKind.CODING, occurred_on=TODAY, title="LRU", minutes=30
    )
    data = user_api_client.get(reverse("api:plan-current-week")).json()
    page = user_client.get(reverse("studyplan:week_current")).context["summary"]
    assert data["week"]["id"] == page.week.pk
    assert data["week"]["number"] == 3 and data["phase_name"] == "Fundamentals"
    goals = {goal["kind"]: (goal["achieved"], goal["target"]) for goal in data["goals"]}
    assert goals["coding"] == (1, 10)
    assert {item["area"]: item["spent_minutes"] for item in data["hours"]}["coding"] == 30
    assert data["activity_count"] == 1


def test_current_week_without_a_plan_is_404(user_api_client):
    assert user_api_client.get(reverse("api:plan-current-week")).status_code == 404


def test_activities_can_be_logged_filtered_updated_and_deleted(user_api_client, plan):
    url = reverse("api:plan-activity-list")
    created = user_api_client.post(
        url,
        {
            "kind": "coding",
            "occurred_on": str(TODAY),
            "title": "Two sum",
            "minutes": 20,
            "difficulty": "easy",
        },
    )
    assert created.status_code == 201, created.json()
    assert created.json()["area"] == "coding"
    last_week = week_of(plan, TODAY - dt.timedelta(weeks=1))
    user_api_client.post(
        url, {"kind": "system_design", "occurred_on": str(last_week.starts_on), "title": "Feed"}
    )
    this_week = week_of(plan, TODAY)
    assert [
        a["title"] for a in user_api_client.get(url, {"week": this_week.pk}).json()["results"]
    ] == ["Two sum"]
    in_range = user_api_client.get(url, {"date_before": str(last_week.ends_on)}).json()["results"]
    assert [a["title"] for a in in_range] == ["Feed"]
    detail = reverse("api:plan-activity-detail", args=[created.json()["id"]])
    assert user_api_client.patch(detail, {"minutes": 35}).json()["minutes"] == 35
    assert user_api_client.delete(detail).status_code == 204
    assert Activity.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"minutes": -1}, "minutes"),
        ({"minutes": 1441}, "minutes"),
        ({"occurred_on": "2026-10-30"}, "occurred_on"),
        ({"occurred_on": "2026-11-19"}, "occurred_on"),
        ({"kind": "mock_interview"}, "kind"),
        ({"kind": "study_session"}, "area"),
    ],
)
def test_bad_activity_input_is_a_clear_field_error(user_api_client, plan, changes, field):
    entry = {"kind": "coding", "occurred_on": str(TODAY), "title": "Two sum", "minutes": 20}
    response = user_api_client.post(reverse("api:plan-activity-list"), entry | changes)
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not Activity.objects.exists()


def test_mock_interviews_through_the_api(user_api_client, plan):
    url = reverse("api:plan-mock-interview-list")
    bad = user_api_client.post(url, {"interview_type": "coding", "held_on": str(TODAY), "score": 6})
    assert bad.status_code == 400 and "score" in bad.json()["fields"]
    assert not MockInterview.objects.exists() and not Activity.objects.exists()
    created = user_api_client.post(
        url,
        {
            "interview_type": "bar_raiser",
            "held_on": str(TODAY),
            "score": 4,
            "minutes": 55,
            "principles": [1, 2],
            "feedback": "Good depth",
        },
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["minutes"], sorted(body["principles"])) == (55, [1, 2])
    detail = reverse("api:plan-mock-interview-detail", args=[body["id"]])
    assert user_api_client.patch(detail, {"score": 5}).json()["score"] == 5
    assert user_api_client.delete(detail).status_code == 204
    assert not Activity.objects.exists()


def test_goals_list_progress_and_custom_goals(user_api_client, plan):
    week = week_of(plan, TODAY)
    services.activity_log(plan=plan, kind=ActivityKind.CODING, occurred_on=TODAY, title="LRU")
    goals = user_api_client.get(reverse("api:plan-goal-list"), {"week": week.pk}).json()["results"]
    assert {goal["kind"]: goal["achieved"] for goal in goals}["coding"] == 1
    created = user_api_client.post(
        reverse("api:plan-goal-list"), {"week": week.pk, "title": "Raft paper", "target": 1}
    )
    assert created.status_code == 201 and created.json()["kind"] == "custom"
    coding = next(goal for goal in goals if goal["kind"] == "coding")
    assert (
        user_api_client.delete(reverse("api:plan-goal-detail", args=[coding["id"]])).status_code
        == 400
    )
    bad = user_api_client.patch(
        reverse("api:plan-goal-detail", args=[coding["id"]]), {"target": -2}
    )
    assert bad.status_code == 400 and "target" in bad.json()["fields"]


def test_reviews_and_readiness_through_the_api(user_api_client, plan):
    week = week_of(plan, TODAY)
    review = user_api_client.post(
        reverse("api:plan-review-list"), {"week": week.pk, "went_well": "Good", "self_rating": 4}
    )
    assert review.status_code == 201, review.json()
    assert review.json()["week_starts_on"] == str(week.starts_on)
    bad = user_api_client.post(reverse("api:plan-review-list"), {"week": week.pk, "self_rating": 0})
    assert bad.status_code == 400 and "self_rating" in bad.json()["fields"]
    assert WeeklyReview.objects.get().self_rating == 4
    listed = user_api_client.get(reverse("api:plan-review-list"), {"week": week.pk}).json()[
        "results"
    ]
    assert len(listed) == 1
    assessment = user_api_client.post(
        reverse("api:plan-readiness-assessment-list"), RATINGS | {"checklist": ["business_terms"]}
    )
    assert assessment.status_code == 201 and 0 < assessment.json()["score"] < 100
    bad = user_api_client.post(
        reverse("api:plan-readiness-assessment-list"), RATINGS | {"ai_ml": 9}
    )
    assert bad.status_code == 400 and "ai_ml" in bad.json()["fields"]


def test_weeks_can_be_listed_edited_paused_and_skipped(user_api_client, plan):
    weeks = user_api_client.get(reverse("api:plan-week-list"), {"phase": "practice"}).json()[
        "results"
    ]
    assert len(weeks) == 4
    week = week_of(plan, TODAY)
    detail = reverse("api:plan-week-detail", args=[week.pk])
    assert user_api_client.patch(detail, {"focus": "Mine"}).json()["focus"] == "Mine"
    paused = user_api_client.post(reverse("api:plan-week-pause", args=[week.pk]))
    assert paused.status_code == 200 and len(paused.json()) == 25
    finished = week_of(plan, PLAN_START)
    refused = user_api_client.post(reverse("api:plan-week-skip", args=[finished.pk]))
    assert refused.status_code == 400


def test_another_users_plan_objects_are_404(user_api_client, plan, other_plan, other_user):
    week = week_of(other_plan, TODAY)
    activity = services.activity_log(
        plan=other_plan, kind=ActivityKind.CODING, occurred_on=TODAY, title="X"
    )
    mock = services.mock_interview_log(
        plan=other_plan, interview_type="coding", held_on=TODAY, score=3
    )
    urls = [
        reverse("api:plan-week-detail", args=[week.pk]),
        reverse("api:plan-goal-detail", args=[week.goals.first().pk]),
        reverse("api:plan-activity-detail", args=[activity.pk]),
        reverse("api:plan-mock-interview-detail", args=[mock.pk]),
    ]
    for url in urls:
        assert user_api_client.get(url).status_code == 404
        assert user_api_client.patch(url, {"title": "Mine now"}).status_code == 404
    activity_url = reverse("api:plan-activity-detail", args=[activity.pk])
    assert user_api_client.delete(activity_url).status_code == 404
    assert Activity.objects.filter(owner=other_user).count() == 2
    foreign = user_api_client.post(
        reverse("api:plan-review-list"), {"week": week.pk, "self_rating": 3}
    )
    assert foreign.status_code == 400
    listed = user_api_client.get(reverse("api:plan-activity-list")).json()
    assert listed["count"] == 0


def test_anonymous_calls_are_401(api_client, plan):
    assert api_client.get(reverse("api:plan-current-week")).status_code == 401
    assert api_client.get(reverse("api:plan-activity-list")).status_code == 401


def test_a_personal_token_reads_the_plan(user, plan):
    _, token = api_token_create(user=user, name="script")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(reverse("api:plan-current-week")).status_code == 200


@pytest.mark.parametrize(
    "url_name",
    [
        "api:plan-current-week",
        "api:plan-activity-list",
        "api:plan-goal-list",
        "api:plan-mock-interview-list",
        "api:plan-week-list",
    ],
)
def test_endpoints_run_the_same_queries_with_0_and_1000_activities(
    user_api_client, user, plan, url_name
):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert user_api_client.get(reverse(url_name)).status_code == 200
        return len(queries)

    services.mock_interview_log(plan=plan, interview_type="coding", held_on=TODAY, score=3)
    empty = count()
    bulk_activities(user, 1000, TODAY)
    for _ in range(3):
        services.mock_interview_log(plan=plan, interview_type="coding", held_on=TODAY, score=3)
    assert count() == empty
