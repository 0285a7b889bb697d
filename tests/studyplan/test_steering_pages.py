"""Preview before saving, re-plan and undo, readiness breakdown: pages and API."""

import datetime as dt
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from studyplan import selectors, services
from studyplan.models import Plan, ReadinessAssessment, Replan
from tests.studyplan.conftest import TODAY

pytestmark = pytest.mark.django_db

SHORT = {
    "level": "L7",
    "start_date": "2027-01-04",
    "interview_date": "2027-07-01",
    "hours_per_week": "10",
}
RATINGS = {
    "coding": 4,
    "system_design": 2,
    "cloud_services": 3,
    "distributed_systems": 2,
    "ai_ml": 1,
}


def test_onboarding_preview_warns_of_a_shortfall_with_numbers_and_saves_nothing(user_client):
    response = user_client.post(reverse("studyplan:preview"), SHORT)
    body = response.content.decode()
    assert response.status_code == 200
    assert "330 h needed, 250 h available (25 weeks at 10 h): add 4 h a week (14 h in all)" in body
    assert "move the interview to" in body
    assert not Plan.objects.exists()


def test_onboarding_page_shows_the_preview_and_the_level_expectations(user_client):
    body = user_client.get(reverse("studyplan:onboarding")).content.decode()
    assert 'id="plan-preview"' in body and "280 h needed, 288 h available" in body
    assert "What L6 and L7 interviews expect" in body and "billions of users" in body


def test_preview_with_bad_dates_shows_no_numbers(user_client):
    response = user_client.post(
        reverse("studyplan:preview"), SHORT | {"interview_date": "2026-01-01"}
    )
    assert "Fix the highlighted answers" in response.content.decode()


def test_preview_needs_a_login(client):
    response = client.post(reverse("studyplan:preview"), SHORT)
    assert response.status_code == 302


def test_plan_page_warns_when_the_saved_plan_is_short_and_starts_on_week_ones_monday(
    user_client, user, frozen_now
):
    services.plan_create(
        user=user,
        level="L7",
        start_date=dt.date(2026, 11, 18),
        interview_date=dt.date(2027, 5, 10),
        hours_per_week=10,
        timezone_name="UTC",
        reminder_weekday=0,
        reminder_time=dt.time(8),
    )
    body = user_client.get(reverse("studyplan:outline")).content.decode()
    assert 'id="plan-shortfall"' in body and "330 h needed" in body
    assert "Mon 16 Nov 2026 to" in body
    # Bootstrap's link colour on the yellow box is 4.06:1; its alert link colour passes.
    assert '<a class="alert-link" href="/plan/regenerate/">Change the plan' in body


def test_replan_now_shows_the_explanation_on_the_week_page_and_undo_restores(
    user_client, user, plan
):
    response = user_client.post(reverse("studyplan:replan"))
    assert response.status_code == 302
    replan = Replan.objects.get()
    body = user_client.get(reverse("studyplan:week_current")).content.decode()
    assert 'id="replan-explanation"' in body
    assert html.escape(replan.explanation[0]) in body
    user_client.post(reverse("studyplan:replan_undo", args=[replan.pk]))
    replan.refresh_from_db()
    assert replan.undone_at is not None
    assert selectors.replan_latest_summary(user=user) is None


def test_another_users_replan_cannot_be_undone(user_client, other_user, other_plan):
    replan = services.plan_replan(plan=other_plan, today=TODAY)
    response = user_client.post(reverse("studyplan:replan_undo", args=[replan.pk]))
    assert response.status_code == 404
    replan.refresh_from_db()
    assert replan.undone_at is None


def test_readiness_page_remembers_answers_and_names_the_two_weakest_areas(user_client, user, plan):
    services.readiness_assessment_create(user=user, level="L6", ratings=RATINGS, checklist=[])
    response = user_client.get(reverse("studyplan:readiness"))
    body = response.content.decode()
    assert response.context["form"].initial["system_design"] == 2
    assert 'id="readiness-breakdown"' in body
    weakest = [item.key for item in response.context["page"].weakest]
    assert weakest == ["system_design", "cloud_services"]
    assert "Do a timed design at your level" in body
    assert [item.key for item in selectors.readiness_weakest_areas(user=user)] == weakest


def test_readiness_chart_appears_with_two_assessments(user_client, user, plan):
    for day in (1, 8):
        services.readiness_assessment_create(
            user=user,
            level="L6",
            ratings=RATINGS,
            checklist=[],
            assessed_at=dt.datetime(2026, 11, day, 9, tzinfo=dt.UTC),
        )
    body = user_client.get(reverse("studyplan:readiness")).content.decode()
    assert 'aria-labelledby="readiness-chart-title readiness-chart-desc"' in body
    assert 'id="readiness-history"' in body
    # The last date sits at the right edge: centred there, half of it fell outside the chart.
    assert 'x="346.0" y="174" text-anchor="end" font-size="11" fill="#495057">8 Nov</text>' in body


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_readiness_and_week_pages_do_not_grow_with_history(user_client, user, plan):
    urls = [reverse("studyplan:readiness"), reverse("studyplan:week_current")]
    services.readiness_assessment_create(user=user, level="L6", ratings=RATINGS, checklist=[])
    services.plan_replan(plan=plan, today=TODAY)
    for url in urls:
        user_client.get(url)
    small = [_count(user_client, url) for url in urls]
    ReadinessAssessment.objects.bulk_create(
        ReadinessAssessment(
            owner=user,
            level="L6",
            assessed_at=dt.datetime(2026, 10, 1, tzinfo=dt.UTC) + dt.timedelta(hours=i),
            score=40,
            **RATINGS,
        )
        for i in range(200)
    )
    for _ in range(20):
        services.plan_replan(plan=plan, today=TODAY)
    assert [_count(user_client, url) for url in urls] == small


