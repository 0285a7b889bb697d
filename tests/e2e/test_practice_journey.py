"""From the week page to a scored design session, on a fixed browser clock."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from practice.models import PracticeSession
from studyplan import services as plan_services
from studyplan.dates import monday_of
from tests.e2e.fixtures import log_in, serious_accessibility_violations
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOTES = "## Approach\n\n- **Cache** redirects at the edge\n- Counter with base-62 keys"
DIAGRAM = "graph LR\n  Client --> API\n  API --> Store[(Links)]"


def _plan_in_week_seven(user):
    """Plan started six weeks ago: this week is template week 7 (system design basics)."""
    start = monday_of(timezone.localdate()) - dt.timedelta(weeks=6)
    plan_services.plan_create(
        user=user,
        level="L6",
        start_date=start,
        interview_date=None,
        hours_per_week=12,
        timezone_name=user.timezone,
        reminder_weekday=0,
        reminder_time=dt.time(8, 0),
    )


def test_design_session_from_the_week_page_to_the_plan_and_readiness(page):
    user = UserFactory()
    _plan_in_week_seven(user)
    page.clock.install(time=dt.datetime.now(dt.UTC))
    log_in(page, user.email, TEST_PASSWORD)

    page.goto("/plan/")
    suggestions = page.locator("#practice-suggestions")
    expect(suggestions).to_contain_text("Practise this week")
    # The suggestions arrive after the page (htmx).
    row = suggestions.locator("li", has_text="Text snippet sharing")
    expect(row).to_be_visible()
    assert serious_accessibility_violations(page) == []
    row.get_by_role("button", name="Start session").click()

    page.wait_for_url("**/practice/sessions/*/")
    session_id = int(page.url.rstrip("/").rsplit("/", 1)[-1])
    expect(page.get_by_role("heading", name="Text snippet sharing")).to_be_visible()
    page.clock.pause_at(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5))
    page.clock.fast_forward("45:00")
    expect(page.locator("#timer-status")).to_have_text("Target time reached.")
    elapsed = int(page.locator("#id_duration_seconds").input_value())
    assert 45 * 60 <= elapsed <= 45 * 60 + 10
    page.clock.resume()

    page.get_by_label("Notes (Markdown)").fill(NOTES)
    page.get_by_label("Diagram (Mermaid)").fill(DIAGRAM)
    expect(page.locator("#draft-status")).to_contain_text("Draft saved at")

    # The server's clock agrees that the session started 46 minutes ago: a reload continues
    # the timer from there and shows the notes and diagram as typed.
    PracticeSession.objects.filter(pk=session_id).update(
        started_at=timezone.now() - dt.timedelta(minutes=46)
    )
    page.reload()
    expect(page.locator("#timer-elapsed")).to_contain_text("46:")
    expect(page.get_by_label("Notes (Markdown)")).to_have_value(NOTES)
    expect(page.get_by_label("Diagram (Mermaid)")).to_have_value(DIAGRAM)
    page.get_by_role("button", name="Preview diagram").click()
    expect(page.locator("#diagram-preview svg")).to_be_visible()
    for key, score in {
        "requirements": 4,
        "estimates": 3,
        "trade_offs": 3,
        "operations": 2,
        "cost": 3,
    }.items():
        page.locator(f"input[name='rubric_{key}'][value='{score}']").check()
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Finish and score").click()

    expect(page.get_by_text("Session saved and counted on your plan.")).to_be_visible()
    expect(page.locator("#session-score")).to_have_text("67%")
    expect(page.locator("#session-notes strong")).to_have_text("Cache")
    expect(page.locator(".mermaid-render svg")).to_be_visible()
    assert serious_accessibility_violations(page) == []

    page.goto("/plan/")
    expect(page.get_by_text("Practice: Text snippet sharing")).to_be_visible()
    suggestions = page.locator("#practice-suggestions")
    expect(suggestions.locator("li").first).to_be_visible()  # loaded, not the placeholder
    expect(suggestions).not_to_contain_text("Text snippet sharing")

    page.goto("/dashboard/")
    expect(page.locator("#practice")).to_contain_text("Design: 67% over 1")
    assert serious_accessibility_violations(page) == []

    page.goto("/plan/readiness/")
    expect(page.locator("#readiness-practice")).to_contain_text("Design: 67 % over 1 session")
    assert serious_accessibility_violations(page) == []


@pytest.mark.same_on_every_database
def test_library_item_and_mock_loop_pages_are_accessible(page):
    user = UserFactory()
    _plan_in_week_seven(user)
    log_in(page, user.email, TEST_PASSWORD)

    page.goto("/practice/?area=design&level=L7&q=Shared+ML")
    expect(
        page.get_by_role("link", name="Shared ML platform for many business units")
    ).to_be_visible()
    assert serious_accessibility_violations(page) == []
    page.get_by_role("link", name="Shared ML platform for many business units").click()
    expect(page.get_by_role("heading", name="L6 versus L7")).to_be_visible()
    assert serious_accessibility_violations(page) == []

    page.goto("/practice/mock-loops/")
    page.get_by_label("Title").fill("Full loop")
    page.get_by_label("Day of the loop").fill(timezone.localdate().isoformat())
    page.locator("#id_rounds-0-interview_type").select_option("system_design")
    page.locator("#id_rounds-1-interview_type").select_option("bar_raiser")
    page.locator("#id_rounds-1-principles").select_option(label="Ownership")
    page.get_by_role("button", name="Plan the loop").click()
    expect(page.get_by_text("Mock loop planned.")).to_be_visible()
    page.locator("#score-" + page.locator("input[name=score]").first.get_attribute("id")[6:]).fill(
        "3"
    )
    page.get_by_role("button", name="Save round 1").click()
    expect(page.get_by_text("Round scored.")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    page.get_by_role("link", name="All loops and trends").click()
    expect(page.locator("svg polyline").first).to_be_attached()
    expect(page.get_by_role("table").first).to_contain_text("System design")
    assert serious_accessibility_violations(page) == []
