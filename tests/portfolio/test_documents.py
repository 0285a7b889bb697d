"""The documents a reader gets, checked against golden files.

Regenerate after an intended change with `UPDATE_GOLDEN=1 pytest tests/portfolio/test_documents.py`
and read the diff before committing it.
"""

import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from portfolio import services
from portfolio.diagram_renderer import RenderResult
from portfolio.exports import render_html, render_markdown, render_pdf
from portfolio.selectors import portfolio_content_get
from stories.services import story_create
from tests.factories import UserFactory
from tests.portfolio.test_diagrams import DRAWN

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden"


def _keep(name: str, pdf: bytes) -> bytes:
    # PORTFOLIO_PDF_DIR=/tmp/x keeps the PDFs to look at (pdftoppm -png).
    if os.environ.get("PORTFOLIO_PDF_DIR"):
        (Path(os.environ["PORTFOLIO_PDF_DIR"]) / name).write_bytes(pdf)
    return pdf


def _golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") or not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual)
    assert actual == path.read_text()


@pytest.fixture
def reader_portfolio():
    """The portfolio of the issue: four before→after metrics, a diagram, three options."""
    owner = UserFactory(display_name="Ada Example")
    portfolio = services.portfolio_get_or_create(owner=owner)
    services.portfolio_update_summary(
        portfolio=portfolio,
        current_role="Senior Engineering Manager, Checkout & Payments",
        years_of_experience=12,
        team_size_and_scope="24 engineers in 3 teams",
        summary_text="I lead Checkout & Payments.\r\nWe ship <fast> and measure it.",
    )
    story = story_create(
        owner=owner,
        data={
            "title": "Rescuing checkout before the sale",
            "situation": "Checkout took three seconds at peak. Carts were abandoned.",
            "task": "Bring p95 under 300 ms before the sale.",
            "action": "I profiled the hot path and queued payment calls.",
            "result": "p95 went from 3 s to 180 ms.",
            "primary_principle": "deliver-results",
            "metrics": [
                {
                    "label": "p95 latency",
                    "before_value": "3",
                    "before_unit": "s",
                    "after_value": "180",
                    "unit": "ms",
                }
            ],
        },
    )
    source = "graph TD\r\n  Gateway --> Orders"
    services.case_study_create(
        portfolio=portfolio,
        fields={
            "title": "Checkout & Payments split",
            "kind": "architecture",
            "role": "Engineering manager",
            "situation": "One deploy a week.\r\nEvery release was risky.",
            "results": "Lead time fell from three days to hours & incidents dropped.",
            "architecture_diagram": source,
        },
        metrics=[
            {
                "group": "technical",
                "name": "Lead time",
                "before": 72,
                "before_unit": "h",
                "after": 0.25,
                "after_unit": "h",
                "period": "",
            },
            {
                "group": "technical",
                "name": "p99 latency",
                "before": 3,
                "before_unit": "s",
                "after": 180,
                "after_unit": "ms",
                "period": "at peak",
            },
            {
                "group": "business",
                "name": "Cart abandonment",
                "before": 23,
                "before_unit": "%",
                "after": 5,
                "after_unit": "%",
                "period": "",
            },
            {
                "group": "business",
                "name": "Revenue",
                "before": 1.2,
                "before_unit": "$M/year",
                "after": 2.8,
                "after_unit": "$M/year",
                "period": "",
            },
        ],
        stories=[story],
    )
    services.decision_record_create(
        portfolio=portfolio,
        fields={"title": "Queue payment calls", "status": "accepted", "decision": "Use a queue."},
        options=[
            {"title": "Synchronous calls", "pros": "Simple", "cons": "Slow at peak"},
            {"title": "A queue", "pros": "Absorbs peaks", "cons": "Eventual"},
            {"title": "Batching", "pros": "Cheap", "cons": "Delays"},
        ],
    )
    rendering = services.diagram_request(source=source)
    services.diagrams_render(
        renderings=[rendering],
        renderer=lambda diagrams: [RenderResult(svg=DRAWN, error="") for _ in diagrams],
    )
    return portfolio_content_get(portfolio=portfolio)


def test_markdown_matches_the_golden_file(reader_portfolio):
    text = render_markdown(reader_portfolio)

    assert "&amp;" not in text and "&lt;" not in text and "\r" not in text
    assert "Checkout & Payments split" in text
    _golden("portfolio.md", text)


def test_metrics_read_with_units_points_and_currency(reader_portfolio):
    text = render_markdown(reader_portfolio)

    assert "| Lead time   | 72 h   | 0.25 h | \u221299.7 %, better |" in text
    assert "3 s    | 180 ms | \u221294 %, better" in text
    assert "| Cart abandonment | 23 %         | 5 %          | \u221218 points, better |" in text
    assert "| Revenue          | $1.2M a year | $2.8M a year | +133 %, better     |" in text


def test_html_has_no_carriage_returns_and_draws_the_diagram(reader_portfolio):
    html = render_html(reader_portfolio)

    assert "\r" not in html
    assert '<div class="diagram-drawing"' in html
    assert "Rescuing checkout before the sale" in html and "Key metric:" in html


def test_pdf_text_matches_the_golden_file(reader_portfolio):
    pdf = PdfReader(io.BytesIO(_keep("full.pdf", render_pdf(reader_portfolio))))
    text = "\n\n".join(page.extract_text() for page in pdf.pages)

    assert "Contents" in text and "Page 1 of" in text
    assert "graph TD" not in text and "Gateway" in text
    _golden("portfolio.pdf.txt", text)


def test_the_brief_is_exactly_one_page_even_for_a_heavy_portfolio(user):
    from tests.portfolio.conftest import build_portfolio

    build_portfolio(user, case_studies=30, stories=60, metrics=200, records=2)
    portfolio = services.portfolio_get_or_create(owner=user)
    services.portfolio_update_summary(
        portfolio=portfolio, summary_text="A very long summary sentence. " * 400
    )
    content = portfolio_content_get(portfolio=portfolio)

    pdf = PdfReader(io.BytesIO(_keep("heavy-brief.pdf", render_pdf(content, layout="brief"))))

    assert len(pdf.pages) == 1
    text = pdf.pages[0].extract_text()
    assert "STRONGEST CASE STUDIES" in text and "LEADERSHIP PRINCIPLES SHOWN" in text


def test_the_brief_picks_the_case_studies_with_the_most_improvements(reader_portfolio):
    html = render_html(reader_portfolio, layout="brief")
    _keep("brief.pdf", render_pdf(reader_portfolio, layout="brief"))

    assert "Checkout &amp; Payments split" in html
    assert "Lead time: 72 h → 0.25 h (\u221299.7 %, better)" in html
