"""A new user goes from sign-up to a generated plan and a first logged week in the browser."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.fixtures import confirm_email, log_in, serious_accessibility_violations
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _log(page, kind: str, fields: dict[str, str], button: str) -> None:
    page.locator(f"#log-{kind} summary").click()
    for field, value in fields.items():
        page.locator(f"#id_{kind}_{field}").fill(value)
    page.get_by_role("button", name=button).click()


def test_sign_up_onboard_log_review_and_see_the_dashboard(page):
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill("journey@example.com")
    page.locator("#id_password1").fill(TEST_PASSWORD)
    page.locator("#id_password2").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    confirm_email(page, "journey@example.com")

    page.wait_for_url("**/plan/onboarding/")
    assert serious_accessibility_violations(page) == []
    page.get_by_label("L6 · Senior Engineering Manager").check()
    page.get_by_label("Hours available per week").fill("12")
    page.get_by_role("button", name="Create my plan").click()

    page.wait_for_url("**/plan/weeks/")
    expect(page.get_by_role("heading", name="Your 24-week L6 plan")).to_be_visible()
    expect(page.get_by_role("cell", name="Cloud fundamentals: compute and storage")).to_be_visible()
    page.get_by_role("link", name="Go to this week").click()

    expect(page.get_by_text("Week 1 of 24")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    page.evaluate("window.stillTheSamePage = true")
    coding_bar = page.get_by_role("progressbar", name="Coding problems")
    expect(coding_bar).to_have_attribute("aria-valuenow", "0")

    _log(page, "coding", {"title": "Two sum", "minutes": "25"}, "Log coding problem")
    expect(page.get_by_role("status").filter(has_text="Logged: coding problem")).to_be_visible()
    # Week 1 of an L6 plan at 12 h asks for 12 coding problems and 2 designs (from its hours).
    expect(coding_bar).to_have_attribute("aria-valuenow", "8")
    _log(
        page,
        "system-design",
        {"title": "URL shortener", "minutes": "60"},
        "Log system-design problem",
    )
    expect(page.get_by_role("progressbar", name="System-design problems")).to_have_attribute(
        "aria-valuenow", "50"
    )
    _log(page, "star-story", {"title": "Cut checkout latency"}, "Log star story")
    # A title alone is an idea in the story bank, not a documented story.
    expect(
        page.get_by_role("status").filter(
            has_text="Added to your story bank with the status “Idea”"
        )
    ).to_be_visible()
    expect(page.get_by_role("progressbar", name="STAR stories documented")).to_have_attribute(
        "aria-valuenow", "0"
    )
    expect(page.locator("#activities-heading")).to_contain_text("3")
    assert page.evaluate("window.stillTheSamePage") is True  # htmx swapped, no reload

    page.get_by_label("What went well").fill("Kept a daily slot before work")
    page.get_by_label("4").check()
    page.get_by_role("button", name="Save review").click()
    expect(page.get_by_text("Weekly review saved.")).to_be_visible()

    page.get_by_role("link", name="Dashboard").click()
    expect(page.locator("#plan-stats")).to_contain_text("1 of 24")
    expect(page.locator("#plan-completion")).not_to_have_text("0 %")
    expect(page.get_by_text("Cloud fundamentals: compute and storage")).to_be_visible()
    assert serious_accessibility_violations(page) == []


def test_logging_works_without_javascript(browser, live_server):
    user = UserFactory()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    log_in(page, user.email, TEST_PASSWORD)
    page.goto("/plan/onboarding/")
    page.get_by_role("button", name="Create my plan").click()
    page.goto("/plan/")
    page.locator("#log-coding summary").click()
    # Without JavaScript the closed panel cannot fetch its form: its link opens the week with it.
    page.get_by_role("link", name="Open the coding problem form").click()
    page.locator("#id_coding_title").fill("Valid anagram")
    page.get_by_role("button", name="Log coding problem").click()
    expect(page.get_by_text("Logged: coding problem.")).to_be_visible()
    expect(page.locator('[data-goal="coding"] .goal-count')).to_have_text("1")
    context.close()


@pytest.mark.same_on_every_database
def test_readiness_page_is_accessible_on_a_phone(phone_page):
    user = UserFactory()
    log_in(phone_page, user.email, TEST_PASSWORD)
    phone_page.goto("/plan/onboarding/")
    phone_page.get_by_role("button", name="Create my plan").click()
    phone_page.goto("/plan/readiness/")
    expect(
        phone_page.get_by_role("heading", name=re.compile("Readiness self-assessment"))
    ).to_be_visible()
    assert serious_accessibility_violations(phone_page) == []
