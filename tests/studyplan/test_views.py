import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from studyplan import selectors, services
from studyplan.models import (
    Activity,
    ActivityKind,
    Goal,
    MockInterview,
    Plan,
    ReadinessAssessment,
    WeeklyReview,
)
from tests.cache import clear_this_process_cache
from tests.studyplan.conftest import PLAN_START, TODAY, bulk_activities, week_of

pytestmark = pytest.mark.django_db

ONBOARDING = {
    "level": "L7",
    "start_date": "2026-11-18",
    "interview_date": "",
    "hours_per_week": "14",
    "timezone": "Europe/Berlin",
    "reminder_weekday": "6",
    "reminder_time": "19:00",
}


def test_signup_lands_on_onboarding(client, db):
    from django.core import mail

    client.post(
        reverse("account_signup"),
        {
            "email": "new@example.com",
            "password1": "a-long-pass-phrase-9",
            "password2": "a-long-pass-phrase-9",
        },
    )
    # Sign-up verifies the address first (accounts: no account enumeration).
    confirm_path = mail.outbox[-1].body.split("/accounts/confirm-email/", 1)[1].split()[0]
    response = client.post(f"/accounts/confirm-email/{confirm_path}")
    assert response.status_code == 302
    assert response["Location"] == reverse("studyplan:onboarding")


def test_a_user_without_a_plan_is_sent_to_onboarding(user_client):
    response = user_client.get(reverse("studyplan:week_current"))
    assert response.status_code == 302
    assert response["Location"] == reverse("studyplan:onboarding")
    dashboard = user_client.get(reverse("dashboard"))
    assert reverse("studyplan:onboarding") in dashboard.content.decode()


def test_onboarding_generates_the_plan_and_shows_it(user_client, user, frozen_now):
    response = user_client.post(reverse("studyplan:onboarding"), ONBOARDING, follow=True)
    assert response.redirect_chain[-1][0] == reverse("studyplan:outline")
    body = response.content.decode()
    assert "Your 24-week L7 plan" in body
    assert "Cloud fundamentals: compute and storage" in body
    user.refresh_from_db()
    assert (user.timezone, user.reminder_weekday, user.reminder_time) == (
        "Europe/Berlin",
        6,
        dt.time(19),
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"interview_date": "2026-11-01"}, "interview_date", "must be after the start date"),
        ({"interview_date": "2026-11-30"}, "interview_date", "between 4 and 52 weeks"),
        ({"hours_per_week": "-3"}, "hours_per_week", "at least one hour"),
        ({"hours_per_week": "500"}, "hours_per_week", "80 hours"),
        ({"timezone": "Mars/Olympus"}, "timezone", "not one of the available choices"),
    ],
)
def test_onboarding_bad_input_shows_the_field_error_and_saves_nothing(
    user_client, user, frozen_now, changes, field, message
):
    response = user_client.post(reverse("studyplan:onboarding"), ONBOARDING | changes)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert message in response.content.decode()
    assert not Plan.objects.exists()
    user.refresh_from_db()
    assert user.timezone == "UTC"


def test_the_week_page_shows_focus_goals_hours_and_last_weeks_review(user_client, plan):
    last_week = week_of(plan, TODAY - dt.timedelta(weeks=1))
    services.review_save(
        plan=plan,
        week=last_week,
        went_well="Finished the DDIA chapters",
        blockers="",
        next_week_focus="Consistency models",
        self_rating=4,
    )
    body = user_client.get(reverse("studyplan:week_current")).content.decode()
    assert "Week 3 of 24" in body
    assert "Distributed systems: CAP and consistency" in body
    assert "Coding problems" in body and "0</strong> of 10" in body
    assert "h of" in body
    assert "Finished the DDIA chapters" in body


def test_logging_without_javascript_redirects_back_with_the_count_moved(
    user_client, plan, django_capture_on_commit_callbacks
):
    week = week_of(plan, TODAY)
    user_client.get(reverse("studyplan:week_current"))
    url = reverse("studyplan:activity_log", args=[week.pk, "coding"])
    # The request commits its write, as in production, so the cached plan numbers are dropped.
    with django_capture_on_commit_callbacks(execute=True):
        response = user_client.post(
            url, {"occurred_on": TODAY, "title": "Two sum", "minutes": "25", "solved": "on"}
        )
    assert response.status_code == 302
    body = user_client.get(response["Location"]).content.decode()
    assert "1</strong> of 10" in body
    assert "Two sum" in body


