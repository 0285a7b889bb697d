"""Editing and deleting logged entries from the week page, and how the plan words its counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from studyplan import services, wording
from studyplan.models import Activity, ActivityKind, MockInterview
from tests.studyplan.conftest import PLAN_START, TODAY, bulk_activities, week_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_sum(plan):
    return services.activity_log(
        plan=plan,
        kind=ActivityKind.CODING,
        occurred_on=TODAY,
        title="Two sum",
        minutes=25,
        difficulty="easy",
        solved=True,
    )


CODING_EDIT = {"occurred_on": TODAY, "title": "Two sum II", "minutes": "40", "solved": "on"}


def test_the_week_page_offers_edit_and_a_confirmed_delete_for_each_entry(user_client, two_sum):
    body = user_client.get(reverse("studyplan:week_current")).content.decode()
    assert reverse("studyplan:activity_edit", args=[two_sum.pk]) in body
    assert reverse("studyplan:activity_delete", args=[two_sum.pk]) in body
    assert 'data-confirm="Delete “Two sum”? This cannot be undone."' in body
    delete_url = reverse("studyplan:activity_delete", args=[two_sum.pk])
    # Without JavaScript the button only opens the confirmation page; nothing is deleted yet.
    assert f'<form method="get" action="{delete_url}"' in body


def test_the_edit_page_shows_the_entry_and_saves_changes(user_client, plan, two_sum):
    url = reverse("studyplan:activity_edit", args=[two_sum.pk])
    page = user_client.get(url)
    assert "Edit “Two sum”" in page.content.decode()
    assert page.context["form"].initial["minutes"] == 25
    response = user_client.post(url, CODING_EDIT)
    week = week_of(plan, TODAY)
    assert response["Location"] == reverse("studyplan:week", args=[week.pk])
    two_sum.refresh_from_db()
    assert (two_sum.title, two_sum.minutes, two_sum.difficulty) == ("Two sum II", 40, "")
    assert "Saved “Two sum II”." in user_client.get(response["Location"]).content.decode()


def test_editing_with_htmx_swaps_in_the_form_then_the_updated_week(user_client, two_sum):
    url = reverse("studyplan:activity_edit", args=[two_sum.pk])
    form = user_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert form.lstrip().startswith('<div id="week-live"')
    assert f'hx-post="{url}"' in form and "<html" not in form
    response = user_client.post(url, CODING_EDIT, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="week-live">')
    assert "Saved “Two sum II”." in body and "0.67 h of" in body


def test_moving_an_entry_to_another_week_with_htmx_redirects_to_that_week(
    user_client, plan, two_sum
):
    last_week = week_of(plan, TODAY - dt.timedelta(weeks=1))
    response = user_client.post(
        reverse("studyplan:activity_edit", args=[two_sum.pk]),
        CODING_EDIT | {"occurred_on": last_week.starts_on},
        HTTP_HX_REQUEST="true",
    )
    assert response["HX-Redirect"] == reverse("studyplan:week", args=[last_week.pk])


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"minutes": "1500"}, "minutes", "at most 24 hours"),
        ({"minutes": "-5"}, "minutes", "cannot be negative"),
        ({"title": ""}, "title", "This field is required"),
        ({"occurred_on": TODAY + dt.timedelta(days=1)}, "occurred_on", "still ahead of you"),
        ({"occurred_on": PLAN_START - dt.timedelta(days=1)}, "occurred_on", "inside your plan"),
    ],
)
def test_bad_edit_input_is_a_field_error_and_changes_nothing(
    user_client, two_sum, changes, field, message
):
    response = user_client.post(
        reverse("studyplan:activity_edit", args=[two_sum.pk]), CODING_EDIT | changes
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert message in response.content.decode()
    two_sum.refresh_from_db()
    assert (two_sum.title, two_sum.minutes, two_sum.occurred_on) == ("Two sum", 25, TODAY)


def test_a_study_session_is_edited_with_its_own_fields(user_client, plan):
    session = services.activity_log(
        plan=plan,
        kind=ActivityKind.STUDY_SESSION,
        occurred_on=TODAY,
        title="DynamoDB",
        minutes=60,
        area="design",
    )
    user_client.post(
        reverse("studyplan:activity_edit", args=[session.pk]),
        {"occurred_on": TODAY, "title": "DynamoDB streams", "minutes": "90", "area": "coding"},
    )
    session.refresh_from_db()
    assert (session.title, session.minutes, session.area) == ("DynamoDB streams", 90, "coding")


def test_a_mock_interviews_entry_opens_the_mock_form(user_client, plan):
    mock = services.mock_interview_log(plan=plan, interview_type="coding", held_on=TODAY, score=3)
    response = user_client.get(reverse("studyplan:activity_edit", args=[mock.activity_id]))
    assert response["Location"] == reverse("studyplan:mock_edit", args=[mock.pk])


def test_entries_from_the_story_bank_and_custom_ticks_are_not_edited_here(user_client, plan, user):
    services.activity_record_external(
        user=user,
        kind=ActivityKind.STAR_STORY,
        occurred_at=dt.datetime(2026, 11, 18, 9, tzinfo=dt.UTC),
        source_key="story:1",
        title="Cut latency",
    )
    goal = services.goal_create_custom(week=week_of(plan, TODAY), title="Raft", target=2)
    tick = services.activity_log(
        plan=plan, kind=ActivityKind.CUSTOM, occurred_on=TODAY, title="Raft", goal=goal
    )
    story = Activity.objects.get(source_key="story:1")
    for activity in (story, tick):
        url = reverse("studyplan:activity_edit", args=[activity.pk])
        assert user_client.get(url).status_code == 404


def test_delete_asks_first_without_javascript_then_deletes(user_client, plan, two_sum):
    url = reverse("studyplan:activity_delete", args=[two_sum.pk])
    confirm = user_client.get(url).content.decode()
    assert "Delete “Two sum”?" in confirm and 'method="post"' in confirm
    assert Activity.objects.exists()
    response = user_client.post(url)
    assert response["Location"] == reverse("studyplan:week", args=[week_of(plan, TODAY).pk])
    assert not Activity.objects.exists()


def test_deleting_with_htmx_returns_the_week_with_the_count_back_down(user_client, two_sum):
    response = user_client.post(
        reverse("studyplan:activity_delete", args=[two_sum.pk]), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="week-live">')
    assert "Deleted “Two sum”." in body and "0</strong> of 10" in body


def test_deleting_a_mock_interviews_entry_removes_the_mock(user_client, plan):
    mock = services.mock_interview_log(plan=plan, interview_type="coding", held_on=TODAY, score=3)
    user_client.post(reverse("studyplan:activity_delete", args=[mock.activity_id]))
    assert not MockInterview.objects.exists() and not Activity.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", ["studyplan:activity_edit", "studyplan:activity_delete"])
def test_another_users_entry_is_404_on_edit_and_delete(
    user_client, other_plan, other_user, method, name
):
    theirs = services.activity_log(
        plan=other_plan, kind=ActivityKind.CODING, occurred_on=TODAY, title="Theirs"
    )
    response = getattr(user_client, method)(reverse(name, args=[theirs.pk]), CODING_EDIT)
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.title == "Theirs"


def test_anonymous_visitors_cannot_open_the_edit_page(client, two_sum):
    response = client.get(reverse("studyplan:activity_edit", args=[two_sum.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_week_page_queries_do_not_grow_with_planned_mocks(user_client, user, plan):
    url = reverse("studyplan:week_current")
    user_client.get(url)
    empty = _count(user_client, url)
    bulk_activities(user, 1000, TODAY)
    for day in range(1, 13):
        services.mock_interview_log(
            plan=plan, interview_type="coding", held_on=TODAY + dt.timedelta(days=day)
        )
    assert _count(user_client, url) == empty


def test_counts_read_with_proper_nouns_and_number(user_client, plan):
    outline = user_client.get(reverse("studyplan:outline")).content.decode()
    assert "3 STAR stories" in outline and "1 mock interview<" in outline
    assert "star stories" not in outline and "1 mock interviews" not in outline
    week = user_client.get(reverse("studyplan:week_current")).content.decode()
    assert "Open the STAR story form" in week and "star story" not in week
    log_form = user_client.get(
        reverse("studyplan:activity_log", args=[week_of(plan, TODAY).pk, "star-story"]),
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "Log STAR story" in log_form and "Log star story" not in log_form
    dashboard = user_client.get(reverse("dashboard")).content.decode()
    assert "STAR stories documented: 6 behind, about 1 STAR story extra every 3 weeks" in dashboard
    assert "1 STAR stories" not in dashboard


@pytest.mark.parametrize(
    ("kind", "shortfall", "per_week", "weeks_left", "text"),
    [
        ("coding", 30, 2, 20, "Coding problems: 30 behind, about 2 coding problems extra a week"),
        ("star_story", 4, 1, 20, "STAR stories: 4 behind, about 1 STAR story extra every 5 weeks"),
        ("mock_interview", 1, 1, 20, "fit 1 mock interview more into the 20 weeks left"),
        ("", 3, 3, 1, "Coding hours: 3 h behind, about 3 h extra a week over the 1 week left"),
        ("mock_interview", 2, 2, 0, "Mock interviews: 2 behind"),
    ],
)
def test_catch_up_lines_state_a_pace_that_adds_up(kind, shortfall, per_week, weeks_left, text):
    labels = {"coding": "Coding problems", "star_story": "STAR stories", "": "Coding"}
    line = wording.catch_up_text(
        kind=kind,
        label=labels.get(kind, "Mock interviews"),
        shortfall=shortfall,
        per_week=per_week,
        weeks_left=weeks_left,
    )
    assert text in line


def test_logging_a_star_story_says_the_status_the_story_bank_shows(user_client, user, plan):
    """The notice said "Draft added" while the story bank listed the story as an idea."""
    from stories.models import Story

    response = user_client.post(
        reverse("studyplan:activity_log", args=[week_of(plan, TODAY).pk, "star-story"]),
        {"occurred_on": TODAY.isoformat(), "title": "Cut checkout latency", "minutes": "30"},
        follow=True,
    )
    story = Story.objects.get(owner=user)
    body = response.content.decode()
    assert f"Added to your story bank with the status “{story.get_status_display()}”" in body
    assert "Draft" not in body.split('id="messages"')[1].split("</div>")[0]
