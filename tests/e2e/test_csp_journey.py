"""Under the Content-Security-Policy every key page works with no violation in the console."""

import pytest
from playwright.sync_api import expect

from accounts.demo import DEMO_EMAIL, DEMO_PASSWORD, demo_account_load
from tests.e2e.fixtures import log_in, wait_until_settled

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ANONYMOUS_PAGES = ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
SIGNED_IN_PAGES = [
    "/dashboard/",
    "/plan/weeks/",
    "/plan/",
    "/plan/readiness/",
    "/stories/",
    "/stories/matrix/",
    "/portfolio/",
    "/portfolio/preview/",
    "/reminders/",
    "/account/profile/",
    "/account/tokens/",
    "/account/data/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/api/docs/",
]


def _watch_for_violations(page) -> list[str]:
    problems: list[str] = []

    def on_console(message) -> None:
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            problems.append(f"{page.url}: {text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    return problems


@pytest.mark.same_on_every_database
def test_key_pages_raise_no_csp_violation_and_their_scripts_run(page):
    demo_account_load()
    problems = _watch_for_violations(page)

    for path in ANONYMOUS_PAGES:
        page.goto(path)
        wait_until_settled(page)

    log_in(page, DEMO_EMAIL, DEMO_PASSWORD)
    for path in SIGNED_IN_PAGES:
        response = page.goto(path)
        assert response is not None and response.status < 400, path
        wait_until_settled(page)

    assert problems == []


@pytest.mark.same_on_every_database
def test_bootstrap_htmx_mermaid_and_swagger_work_under_the_policy(page):
    demo_account_load()
    problems = _watch_for_violations(page)
    log_in(page, DEMO_EMAIL, DEMO_PASSWORD)

    # Bootstrap: the account menu opens.
    page.get_by_role("button", name="Demo Candidate").click()
    expect(page.get_by_role("link", name="Your data: export, import, delete")).to_be_visible()

    # htmx: the library loaded and processed the page.
    page.goto("/plan/")
    assert page.evaluate("typeof window.htmx") == "object"

    # Mermaid: the architecture diagram is drawn as SVG.
    page.goto("/portfolio/preview/")
    expect(page.locator("[data-mermaid-source] svg").first).to_be_visible()

    # Swagger UI: the operations list renders from the schema.
    page.goto("/api/docs/")
    # Generating the schema of every endpoint takes a few seconds on a busy machine.
    expect(page.locator(".opblock").first).to_be_visible(timeout=30_000)

    assert problems == []


def test_story_editor_autosaves_under_the_policy_and_pauses_on_a_conflict(page):
    from stories.models import Story

    demo_account_load()
    problems = _watch_for_violations(page)
    log_in(page, DEMO_EMAIL, DEMO_PASSWORD)
    story = Story.objects.filter(owner__email=DEMO_EMAIL).order_by("pk").first()
    edit_path = f"/stories/{story.pk}/edit/"

    page.goto(edit_path)
    page.locator("#story-form textarea").first.press_sequentially(" Typed here.")
    expect(page.locator("#autosave-status")).to_contain_text("Saved at")

    # Another tab saves first: this tab shows the conflict and sends nothing more.
    other = page.context.new_page()
    other.goto(edit_path)
    other.locator("#story-form textarea").first.press_sequentially(" Other tab.")
    expect(other.locator("#autosave-status")).to_contain_text("Saved at")
    page.locator("#story-form textarea").first.press_sequentially(" Stale.")
    expect(page.locator("#conflict-panel section")).to_be_visible()
    page.evaluate(
        """() => {
          window.autosaveCancelled = null;
          document.querySelector("#story-form").addEventListener("htmx:confirm", (event) => {
            window.autosaveCancelled = event.defaultPrevented;
          });
        }"""
    )
    page.locator("#story-form textarea").first.press_sequentially(" Still stale.")
    page.wait_for_function("() => window.autosaveCancelled !== null")

    assert page.evaluate("window.autosaveCancelled") is True
    assert problems == []


@pytest.mark.same_on_every_database
def test_the_admin_works_under_the_policy(page):
    from tests.factories import TEST_PASSWORD, UserFactory

    admin = UserFactory(is_staff=True, is_superuser=True)
    problems = _watch_for_violations(page)

    page.goto("/admin/login/")
    page.locator("#id_username").fill(admin.email)
    page.locator("#id_password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    page.goto(f"/admin/accounts/user/{admin.pk}/change/")
    expect(page.locator("#id_email")).to_have_value(admin.email)
    # The admin's own scripts run: the collapsible navigation sidebar toggles.
    page.locator("#toggle-nav-sidebar").click()
    expect(page.locator("#nav-sidebar")).to_be_hidden()
    page.goto("/admin/accounts/user/?q=" + admin.email)
    wait_until_settled(page)

    assert problems == []