# API


def test_api_preview_reports_totals_and_warning(user_api_client):
    data = user_api_client.post(reverse("api:plan-preview"), SHORT, format="json").json()
    assert data["fits"] is False and data["shortfall_hours"] == 80
    assert data["needed_hours"] == 330 and data["available_hours"] == 250
    assert data["warning"].startswith("330 h needed, 250 h available")
    assert {row["area"]: row["needed_hours"] for row in data["areas"]}["design"] == 150


def test_api_preview_rejects_bad_input_with_field_errors(user_api_client):
    response = user_api_client.post(
        reverse("api:plan-preview"), SHORT | {"hours_per_week": 0}, format="json"
    )
    assert response.status_code == 400
    assert "hours_per_week" in str(response.json())


def test_api_replan_and_undo(user_api_client, plan):
    created = user_api_client.post(reverse("api:plan-replan"))
    assert created.status_code == 201 and created.json()["explanation"]
    undone = user_api_client.post(reverse("api:plan-replan-undo", args=[created.json()["id"]]))
    assert undone.status_code == 200 and undone.json()["undone_at"]


def test_api_replan_needs_a_plan_and_a_login(user_api_client, api_client):
    assert user_api_client.post(reverse("api:plan-replan")).status_code == 404
    assert api_client.post(reverse("api:plan-replan")).status_code in (401, 403)


def test_api_readiness_breakdown(user_api_client, user, plan):
    assert user_api_client.get(reverse("api:plan-readiness")).json()["weakest"] == []
    services.readiness_assessment_create(user=user, level="L6", ratings=RATINGS, checklist=[])
    data = user_api_client.get(reverse("api:plan-readiness")).json()
    assert len(data["competencies"]) == 5
    assert [item["key"] for item in data["weakest"]] == ["system_design", "cloud_services"]


def test_hours_over_plan_read_as_done_and_planned_and_the_met_icon_is_hidden(
    user_client, user, plan, django_capture_on_commit_callbacks
):
    from tests.studyplan.conftest import week_of

    week = week_of(plan, TODAY)
    week.planned_mocks_minutes = 30
    week.save()
    services.activity_log(
        plan=plan,
        kind="study_session",
        area="mocks",
        occurred_on=TODAY,
        title="Mock prep",
        minutes=60,
    )
    body = user_client.get(reverse("studyplan:week_current")).content.decode()
    assert "1 h done · 0.5 h planned" in body
    assert "1 h of 0.5 h" not in body
    coding = week.goals.get(kind="coding")
    with django_capture_on_commit_callbacks(execute=True):
        services.week_update(
            week=week, focus=week.focus, goals_text=week.goals_text, targets={coding.pk: 0}
        )
    body = user_client.get(reverse("studyplan:week_current")).content.decode()
    assert 'aria-label="met"' not in body
    assert 'bi-check-circle-fill text-success" aria-hidden="true"' in body


@pytest.mark.parametrize("page", ["studyplan:onboarding", "studyplan:regenerate"])
def test_the_preview_follows_each_answer_and_sits_before_the_submit_button(
    user_client, user, frozen_now, page
):
    """The answers ask for the preview themselves: htmx checks a whole form before sending
    it, so regenerating's unticked confirmation box used to stop every refresh."""
    if page == "studyplan:regenerate":
        from tests.studyplan.conftest import create_plan

        create_plan(user)
    body = user_client.get(reverse(page)).content.decode()
    form = body[body.index('<form  method="post"') :]
    form = form[: form.index("</form>")]
    assert "hx-post" not in form[: form.index(">")]
    for name in ("level", "start_date", "interview_date", "hours_per_week"):
        tag = form[form.index(f'name="{name}"') :]
        tag = tag[: tag.index(">")]
        assert f'hx-post="{reverse("studyplan:preview")}"' in tag, name
    if page == "studyplan:regenerate":
        confirm = form[form.index('name="confirm"') :]
        assert "hx-post" not in confirm[: confirm.index(">")]
    assert form.index('id="plan-preview"') < form.index('type="submit"')


def test_preview_hours_add_up_to_the_total_and_match_the_api(user_client, user_api_client):
    """Quarter hours shown in full: one decimal turned 24.25 h into 24.2 h and the rows
    added up to 199.9 h of 200 h."""
    import re

    answers = SHORT | {"interview_date": "2027-06-28", "hours_per_week": "8"}
    body = user_client.post(reverse("studyplan:preview"), answers).content.decode()
    cells = re.findall(r'<th scope="row">[^<]+</th><td>([\d.]+) h</td>', body)
    assert len(cells) == 4 and "24.25" in cells
    assert sum(float(cell) for cell in cells) == 200
    data = user_api_client.post(reverse("api:plan-preview"), answers, format="json").json()
    assert [f"{row['planned_hours']:g}" for row in data["areas"]] == cells
