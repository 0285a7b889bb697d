"""Planned mock interviews: dated ahead without a score, counted once held and scored."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from studyplan import selectors, services
from studyplan.demo import seed_demo
from studyplan.models import Activity, MockInterview
from tests.studyplan.conftest import NOW, TODAY, create_plan, week_of

pytestmark = pytest.mark.django_db

THURSDAY_26_NOV = dt.date(2026, 11, 26)  # week 4, which has a mock-interview goal


def _mock_goal(user, day: dt.date) -> tuple[int, int]:
    """(achieved, target) of the mock-interview goal, and mock minutes, of the week of `day`."""
    weeks = selectors.plan_weeks(user=user)
    week = selectors.week_containing(weeks, day)
    progress = selectors.week_summary(user=user, weeks=weeks, week=week).progress
    achieved = {item.goal.kind: item.achieved for item in progress.goals}.get("mock_interview", 0)
    minutes = {item.area: item.spent_minutes for item in progress.hours}["mocks"]
    return achieved, minutes


def _plan_bar_raiser(plan, **overrides) -> MockInterview:
    entry = {"interview_type": "bar_raiser", "held_on": THURSDAY_26_NOV, "interviewer": "Sam"}
    return services.mock_interview_log(plan=plan, **(entry | overrides))


def test_a_future_mock_without_a_score_is_planned_and_does_not_count(plan, user):
    mock = _plan_bar_raiser(plan)
    assert mock.score is None and not mock.is_held(TODAY)
    assert _mock_goal(user, THURSDAY_26_NOV) == (0, 0)
    assert [item.pk for item in selectors.pending_mock_interviews(user=user)] == [mock.pk]


def test_scoring_a_mock_still_ahead_is_a_score_error_and_saves_nothing(plan):
    with pytest.raises(ValidationError) as error:
        _plan_bar_raiser(plan, score=4)
    assert error.value.message_dict["score"] == ["You can score a mock once it has happened."]
    assert not MockInterview.objects.exists() and not Activity.objects.exists()


def test_a_planned_mock_must_still_fall_inside_the_plan(plan):
    with pytest.raises(ValidationError) as error:
        _plan_bar_raiser(plan, held_on=dt.date(2027, 6, 1))
    assert "inside your plan" in error.value.message_dict["held_on"][0]
    assert not MockInterview.objects.exists()


def test_a_planned_mock_counts_once_its_day_has_come_and_the_score_is_recorded(plan, user):
    mock = _plan_bar_raiser(plan, minutes=50)
    with time_machine.travel(dt.datetime(2026, 11, 26, 18, tzinfo=dt.UTC), tick=False):
        # The day has come, but without a score the mock is only awaiting its result.
        assert _mock_goal(user, THURSDAY_26_NOV) == (0, 0)
        services.mock_interview_update(
            mock=mock, plan=plan, score=4, feedback="Strong on Ownership", follow_ups="Metrics"
        )
        assert _mock_goal(user, THURSDAY_26_NOV) == (1, 50)
        assert selectors.pending_mock_interviews(user=user) == []


def test_a_score_on_an_existing_future_mock_is_refused_on_update(plan):
    mock = _plan_bar_raiser(plan)
    with pytest.raises(ValidationError) as error:
        services.mock_interview_update(mock=mock, plan=plan, score=3)
    assert "once it has happened" in error.value.message_dict["score"][0]
    mock.refresh_from_db()
    assert mock.score is None


def test_held_means_not_in_the_future_in_the_users_time_zone(other_user):
    # 12:00 UTC on 18 November is already 01:00 on 19 November in Auckland.
    other_user.timezone = "Pacific/Auckland"
    other_user.save()
    with time_machine.travel(NOW, tick=False):
        plan = create_plan(other_user, timezone_name="Pacific/Auckland")
        auckland_today = TODAY + dt.timedelta(days=1)
        mock = services.mock_interview_log(
            plan=plan, interview_type="coding", held_on=auckland_today, score=4
        )
        assert _mock_goal(other_user, auckland_today)[1] == 60
        with pytest.raises(ValidationError):
            services.mock_interview_log(
                plan=plan,
                interview_type="coding",
                held_on=auckland_today + dt.timedelta(days=1),
                score=4,
            )
    assert mock.is_held(auckland_today)


def test_the_calendar_feed_names_planned_mocks_and_links_their_week(plan, user):
    _plan_bar_raiser(plan)
    services.mock_interview_log(plan=plan, interview_type="coding", held_on=TODAY, score=3)
    mocks = {
        item.date: item for item in selectors.plan_calendar_items(user=user) if item.kind != "week"
    }
    assert mocks[THURSDAY_26_NOV].title == "Bar raiser mock interview (planned)"
    assert mocks[TODAY].title == "Coding mock interview"
    mock_week = week_of(plan, THURSDAY_26_NOV)
    assert mocks[THURSDAY_26_NOV].path == reverse("studyplan:week", args=[mock_week.pk])


def test_planning_a_mock_from_the_week_page(user_client, plan):
    week = week_of(plan, TODAY)
    response = user_client.post(
        reverse("studyplan:activity_log", args=[week.pk, "mock-interview"]),
        {"interview_type": "bar_raiser", "held_on": THURSDAY_26_NOV, "score": "", "minutes": "60"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "Planned: bar raiser mock on Thu 26 Nov." in body
    assert MockInterview.objects.get().score is None
    page = user_client.get(reverse("studyplan:week_current")).content.decode()
    assert "Planned: bar raiser mock on Thu 26 Nov" in page
    assert reverse("studyplan:mock_edit", args=[MockInterview.objects.get().pk]) in page
    assert "Nothing logged yet this week." in page


def test_scoring_a_future_mock_on_the_week_page_is_a_field_error(user_client, plan):
    week = week_of(plan, TODAY)
    response = user_client.post(
        reverse("studyplan:activity_log", args=[week.pk, "mock-interview"]),
        {"interview_type": "coding", "held_on": THURSDAY_26_NOV, "score": "4", "minutes": "60"},
        HTTP_HX_REQUEST="true",
    )
    assert "You can score a mock once it has happened." in response.content.decode()
    assert response.context["log_forms"][2][2].errors["score"]
    assert not MockInterview.objects.exists()


def test_recording_the_result_of_a_planned_mock_on_its_edit_page(user_client, plan, user):
    mock = _plan_bar_raiser(plan)
    url = reverse("studyplan:mock_edit", args=[mock.pk])
    assert "Edit the planned bar raiser mock on Thu 26 Nov" in user_client.get(url).content.decode()
    with time_machine.travel(dt.datetime(2026, 11, 27, 9, tzinfo=dt.UTC), tick=False):
        page = user_client.get(url).content.decode()
        assert "Record the result: bar raiser mock on Thu 26 Nov" in page
        response = user_client.post(
            url,
            {
                "interview_type": "bar_raiser",
                "held_on": THURSDAY_26_NOV,
                "interviewer": "Sam",
                "score": "4",
                "minutes": "55",
                "feedback": "Clear trade-offs",
                "follow_ups": "Quantify impact",
            },
        )
        mock_week = week_of(plan, THURSDAY_26_NOV)
        assert response["Location"] == reverse("studyplan:week", args=[mock_week.pk])
        assert _mock_goal(user, THURSDAY_26_NOV) == (1, 55)
    mock.refresh_from_db()
    assert (mock.score, mock.feedback) == (4, "Clear trade-offs")
    assert mock.follow_ups == "Quantify impact"


def test_another_users_mock_edit_page_is_404(user_client, plan, other_plan):
    theirs = _plan_bar_raiser(other_plan)
    url = reverse("studyplan:mock_edit", args=[theirs.pk])
    assert user_client.get(url).status_code == 404
    assert user_client.post(url, {"interview_type": "coding"}).status_code == 404


def test_the_api_plans_a_mock_and_refuses_a_score_ahead(user_api_client, plan):
    url = reverse("api:plan-mock-interview-list")
    refused = user_api_client.post(
        url, {"interview_type": "coding", "held_on": str(THURSDAY_26_NOV), "score": 3}
    )
    assert refused.status_code == 400
    assert refused.json()["fields"]["score"] == ["You can score a mock once it has happened."]
    planned = user_api_client.post(
        url, {"interview_type": "bar_raiser", "held_on": str(THURSDAY_26_NOV)}
    )
    assert planned.status_code == 201, planned.json()
    assert (planned.json()["score"], planned.json()["status"]) == (None, "planned")
    outside = user_api_client.post(url, {"interview_type": "coding", "held_on": "2027-08-02"})
    assert outside.status_code == 400 and "held_on" in outside.json()["fields"]
    out_of_range = user_api_client.post(
        url, {"interview_type": "coding", "held_on": str(TODAY), "score": 0}
    )
    assert out_of_range.status_code == 400 and "score" in out_of_range.json()["fields"]
    detail = reverse("api:plan-mock-interview-detail", args=[planned.json()["id"]])
    with time_machine.travel(dt.datetime(2026, 11, 26, 20, tzinfo=dt.UTC), tick=False):
        assert user_api_client.get(detail).json()["status"] == "awaiting_result"
        scored = user_api_client.patch(detail, {"score": 5})
        assert (scored.json()["score"], scored.json()["status"]) == (5, "held")
    assert MockInterview.objects.count() == 1


def test_a_refused_edit_keeps_the_heading_of_the_mock_as_saved(user_client, plan):
    mock = _plan_bar_raiser(plan)
    response = user_client.post(
        reverse("studyplan:mock_edit", args=[mock.pk]),
        {"interview_type": "coding", "held_on": THURSDAY_26_NOV, "score": "5", "minutes": "60"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "Edit the planned bar raiser mock on Thu 26 Nov" in body
    assert "You can score a mock once it has happened." in body
    mock.refresh_from_db()
    assert (mock.interview_type, mock.score) == ("bar_raiser", None)


def test_the_demo_plan_books_a_bar_raiser_mock_for_next_week(user_client, user, frozen_now):
    seed_demo(user)
    body = user_client.get(reverse("studyplan:week_current")).content.decode()
    assert "Planned: bar raiser mock on Thu 26 Nov" in body
    assert MockInterview.objects.filter(owner=user, score__isnull=False).count() == 1
