import io
import json
import urllib.request

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.fixtures import log_in, serious_accessibility_violations, wait_until_settled
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EXPECTED_DOWNLOADS = {
    "json": ("application/json", ".json"),
    "md": ("text/markdown; charset=utf-8", ".md"),
    "html": ("text/html; charset=utf-8", ".html"),
    "pdf": ("application/pdf", ".pdf"),
    "jsonresume": ("application/json", ".resume.json"),
}


def fill_summary(page) -> None:
    page.get_by_role("link", name="Edit executive summary").click()
    page.get_by_label("Current role").fill("Senior Engineering Manager")
    page.get_by_label("Years of experience").fill("12")
    page.get_by_label("Team size and scope").fill("24 engineers in 3 teams")
    page.get_by_label("One-page summary").fill("I lead the payments teams. <b>Bold claim</b>")
    page.get_by_role("button", name="Save summary").click()
    expect(page.get_by_text("Executive summary saved.")).to_be_visible()


def add_case_study(page) -> None:
    page.get_by_role("link", name="Add a case study").click()
    page.locator("#id_title").fill("Checkout platform split")
    page.get_by_label("Kind").select_option("architecture")
    page.get_by_label("Architecture diagram").fill(
        "graph TD\n  Gateway --> Orders\n  Gateway --> Payments"
    )
    page.locator("#id_metrics-0-group").select_option("technical")
    page.locator("#id_metrics-0-name").fill("Deploy time")
    page.locator("#id_metrics-0-before").fill("45")
    page.locator("#id_metrics-0-after").fill("3")
    page.locator("#id_metrics-0-before_unit").fill("min")
    page.locator("#id_metrics-0-after_unit").fill("min")
    page.get_by_role("button", name="Add metric").click()
    page.locator("#id_metrics-1-group").select_option("business")
    page.locator("#id_metrics-1-name").fill("Cloud cost")
    page.locator("#id_metrics-1-before").fill("2")
    page.locator("#id_metrics-1-after").fill("1.3")
    page.get_by_role("button", name="Save case study").click()
    expect(page.get_by_role("link", name="Checkout platform split", exact=True)).to_be_visible()


def add_decision_record(page) -> None:
    page.get_by_role("link", name="Add a decision record").click()
    page.locator("#id_title").fill("Extract services gradually")
    page.get_by_label("Status").select_option("accepted")
    page.locator("#id_options-0-title").fill("Big bang rewrite")
    page.locator("#id_options-0-pros").fill("Fast")
    page.locator("#id_options-0-cons").fill("Risky")
    page.get_by_role("button", name="Save decision record").click()
    expect(page.get_by_role("link", name="Extract services gradually", exact=True)).to_be_visible()


def download(url: str, token: str):
    # A plain HTTP client with the token only: no browser cookies, like a user's script.
    request = urllib.request.Request(url, headers={"Authorization": f"Token {token}"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        return response.status, response.headers, response.read()


@pytest.fixture
def diagrams_drawn_at_once(monkeypatch):
    """No Celery worker in browser tests: the drawing task runs inside the saving request."""
    from portfolio.tasks import diagram_render_task

    monkeypatch.setattr(diagram_render_task, "delay", diagram_render_task)


def test_build_preview_share_and_export_the_portfolio(
    page, browser, live_server, diagrams_drawn_at_once, tmp_path
):
    user = UserFactory()
    # Saving the case study waits for Chromium to draw the diagram (seconds on a busy machine).
    page.set_default_timeout(90_000)
    log_in(page, user.email, TEST_PASSWORD)
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Portfolio"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your technical leadership portfolio")

    fill_summary(page)
    add_case_study(page)
    add_decision_record(page)

    page.get_by_role("link", name="Preview as a reader").click()
    document = page.locator("article.portfolio-document")
    expect(document).to_contain_text("Deploy time")
    expect(document).to_contain_text("\u221293 %, better")
    expect(document).to_contain_text("<b>Bold claim</b>")
    # Drawn on the server when the case study was saved; the source waits behind a toggle.
    expect(document.locator(".diagram-drawing svg")).to_be_visible()
    expect(document.locator(".diagram-drawing svg text").first).to_contain_text("Gateway")
    expect(document.locator("details.doc-diagram-source pre")).to_be_hidden()
    document.get_by_text("Diagram source").first.click()
    expect(document.locator("details.doc-diagram-source pre").first).to_contain_text("graph TD")

    page.get_by_role("link", name="Portfolio", exact=True).first.click()
    page.get_by_role("button", name="Create a share link").click()
    share_url = page.locator("input[id^=share-link-]").input_value()
    visitor = browser.new_context()
    visitor_page = visitor.new_page()
    visitor_page.goto(share_url)
    expect(visitor_page.locator("article.portfolio-document")).to_contain_text(
        "Extract services gradually"
    )
    expect(visitor_page.locator(".diagram-drawing svg")).to_be_visible()
    expect(visitor_page.locator('meta[name="robots"]')).to_have_attribute(
        "content", "noindex, nofollow"
    )
    expect(visitor_page.get_by_role("link", name="Log in")).to_be_visible()
    visitor.close()

    page.goto("/account/tokens/")
    page.get_by_label("Name").fill("export script")
    page.get_by_role("button", name="Create token").click()
    token = page.locator("#new-token-value").input_value()

    for export_format, (media_type, extension) in EXPECTED_DOWNLOADS.items():
        status, headers, body = download(
            f"{live_server.url}/api/portfolio/export/?format={export_format}", token
        )
        assert status == 200
        assert headers["Content-Type"] == media_type
        assert headers["Content-Disposition"].endswith(f'{extension}"')
        if export_format == "json":
            assert json.loads(body)["case_studies"][0]["title"] == "Checkout platform split"
        if export_format == "pdf":
            assert body.startswith(b"%PDF-")
        if export_format == "md":
            assert "### 1. Checkout platform split" in body.decode()
        if export_format == "json":
            exported = body

    status, headers, brief = download(
        f"{live_server.url}/api/portfolio/export/?format=pdf&layout=brief", token
    )
    assert status == 200 and headers["Content-Disposition"].endswith('.pdf"')
    assert len(PdfReader(io.BytesIO(brief)).pages) == 1

    # The JSON export goes back in through the import page: check, then confirm.
    upload = tmp_path / "portfolio.json"
    upload.write_bytes(exported)
    page.goto("/portfolio/import/")
    page.get_by_label("JSON export").set_input_files(str(upload))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="What the import would change")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Confirm the import").click()
    expect(page.get_by_text("Portfolio imported.")).to_be_visible()


@pytest.mark.same_on_every_database
def test_portfolio_pages_have_no_serious_accessibility_violations(page, browser):
    user = UserFactory()
    log_in(page, user.email, TEST_PASSWORD)
    page.goto("/portfolio/")
    add_case_study(page)
    page.get_by_role("button", name="Create a share link").click()
    share_url = page.locator("input[id^=share-link-]").input_value()

    for path in (
        "/portfolio/",
        "/portfolio/summary/",
        "/portfolio/case-studies/new/",
        "/portfolio/decisions/new/",
        "/portfolio/dashboard/",
        "/portfolio/checklist/",
        "/portfolio/import/",
        "/portfolio/preview/",
        "/dashboard/",
        share_url,
    ):
        page.goto(path)
        wait_until_settled(page)
        assert serious_accessibility_violations(page) == [], path
