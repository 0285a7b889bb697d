"""On the week page a user edits and deletes what they logged and plans a mock, without reloads."""

import datetime

import pytest
from playwright.sync_api import expect

from studyplan import services
from studyplan.dates import local_today, monday_of
from tests.e2e.fixtures import log_in, serious_accessibility_violations
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_edit_delete_and_plan_a_mock_from_the_week_page(page):
    user = UserFactory()
    today = local_today(user.timezone)
    plan = services.plan_create(
        user=user,
        level="L6",
        start_date=monday_of(today),
        interview_date=None,
        hours_per_week=12,
        timezone_name=user.timezone,
        reminder_weekday=0,
        reminder_time=datetime.time(8),
    )
    services.activity_log(plan=plan, kind="coding", occurred_on=today, title="Two sum", minutes=20)
    services.activity_log(
        plan=plan, kind="coding", occurred_on=today, title="Valid anagram", minutes=15
    )
    log_in(page, user.email, TEST_PASSWORD)
    page.goto("/plan/")
    page.evaluate("window.stillTheSamePage = true")
    coding_count = page.locator('[data-goal="coding"] .goal-count')
    expect(coding_count).to_have_text("2")

    page.get_by_role("link", name="Edit Two sum").click()
    expect(page.get_by_role("heading", name="Edit “Two sum”")).to_be_visible()
    expect(page.locator("#id_edit_occurred_on")).to_be_focused()
    assert serious_accessibility_violations(page) == []
    page.locator("#id_edit_title").fill("Two sum, sorted input")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status")).to_have_text("Saved “Two sum, sorted input”.")

    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Delete Valid anagram").click()
    page.wait_for_timeout(300)
    expect(coding_count).to_have_text("2")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete Valid anagram").click()
    expect(page.get_by_role("status")).to_have_text("Deleted “Valid anagram”.")
    expect(coding_count).to_have_text("1")

    mock_day = monday_of(today) + datetime.timedelta(days=10)
    page.locator("#log-mock-interview summary").click()
    page.locator("#id_mock-interview_interview_type").select_option("bar_raiser")
    page.locator("#id_mock-interview_held_on").fill(mock_day.isoformat())
    page.get_by_role("button", name="Log mock interview").click()
    planned = f"Planned: bar raiser mock on {mock_day:%a} {mock_day.day} {mock_day:%b}"
    expect(page.get_by_role("status")).to_have_text(f"{planned}.")
    expect(page.locator("#pending-mocks")).to_contain_text(planned)
    assert page.evaluate("window.stillTheSamePage") is True
    assert serious_accessibility_violations(page) == []
