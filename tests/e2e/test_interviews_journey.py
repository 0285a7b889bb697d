"""Browser journey: an application, an onsite loop of five rounds, a story plan with one swap,
the brief as PDF, a debrief, and the telling showing on the story."""

import datetime
import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from interviews.models import Loop, StoryAssignment
from stories.models import LeadershipPrinciple
from tests.e2e.fixtures import log_in, serious_accessibility_violations
from tests.factories import TEST_PASSWORD, StoryFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROUNDS = [
    ("09:00", "behavioural", "Priya"),
    ("10:15", "system_design", "Marco"),
    ("11:30", "behavioural", "Jen"),
    ("13:30", "bar_raiser", "Tomasz"),
    ("14:45", "hiring_manager", "Alex"),
]


def seed_bank(user) -> None:
    for principle in LeadershipPrinciple.objects.all():
        for grade in ("polished", "draft"):
            StoryFactory(
                owner=user,
                title=f"{principle.name} story ({grade})",
                primary_principle=principle,
                status=grade,
            )


def assert_accessible(page) -> None:
    assert serious_accessibility_violations(page) == []


def test_plan_an_onsite_brief_it_and_debrief_a_round(page, phone_page):
    user = UserFactory(timezone="UTC")
    seed_bank(user)
    # Yesterday: the rounds have taken place, so the journey can end with a debrief.
    day = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    log_in(page, user.email, TEST_PASSWORD)

    page.get_by_role("link", name="Interviews", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="New application").click()
    page.get_by_label("Company").fill("Amazon")
    page.get_by_label("Role").fill("Senior Software Development Manager")
    page.get_by_label("Level").select_option("L7")
    page.get_by_label("Status").select_option("onsite")
    page.get_by_role("button", name="Save application").click()
    expect(page.get_by_role("heading", name="Amazon")).to_be_visible()

    page.get_by_role("link", name="New loop").click()
    page.get_by_label("Kind").select_option("onsite")
    page.get_by_label("Starts on").fill(day)
    page.get_by_label("Ends on").fill(day)
    page.get_by_label("Questions to ask").fill("How is success measured in the first year?")
    page.get_by_role("button", name="Save loop").click()

    for start, kind, interviewer in ROUNDS:
        page.get_by_role("link", name="Add round").first.click()
        page.get_by_label("Starts at (your time zone)").fill(f"{day}T{start}")
        page.get_by_label("Length (minutes)").fill("60")
        page.get_by_label("Kind").select_option(kind)
        page.get_by_label("Interviewer name").fill(interviewer)
        page.get_by_role("button", name="Save round").click()
        expect(page.get_by_text(f"{interviewer}").first).to_be_visible()

    page.get_by_role("button", name="Use Amazon's usual principle split").click()
    page.get_by_role("button", name="Plan stories").click()
    expect(page.get_by_text("Planned 15 stories and 15 backups.")).to_be_visible()
    assert_accessible(page)

    loop = Loop.objects.get(application__owner=user)
    first_round = loop.rounds.order_by("starts_at").first()
    swap_to = "Customer Obsession story (draft)"
    round_card = page.locator(f"#round-{first_round.pk}")
    round_card.get_by_role("link", name="Swap in a story…").click()
    expect(round_card.get_by_label("Principle")).to_be_focused()  # the form takes the focus
    round_card.get_by_label("Principle").select_option(label="Customer Obsession")
    round_card.get_by_label("Story").select_option(label=swap_to)
    round_card.get_by_role("button", name="Pin").click()
    expect(page.get_by_text(f"Pinned “{swap_to}”.")).to_be_visible()
    pinned = StoryAssignment.objects.get(round=first_round, pinned=True)
    assert pinned.story.title == swap_to

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Brief PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    text = " ".join(
        " ".join(p.extract_text().split())
        for p in PdfReader(io.BytesIO(download.path().read_bytes())).pages
    )
    assert "Round 1: Behavioural" in text
    assert swap_to in text
    assert "How is success measured in the first year?" in text

    page.get_by_role("link", name="Brief", exact=True).click()
    expect(page.get_by_role("heading", name="Round 5: Hiring manager")).to_be_visible()
    assert_accessible(page)
    page.go_back()

    round_card = page.locator(f"#round-{first_round.pk}")
    round_card.get_by_role("link", name="Record debrief").click()
    page.get_by_label("What was asked").fill("A time you changed a plan for a customer")
    page.get_by_label("How it went (1-5)").fill("4")
    assert_accessible(page)
    page.get_by_role("button", name="Save debrief").click()
    expect(page.get_by_text("They heard:")).to_be_visible()
    round_card = page.locator(f"#round-{first_round.pk}")
    round_card.get_by_role("link", name=swap_to).last.click()
    usage = page.locator("#usage")
    expect(usage.get_by_text("Told 1 time")).to_be_visible()
    expect(usage.get_by_text("Amazon: onsite, behavioural round (Priya)")).to_be_visible()

    # The board works on a phone: move the application forward with a button.
    log_in(phone_page, user.email, TEST_PASSWORD)
    phone_page.goto("/interviews/")
    phone_page.get_by_role("button", name="Move Amazon forward").click()
    expect(phone_page.locator("#col-offer").locator("..").locator("..")).to_contain_text("Amazon")
    assert_accessible(phone_page)
