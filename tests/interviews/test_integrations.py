"""Where the rest of PrepSite follows interviews: calendar feed, dashboard, study plan,
and the portfolio export per application."""

import datetime

import icalendar
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from interviews import services
from portfolio.models import Portfolio
from reminders.services import calendar_feed_reset
from studyplan import services as study_services
from tests.factories import (
    ApplicationFactory,
    CaseStudyFactory,
    DecisionRecordFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_calendar_feed_has_each_round_with_its_principles(client, five_round_loop):
    owner = five_round_loop.application.owner
    token = calendar_feed_reset(user=owner).calendar_token
    feed = client.get(reverse("reminders:calendar_feed", args=[token]))
    calendar = icalendar.Calendar.from_ical(feed.content)
    rounds = [e for e in calendar.walk("VEVENT") if str(e["uid"]).startswith("interview-round")]
    assert len(rounds) == 5
    first = min(rounds, key=lambda e: e.decoded("dtstart"))
    assert str(first["summary"]) == "Amazon: Behavioural round"
    assert "Customer Obsession" in str(first["description"])
    assert first.decoded("dtstart") == datetime.datetime(2030, 3, 4, 9, tzinfo=datetime.UTC)


def test_dashboard_shows_the_next_interview_and_its_coverage(client, five_round_loop, bank):
    services.loop_plan(loop=five_round_loop)
    client.force_login(five_round_loop.application.owner)
    body = client.get(reverse("dashboard")).content.decode()
    assert "Next interview" in body
    assert "Story plan: 15 of 15 principles of the onsite covered." in body


def test_dashboard_counts_only_the_next_loops_planned_slots(client, five_round_loop, bank):
    owner = five_round_loop.application.owner
    client.force_login(owner)
    body = client.get(reverse("dashboard")).content.decode()
    assert "Story plan: 0 of 15 principles of the onsite covered." in body


def test_dashboard_coverage_leaves_out_backup_stories(client, five_round_loop, bank):
    services.loop_plan(loop=five_round_loop)
    five_round_loop.assignments.filter(backup=False).first().delete()
    assert five_round_loop.assignments.filter(backup=True).exists()
    client.force_login(five_round_loop.application.owner)
    body = client.get(reverse("dashboard")).content.decode()
    assert "Story plan: 14 of 15 principles of the onsite covered." in body


def test_dashboard_without_interviews_invites_to_track_them(client, user):
    client.force_login(user)
    assert "No interview booked." in client.get(reverse("dashboard")).content.decode()


def test_study_plan_follows_the_onsite_only_when_asked(client, five_round_loop):
    from studyplan.services import plan_create

    owner = five_round_loop.application.owner
    plan = plan_create(
        user=owner,
        level="L7",
        start_date=datetime.date(2029, 12, 3),
        interview_date=datetime.date(2030, 5, 27),
        hours_per_week=10,
        timezone_name="Europe/London",
        reminder_weekday=0,
        reminder_time=datetime.time(8),
    )
    client.force_login(owner)
    client.get(reverse("interviews:loop", args=[five_round_loop.pk]))
    plan.refresh_from_db()
    assert plan.interview_date == datetime.date(2030, 5, 27)

    confirm = client.get(reverse("interviews:loop_follow", args=[five_round_loop.pk]))
    page = confirm.content.decode()
    assert "Aim your study plan at Mon 4 Mar 2030?" in page
    assert "Your plan aims at Mon 27 May 2030" in page
    assert 'id="plan-preview"' in page and "h needed" in page
    plan.refresh_from_db()
    assert plan.interview_date == datetime.date(2030, 5, 27), "showing the preview changes nothing"

    client.post(reverse("interviews:loop_follow", args=[five_round_loop.pk]))
    plan.refresh_from_db()
    assert plan.interview_date == datetime.date(2030, 3, 4)


def test_aiming_the_plan_at_a_loop_too_close_explains_why_and_offers_no_button(client, user):
    start = datetime.date(2030, 1, 7)
    study_services.plan_create(
        user=user,
        level="L7",
        start_date=start,
        interview_date=datetime.date(2030, 6, 3),
        hours_per_week=10,
        timezone_name="Europe/London",
        reminder_weekday=0,
        reminder_time=datetime.time(8),
    )
    near = services.loop_create(
        application=ApplicationFactory(owner=user),
        data={"kind": "onsite", "starts_on": start + datetime.timedelta(days=10)},
    )
    client.force_login(user)
    page = client.get(reverse("interviews:loop_follow", args=[near.pk])).content.decode()
    assert "a plan needs between 4 and 52 weeks" in page
    assert "Aim my plan at" not in page


def test_aiming_the_plan_without_a_plan_says_to_create_one(client, user, loop):
    client.force_login(user)
    response = client.get(reverse("interviews:loop_follow", args=[loop.pk]), follow=True)
    assert "You have no study plan yet" in response.content.decode()


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_portfolio_export_for_an_application_shows_only_its_selection(user):
    portfolio = Portfolio.objects.create(owner=user, level="L7")
    kept = CaseStudyFactory(portfolio=portfolio, title="Payments split")
    CaseStudyFactory(portfolio=portfolio, title="Search rewrite")
    DecisionRecordFactory(portfolio=portfolio, title="Adopt Kafka")
    application = ApplicationFactory(owner=user)
    services.application_portfolio_set(application=application, case_studies=[kept])
    api = _api(user)
    default = api.get("/api/portfolio/export/?format=md").content.decode()
    assert "Search rewrite" in default and "Payments split" in default
    chosen = api.get(f"/api/portfolio/export/?format=md&application={application.pk}")
    body = chosen.content.decode()
    assert "Payments split" in body and "Search rewrite" not in body
    assert "Adopt Kafka" in body  # nothing chosen in a group keeps the group whole


def test_portfolio_export_for_another_users_application_is_404(user):
    other = ApplicationFactory(owner=UserFactory())
    response = _api(user).get(f"/api/portfolio/export/?format=md&application={other.pk}")
    assert response.status_code == 404
    bad = _api(user).get("/api/portfolio/export/?format=md&application=abc")
    assert bad.status_code == 400 and "application" in bad.json()["fields"]


def test_the_aim_the_plan_page_is_the_owners_only(client, loop):
    url = reverse("interviews:loop_follow", args=[loop.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
