"""The plan steers: a shortfall warning before saving, a re-plan explained, readiness guiding."""

import datetime as dt
import os

import pytest
from playwright.sync_api import expect

from studyplan import services
from studyplan.models import Activity
from tests.e2e.fixtures import log_in, serious_accessibility_violations
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("PREPSITE_SCREENSHOTS", "")


def _shot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def test_onboarding_with_too_few_hours_warns_before_saving(page):
    user = UserFactory()
    log_in(page, user.email, TEST_PASSWORD)
    page.goto("/plan/onboarding/")
    expect(page.locator("#plan-fits")).to_be_visible()
    page.get_by_label("L7 · Principal Engineering Manager").check()
    interview = dt.date.today() + dt.timedelta(weeks=26)
    page.locator("#id_interview_date").fill(interview.isoformat())
    page.get_by_label("Hours available per week").fill("10")
    page.get_by_label("Hours available per week").press("Tab")
    warning = page.locator("#plan-shortfall")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("330 h needed")
    expect(warning).to_contain_text("260 h available (26 weeks at 10 h): add 3 h a week")
    _shot(page, "onboarding-shortfall")
    assert serious_accessibility_violations(page) == []


def test_regenerate_preview_follows_each_answer_before_the_box_is_ticked(page):
    """The confirmation box is needed to regenerate, not to see how the hours fit."""
    user = UserFactory()
    today = dt.date.today()
    services.plan_create(
        user=user,
        level="L7",
        start_date=today,
        interview_date=today + dt.timedelta(weeks=26),
        hours_per_week=14,
        timezone_name="UTC",
        reminder_weekday=0,
        reminder_time=dt.time(8),
    )
    log_in(page, user.email, TEST_PASSWORD)
    page.goto("/plan/regenerate/")
    expect(page.locator("#plan-fits")).to_be_visible()
    hours = page.get_by_label("Hours available per week")
    hours.fill("10")
    hours.press("Tab")
    warning = page.locator("#plan-shortfall")
    expect(warning).to_contain_text("260 h available (26 weeks at 10 h)")
    interview = page.locator("#id_interview_date")
    interview.fill((today + dt.timedelta(weeks=30)).isoformat())
    interview.press("Tab")
    expect(warning).to_contain_text("300 h available (30 weeks at 10 h)")
    submit = page.get_by_role("button", name="Regenerate my plan")
    assert warning.bounding_box()["y"] < submit.bounding_box()["y"]
    expect(page.get_by_label("I understand", exact=False)).not_to_be_checked()


def test_week_page_explains_a_replan_and_readiness_names_the_weakest_areas(page):
    user = UserFactory()
    today = dt.date.today()
    services.plan_create(
        user=user,
        level="L6",
        start_date=today - dt.timedelta(weeks=3),
        interview_date=None,
        hours_per_week=14,
        timezone_name="UTC",
        reminder_weekday=0,
        reminder_time=dt.time(8),
    )
    monday = today - dt.timedelta(days=today.weekday())
    Activity.objects.bulk_create(
        Activity(
            owner=user,
            kind="system_design",
            area="design",
            occurred_on=monday - dt.timedelta(days=10),
            title=f"Design {i}",
            minutes=60,
        )
        for i in range(12)
    )
    log_in(page, user.email, TEST_PASSWORD)
    page.goto("/plan/")
    page.get_by_role("button", name="Re-plan now").click()
    explanation = page.locator("#replan-explanation")
    expect(explanation).to_be_visible()
    expect(explanation).to_contain_text("coding problems not done yet moved into weeks")
    expect(explanation).to_contain_text("fewer system-design problems")
    _shot(page, "week-replan")
    assert serious_accessibility_violations(page) == []

    page.goto("/plan/readiness/")
    for key, value in {
        "coding": 4,
        "system_design": 2,
        "cloud_services": 3,
        "distributed_systems": 2,
        "ai_ml": 2,
    }.items():
        page.locator(f'input[name="{key}"][value="{value}"]').check()
    page.get_by_role("button", name="Save assessment").click()
    expect(page.locator("#readiness-breakdown")).to_be_visible()
    weakest = page.locator("#weakest-areas")
    expect(weakest).to_contain_text("System design")
    expect(weakest).to_contain_text("This week:")
    expect(page.locator('input[name="system_design"][value="2"]')).to_be_checked()
    _shot(page, "readiness")
    assert serious_accessibility_violations(page) == []
