import re

import pytest
from playwright.sync_api import expect

from tests.e2e.fixtures import log_in, serious_accessibility_violations
from tests.factories import TEST_PASSWORD, UserFactory
from tests.stories.examples import STRONG_STAR

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _wait_for_version(page, version: int) -> None:
    expect(page.locator("#id_version")).to_have_value(str(version), timeout=15_000)
    expect(page.locator("#autosave-status")).to_contain_text("Saved at")


def test_write_a_story_section_by_section_then_rehearse_and_restore(page):
    user = UserFactory()
    log_in(page, user.email, TEST_PASSWORD)

    page.get_by_role("link", name="Stories", exact=True).click()
    page.get_by_role("link", name="New story").click()
    page.get_by_label("Title").fill("Checkout latency rescue")
    page.get_by_role("button", name="Start writing").click()
    expect(page.get_by_role("heading", name="Edit story")).to_be_visible()
    # Autosave listens once htmx has processed the page.
    page.wait_for_load_state("load")

    page.get_by_label("Situation").fill(STRONG_STAR["situation"])
    _wait_for_version(page, 2)
    page.get_by_label("Task").fill(STRONG_STAR["task"])
    _wait_for_version(page, 3)

    page.reload(wait_until="load")
    expect(page.get_by_label("Situation")).to_have_value(STRONG_STAR["situation"])
    expect(page.get_by_label("Task")).to_have_value(STRONG_STAR["task"])

    page.get_by_label("Action", exact=True).fill(STRONG_STAR["action"])
    page.get_by_label("Result", exact=True).fill(STRONG_STAR["result"])
    page.locator("#id_metrics-0-label").fill("Checkout latency")
    page.locator("#id_metrics-0-before_value").fill("3")
    page.locator("#id_metrics-0-before_unit").fill("s")
    page.locator("#id_metrics-0-after_value").fill("180")
    page.locator("#id_metrics-0-unit").fill("ms")
    page.get_by_role("button", name="Add another metric").click()
    page.locator("#id_metrics-1-label").fill("Cart abandonment")
    page.locator("#id_metrics-1-before_value").fill("23")
    page.locator("#id_metrics-1-after_value").fill("5")
    page.locator("#id_metrics-1-unit").fill("%")
    page.get_by_label("Primary principle").select_option(label="Deliver Results")
    page.get_by_label("Dive Deep").check()
    quality = page.locator("#quality-panel")
    expect(quality.locator('[data-check="principle"]')).to_have_attribute(
        "data-status", "pass", timeout=8_000
    )
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Saved “Checkout")).to_be_visible()

    expect(quality.locator('[data-status="warn"]')).to_have_count(0)
    expect(quality.locator(".badge")).to_have_text("7/7")

    page.get_by_role("link", name="Stories", exact=True).click()
    page.get_by_role("link", name="Principle matrix").click()
    deliver = page.locator('tr[data-principle="deliver-results"]')
    expect(deliver.locator("[data-count]")).to_contain_text("1")
    expect(page.locator('tr[data-principle="dive-deep"] [data-mark="secondary"]')).to_have_count(1)
    deliver.locator('[data-mark="primary"]').click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Checkout latency rescue")
    page.get_by_role("button", name="Start").click()
    page.wait_for_timeout(1_200)
    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_label("Duration (seconds)")).to_have_value(re.compile(r"^[1-9]\d*$"))
    page.get_by_label("Good: clear and on time").check()
    page.get_by_role("button", name="Mark rehearsed").click()
    expect(page.get_by_text("Rehearsal logged. Next rehearsal:")).to_be_visible()

    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Title").fill("A title I regret")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="A title I regret")).to_be_visible()

    page.get_by_role("link", name="History").click()
    expect(page.locator(".diff del")).to_contain_text("Checkout")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=re.compile(r"^Restore revision 2$")).click()
    expect(page.get_by_text("Revision 2 restored")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Checkout latency rescue")


def test_typing_then_leaving_at_once_still_keeps_the_text(page):
    user = UserFactory()
    log_in(page, user.email, TEST_PASSWORD)
    page.goto("/stories/new/")
    page.get_by_label("Title").fill("Left in a hurry")
    page.get_by_role("button", name="Start writing").click()
    page.wait_for_load_state("load")
    editor_url = page.url
    page.on("dialog", lambda dialog: dialog.accept())

    text = "Typed a second before closing the tab."
    page.get_by_label("Situation").fill(text)
    page.goto("/stories/")
    # The browser delivers the beacon in the background; give it a moment to land.
    for _ in range(10):
        page.goto(editor_url)
        if page.get_by_label("Situation").input_value() == text:
            break
        page.wait_for_timeout(300)
    expect(page.get_by_label("Situation")).to_have_value(text)


@pytest.mark.same_on_every_database
def test_story_pages_have_no_serious_accessibility_violations(page):
    user = UserFactory()
    log_in(page, user.email, TEST_PASSWORD)
    page.goto("/stories/new/")
    page.get_by_label("Title").fill("Accessible story")
    page.get_by_role("button", name="Start writing").click()
    story_url = page.url.replace("edit/", "")
    for url in [
        "/stories/",
        page.url,
        story_url,
        story_url + "history/",
        "/stories/matrix/",
        "/stories/questions/",
        "/dashboard/",
    ]:
        page.goto(url)
        assert serious_accessibility_violations(page) == [], url