def test_the_week_page_builds_a_log_form_only_when_its_panel_opens(user_client, plan):
    week = week_of(plan, TODAY)
    page = user_client.get(reverse("studyplan:week_current")).content.decode()
    assert 'id="id_coding_title"' not in page
    form_url = reverse("studyplan:activity_log", args=[week.pk, "coding"])
    assert f'hx-get="{form_url}"' in page

    fragment = user_client.get(form_url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment
    assert 'id="id_coding_title"' in fragment
    assert f'value="{TODAY.isoformat()}"' in fragment
    assert "Log coding problem" in fragment


def test_without_javascript_the_log_link_opens_the_week_with_that_form(user_client, plan):
    week = week_of(plan, TODAY)
    response = user_client.get(reverse("studyplan:activity_log", args=[week.pk, "mock-interview"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<details class="card mb-2" id="log-mock-interview" open', body)
    assert 'id="id_mock-interview_interview_type"' in body
    assert 'id="id_coding_title"' not in body


def test_an_unknown_log_kind_is_404(user_client, plan):
    week = week_of(plan, TODAY)
    url = reverse("studyplan:activity_log", args=[week.pk, "juggling"])
    assert user_client.get(url, headers={"HX-Request": "true"}).status_code == 404


def test_an_anonymous_visitor_asking_for_a_log_form_is_sent_to_log_in(client, plan):
    week = week_of(plan, TODAY)
    response = client.get(reverse("studyplan:activity_log", args=[week.pk, "coding"]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# Committed writes, as in production: the answer is drawn after the write has committed and
# dropped the cached plan numbers, within the same request.
@pytest.mark.django_db(transaction=True)
def test_logging_with_htmx_returns_the_updated_progress_only(user_client, plan):
    week = week_of(plan, TODAY)
    user_client.get(reverse("studyplan:week_current"))
    url = reverse("studyplan:activity_log", args=[week.pk, "system-design"])
    response = user_client.post(
        url,
        {"occurred_on": TODAY, "title": "Design a rate limiter", "minutes": "50"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="week-live">')
    assert "<html" not in body
    assert "1</strong> of 5" in body
    assert "Logged: system-design problem." in body


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        ("coding", {"title": "Too long", "minutes": "1500"}, "at most 24 hours"),
        ("coding", {"title": "Negative", "minutes": "-10"}, "cannot be negative"),
        (
            "study-session",
            {"title": "Before", "minutes": "30", "area": "design", "occurred_on": "2026-10-01"},
            "inside your plan",
        ),
        (
            "mock-interview",
            {"interview_type": "coding", "held_on": TODAY, "score": "9", "minutes": "60"},
            "not one of the available choices",
        ),
    ],
)
def test_bad_log_input_shows_a_field_error_and_saves_nothing(
    user_client, plan, kind, data, message
):
    week = week_of(plan, TODAY)
    url = reverse("studyplan:activity_log", args=[week.pk, kind])
    response = user_client.post(url, {"occurred_on": TODAY} | data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Activity.objects.exists()
    assert not MockInterview.objects.exists()


def test_logging_a_mock_interview_with_principles(user_client, plan):
    week = week_of(plan, TODAY)
    url = reverse("studyplan:activity_log", args=[week.pk, "mock-interview"])
    principles = list(
        user_client.get(reverse("studyplan:week_current")).context["page"].principles[:2]
    )
    user_client.post(
        url,
        {
            "interview_type": "behavioural",
            "held_on": TODAY,
            "interviewer": "Priya",
            "score": "4",
            "minutes": "45",
            "principles": [p.pk for p in principles],
            "feedback": "Crisp",
            "follow_ups": "More data",
        },
    )
    mock = MockInterview.objects.get()
    assert (mock.interviewer, mock.score, mock.activity.minutes) == ("Priya", 4, 45)
    assert mock.principles.count() == 2


def test_custom_goals_can_be_added_ticked_and_removed(user_client, plan):
    week = week_of(plan, TODAY)
    user_client.post(
        reverse("studyplan:goal_add", args=[week.pk]),
        {"title": "Read the Raft paper", "target": "2"},
    )
    goal = Goal.objects.get(kind="custom")
    response = user_client.post(
        reverse("studyplan:goal_log", args=[goal.pk]), HTTP_HX_REQUEST="true"
    )
    assert "1</strong> of 2" in response.content.decode()
    assert (
        "Remove “Read the Raft paper”?"
        in user_client.get(reverse("studyplan:goal_delete", args=[goal.pk])).content.decode()
    )
    user_client.post(reverse("studyplan:goal_delete", args=[goal.pk]))
    assert not Goal.objects.filter(kind="custom").exists()
    assert Activity.objects.filter(kind=ActivityKind.CUSTOM).count() == 1


def test_editing_targets_changes_the_users_copy_only(user_client, plan, other_plan):
    week = week_of(plan, TODAY)
    coding = week.goals.get(kind="coding")
    data = (
        {"focus": "My own focus", "goals_text": "One\nTwo"}
        | {f"target_{goal.pk}": goal.target for goal in week.goals.all()}
        | {f"target_{coding.pk}": "4"}
    )
    user_client.post(reverse("studyplan:week_edit", args=[week.pk]), data)
    coding.refresh_from_db()
    week.refresh_from_db()
    assert (coding.target, week.focus) == (4, "My own focus")
    assert Goal.objects.filter(week__plan=other_plan, kind="coding", target=10).count() == 24


def test_a_negative_target_is_a_field_error(user_client, plan):
    week = week_of(plan, TODAY)
    coding = week.goals.get(kind="coding")
    data = {"focus": "x"} | {f"target_{goal.pk}": goal.target for goal in week.goals.all()}
    response = user_client.post(
        reverse("studyplan:week_edit", args=[week.pk]), data | {f"target_{coding.pk}": "-1"}
    )
    assert "cannot be negative" in response.content.decode()
    coding.refresh_from_db()
    assert coding.target == 10


def test_weekly_review_is_saved_and_a_missing_rating_is_an_error(user_client, plan):
    week = week_of(plan, TODAY)
    url = reverse("studyplan:review_save", args=[week.pk])
    response = user_client.post(url, {"went_well": "Solid", "blockers": "", "next_week_focus": ""})
    body = response.content.decode()
    assert "This field is required" in body
    assert "Solid</textarea>" in body  # what was typed is kept
    assert not WeeklyReview.objects.exists()
    # The page is drawn at the review's POST-only address: the practise section's way back is
    # the week's own page.
    week_url = reverse("studyplan:week", args=[week.pk])
    assert f'practice/?next={week_url}"' in body
    user_client.post(
        url, {"went_well": "Solid", "blockers": "", "next_week_focus": "Raft", "self_rating": "4"}
    )
    review = WeeklyReview.objects.get()
    assert (review.week_starts_on, review.self_rating) == (week.starts_on, 4)


def test_pause_and_skip_confirm_first_then_shift_the_plan(user_client, plan):
    week = week_of(plan, TODAY)
    confirm = user_client.get(reverse("studyplan:week_pause", args=[week.pk]))
    assert "move one week later" in confirm.content.decode()
    assert plan.weeks.count() == 24
    user_client.post(reverse("studyplan:week_pause", args=[week.pk]))
    assert plan.weeks.count() == 25
    pause = plan.weeks.get(is_break=True)
    user_client.post(reverse("studyplan:week_skip", args=[pause.pk]))
    assert plan.weeks.count() == 24 and not plan.weeks.filter(is_break=True).exists()


def test_regenerate_needs_confirmation_and_keeps_logged_work(user_client, plan):
    services.activity_log(plan=plan, kind=ActivityKind.CODING, occurred_on=TODAY, title="Kept")
    settings = {
        "level": "L6",
        "start_date": PLAN_START,
        "interview_date": "2027-01-25",
        "hours_per_week": "10",
    }
    response = user_client.post(reverse("studyplan:regenerate"), settings)
    assert "Tick the box to confirm" in response.content.decode()
    assert plan.weeks.count() == 24
    user_client.post(reverse("studyplan:regenerate"), settings | {"confirm": "on"})
    assert plan.weeks.count() == 12
    assert Activity.objects.filter(title="Kept").exists()


def test_readiness_assessment_shows_on_the_dashboard(user_client, plan):
    ratings = {
        "coding": "4",
        "system_design": "3",
        "cloud_services": "3",
        "distributed_systems": "2",
        "ai_ml": "1",
    }
    response = user_client.post(
        reverse("studyplan:readiness"), ratings | {"checklist": ["business_terms"]}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("studyplan:readiness")
    score = ReadinessAssessment.objects.get().score
    assert f"{score} %" in user_client.get(reverse("dashboard")).content.decode()


def test_a_readiness_rating_out_of_range_is_an_error(user_client, plan):
    ratings = {
        "coding": "7",
        "system_design": "3",
        "cloud_services": "3",
        "distributed_systems": "2",
        "ai_ml": "1",
    }
    response = user_client.post(reverse("studyplan:readiness"), ratings)
    assert "not one of the available choices" in response.content.decode()
    assert not ReadinessAssessment.objects.exists()


def test_dashboard_shows_week_phase_completion_streak_catch_up_and_charts(user_client, plan):
    body = user_client.get(reverse("dashboard")).content.decode()
    assert "3 of 24" in body and "Fundamentals" in body
    assert "Behind schedule" in body and "Coding problems: 20 behind" in body
    assert 'aria-labelledby="burnup-title burnup-desc"' in body
    assert "Burn-up as a table" in body and "Hours as a table" in body


@pytest.mark.parametrize(
    ("method", "name", "args"),
    [
        ("get", "studyplan:week", "week"),
        ("get", "studyplan:week_edit", "week"),
        ("post", "studyplan:activity_log", "week-log"),
        ("get", "studyplan:activity_log", "week-log"),
        ("post", "studyplan:review_save", "week"),
        ("get", "studyplan:week_pause", "week"),
        ("post", "studyplan:week_skip", "week"),
        ("post", "studyplan:goal_add", "week"),
        ("post", "studyplan:goal_log", "goal"),
        ("get", "studyplan:goal_delete", "goal"),
        ("post", "studyplan:activity_delete", "activity"),
    ],
)
def test_another_users_week_goal_or_activity_is_404(
    user_client, plan, other_plan, other_user, method, name, args
):
    week = week_of(other_plan, TODAY)
    goal = services.goal_create_custom(week=week, title="Theirs", target=1)
    activity = services.activity_log(
        plan=other_plan, kind=ActivityKind.CODING, occurred_on=TODAY, title="Theirs"
    )
    ids = {
        "week": [week.pk],
        "week-log": [week.pk, "coding"],
        "goal": [goal.pk],
        "activity": [activity.pk],
    }
    response = getattr(user_client, method)(
        reverse(name, args=ids[args]), {"title": "x", "target": 1}
    )
    assert response.status_code == 404
    assert Activity.objects.filter(owner=other_user).count() == 1
    assert other_plan.weeks.count() == 24


def test_anonymous_visitors_are_sent_to_log_in(client, plan):
    response = client.get(reverse("studyplan:week_current"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url_name",
    ["studyplan:week_current", "dashboard", "studyplan:outline", "studyplan:readiness"],
)
def test_pages_run_the_same_queries_with_0_and_1000_activities(user_client, user, plan, url_name):
    url = reverse(url_name)
    services.readiness_assessment_create(
        user=user,
        level="L6",
        checklist=[],
        ratings={
            "coding": 2,
            "system_design": 2,
            "cloud_services": 2,
            "distributed_systems": 2,
            "ai_ml": 2,
        },
    )
    user_client.get(url)  # warm the session so both counts see the same middleware work
    empty = _count_queries(user_client, url)
    bulk_activities(user, 1000, TODAY)
    services.mock_interview_log(plan=plan, interview_type="coding", held_on=TODAY, score=3)
    assert _count_queries(user_client, url) == empty
    print(f"{url_name}: {empty} queries")


def test_week_page_query_count_is_pinned(user_client, user, plan, django_assert_num_queries):
    bulk_activities(user, 1000, TODAY)
    user_client.get(reverse("studyplan:week_current"))
    # Kept since the first view: session and user only.
    with django_assert_num_queries(2):
        user_client.get(reverse("studyplan:week_current"))

    clear_this_process_cache()
    selectors.plan_overview_cached(user=user)
    # Computed: session, user, recent entries, pending mocks, principles of the week's mocks,
    # reviews, latest re-plan; the weeks, goals and activity totals come from the cached plan
    # overview; the log forms (and the mock form's principle choices with them) are fetched
    # when a panel opens, the practice suggestions after the page
    with django_assert_num_queries(7):
        user_client.get(reverse("studyplan:week_current"))


def test_week_practice_query_count_is_pinned(user_client, user, plan, django_assert_num_queries):
    bulk_activities(user, 1000, TODAY)
    week = plan.weeks.get(starts_on__lte=TODAY, starts_on__gt=TODAY - dt.timedelta(days=7))
    url = reverse("studyplan:week_practice", args=[week.pk])
    user_client.get(url, HTTP_HX_REQUEST="true")
    # session, user, the week, latest readiness, candidate items (scores by area are cached)
    with django_assert_num_queries(5):
        user_client.get(url, HTTP_HX_REQUEST="true")


def test_readiness_weakest_areas_keep_the_bar_wording_acronyms(user_client, plan):
    ratings = {
        "coding": "4",
        "system_design": "4",
        "cloud_services": "4",
        "distributed_systems": "4",
        "ai_ml": "1",
    }
    user_client.post(reverse("studyplan:readiness"), ratings)
    body = user_client.get(reverse("studyplan:readiness")).content.decode()
    # Shown as written: lower-casing it turned "ML" and "AI" into "ml" and "ai" at L7.
    bars = re.findall(r"The bar: ([^<]*)", body)
    assert bars and all(bar[0].isupper() for bar in bars)


def _activity_ids(body: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'action="/plan/activities/(\d+)/delete/"', body)]


def test_show_more_brings_every_activity_of_the_week_once_newest_first(user_client, user, plan):
    bulk_activities(user, 23, TODAY)
    bulk_activities(user, 2, TODAY - dt.timedelta(days=30))  # another week: never listed
    week = plan.weeks.get(starts_on__lte=TODAY, starts_on__gt=TODAY - dt.timedelta(days=7))
    expected = list(
        Activity.objects.filter(
            owner=user, occurred_on__range=(week.starts_on, week.ends_on)
        ).values_list("pk", flat=True)
    )
    body = user_client.get(reverse("studyplan:week", args=[week.pk])).content.decode()
    seen = _activity_ids(body)
    assert len(seen) == 10 and "Show more" in body
    url = reverse("studyplan:week_activities", args=[week.pk])
    page = 2
    while "Show more" in body:
        body = user_client.get(url, {"page": page}, HTTP_HX_REQUEST="true").content.decode()
        assert "<h1" not in body  # only the next rows, appended in place of the button
        seen += _activity_ids(body)
        page += 1
    assert seen == expected  # the model orders newest first, as the page does
    assert page == 4


def test_the_week_activities_page_works_without_javascript(user_client, user, plan):
    bulk_activities(user, 12, TODAY)
    week = plan.weeks.get(starts_on__lte=TODAY, starts_on__gt=TODAY - dt.timedelta(days=7))
    url = reverse("studyplan:week_activities", args=[week.pk])
    body = user_client.get(url, {"page": 2}).content.decode()
    assert f"Logged in week {week.number}</h1>" in body and "11–12 of 12" in body  # noqa: RUF001
    assert len(_activity_ids(body)) == 2 and "Next 10" not in body
    # Plain links and forms there: the htmx buttons redraw a week this page does not have.
    first = user_client.get(url).content.decode()
    assert "Next 10</a>" in first and 'href="' + url + '?page=2"' in first
    assert "hx-target" not in first.split('id="activity-list"')[1]
    assert first.count('<form method="get" action="/plan/activities/') == 10
    # A page past the end shows the last one; a page that is not a number, the first.
    assert "11–12 of 12" in user_client.get(url, {"page": 99}).content.decode()  # noqa: RUF001
    assert "1–10 of 12" in user_client.get(url, {"page": "x"}).content.decode()  # noqa: RUF001


def test_week_activities_query_count_is_pinned(user_client, user, plan, django_assert_num_queries):
    bulk_activities(user, 1000, TODAY)
    week = plan.weeks.get(starts_on__lte=TODAY, starts_on__gt=TODAY - dt.timedelta(days=7))
    url = reverse("studyplan:week_activities", args=[week.pk])
    user_client.get(url, {"page": 2}, HTTP_HX_REQUEST="true")
    # session, user, the week, the count, the page's rows, its mocks' principles
    with django_assert_num_queries(6):
        user_client.get(url, {"page": 50}, HTTP_HX_REQUEST="true")
