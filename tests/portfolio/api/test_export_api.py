import json

import jsonschema
import markdown
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from portfolio.exchange import export_schema
from tests.factories import UserFactory
from tests.portfolio.conftest import build_portfolio

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("api:portfolio-export")
SCRIPT = "<script>alert('pwned')</script>"


def export(client, export_format: str):
    return client.get(EXPORT_URL, {"format": export_format})


def test_json_export_holds_the_whole_portfolio_and_matches_its_schema(
    user_api_client, full_portfolio
):
    response = export(user_api_client, "json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="prepsite-portfolio-')
    assert response["Content-Disposition"].endswith('.json"')
    document = json.loads(response.content)
    jsonschema.Draft202012Validator(export_schema()).validate(document)
    assert document["schema_version"] == 2
    assert document["summary"]["technical_domains"] == ["Payments", "Distributed systems"]
    assert [case["title"] for case in document["case_studies"]] == ["Case 1", "Case 2", "Case 3"]
    deploy = document["case_studies"][0]["metrics"][0]
    assert deploy == {
        "group": "technical",
        "name": "Deploy time",
        "before": 45.0,
        "after": 3.0,
        "before_unit": "min",
        "after_unit": "min",
        "period": "per deploy",
        "change_percent": -93.3,
    }
    assert document["case_studies"][0]["stories"] == ["story-1", "story-2"]
    assert document["stories"][0]["title"] == "Growing a tech lead"
    assert document["stories"][1]["primary_principle"] == "deliver-results"
    assert "id" not in document["stories"][1]
    assert document["decision_records"][0]["superseded_by"] == "tdr-2"
    slugs = {principle["slug"] for principle in document["principles"]}
    assert {"ownership", "think-big", "deliver-results", "dive-deep"} <= slugs


def test_format_defaults_to_json(user_api_client, full_portfolio):
    response = user_api_client.get(EXPORT_URL)

    assert response.status_code == 200
    assert json.loads(response.content)["schema_version"] == 2


def test_markdown_export_has_a_heading_per_section_and_metric_tables(
    user_api_client, full_portfolio
):
    response = export(user_api_client, "md")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"].endswith('.md"')
    text = response.content.decode()
    for heading in (
        "## Executive summary",
        "## Case studies",
        "### 1. Case 1",
        "## Technical decision records",
        "## Metrics dashboard",
        "## Review checklist",
        "## Appendix: linked STAR stories",
    ):
        assert heading in text
    assert "| Metric      | Before | After | Change        | Period     |" in text
    assert "| Deploy time | 45 min | 3 min | \u221293 %, better | per deploy |" in text
    assert "| Cost   | $2M a month | $1.3M a month | \u221235 %, better |        |" in text
    assert "```mermaid\ngraph TD\n  A --> B\n```" in text


def test_html_export_is_a_standalone_printable_document(user_api_client, full_portfolio):
    response = export(user_api_client, "html")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Content-Disposition"].endswith('.html"')
    html = response.content.decode()
    assert html.startswith("<!DOCTYPE html>")
    assert "@page" in html
    assert "Extract services gradually" in html
    assert "<script" not in html


def test_pdf_export_is_a_pdf(user_api_client, full_portfolio):
    response = export(user_api_client, "pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('.pdf"')
    assert response.content.startswith(b"%PDF-")


def test_json_resume_export_is_valid_against_the_official_schema(user_api_client, full_portfolio):
    schema_path = settings.NODE_MODULES / "@jsonresume" / "schema" / "schema.json"
    schema = json.loads(schema_path.read_text())

    response = export(user_api_client, "jsonresume")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].endswith('.resume.json"')
    resume = json.loads(response.content)
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).validate(resume)
    assert resume["basics"]["label"] == "Senior Engineering Manager"
    assert resume["work"][0]["highlights"] == [
        "Halved checkout latency",
        "Promoted three engineers",
    ]
    assert [project["name"] for project in resume["projects"]] == ["Case 1", "Case 2", "Case 3"]
    assert (
        "Deploy time: 45 min → 3 min (\u221293 %, better), per deploy"
        in resume["projects"][0]["highlights"]
    )
    assert resume["projects"][0]["keywords"] == ["Kafka", "PostgreSQL"]


def test_unknown_format_is_a_400_listing_the_valid_ones(user_api_client, full_portfolio):
    response = export(user_api_client, "docx")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_format"
    assert "json, md, html, pdf, jsonresume" in body["detail"]


def test_export_needs_authentication(api_client):
    response = export(api_client, "json")

    assert response.status_code == 401


def test_export_works_with_a_personal_token(full_portfolio, api_client):
    from accounts.services import api_token_create

    _, token = api_token_create(user=full_portfolio.owner, name="script")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    response = export(api_client, "md")

    assert response.status_code == 200
    assert "Case 1" in response.content.decode()


def test_export_never_contains_another_users_portfolio(user_api_client, other_user):
    build_portfolio(other_user, case_studies=1, stories=1, metrics=1)

    document = json.loads(export(user_api_client, "json").content)

    assert document["case_studies"] == []
    assert document["stories"] == []


def test_an_empty_portfolio_exports_in_every_format(user_api_client):
    for export_format in ("json", "md", "html", "pdf", "jsonresume"):
        assert export(user_api_client, export_format).status_code == 200


@pytest.fixture
def hostile_portfolio(user):
    portfolio = build_portfolio(user, case_studies=1, stories=1, metrics=1, records=1)
    portfolio.summary_text = SCRIPT
    portfolio.current_role = "<img src=x onerror=alert(1)>"
    portfolio.save()
    case = portfolio.case_studies.get()
    case.title = f"Title {SCRIPT}"
    case.situation = "[click](javascript:alert(1)) <b>bold</b>"
    case.save()
    metric = case.metrics.get()
    metric.name = f"Metric | {SCRIPT}"
    metric.save()
    portfolio.decision_records.update(context=SCRIPT)
    return portfolio


def test_markup_in_fields_is_escaped_in_the_html_export(user_api_client, hostile_portfolio):
    html = export(user_api_client, "html").content.decode()

    assert "<script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt;" in html


def test_markup_in_fields_is_escaped_in_the_markdown_export(user_api_client, hostile_portfolio):
    text = export(user_api_client, "md").content.decode()
    rendered = markdown.markdown(text, extensions=["tables", "fenced_code"])

    assert "<script" not in rendered
    assert "<img" not in rendered
    assert 'href="javascript' not in rendered
    assert "&lt;" not in text
    assert "<\\script>" in text
    assert "Metric \\| <\\script>" in text


def test_markup_in_fields_is_escaped_in_the_pdf(user_api_client, hostile_portfolio, monkeypatch):
    from portfolio import exports

    printed_sources = []
    real_html_to_pdf = exports.html_to_pdf

    def spy(html: str) -> bytes:
        printed_sources.append(html)
        return real_html_to_pdf(html)

    monkeypatch.setattr(exports, "html_to_pdf", spy)

    response = export(user_api_client, "pdf")

    assert response.content.startswith(b"%PDF-")
    assert "<script>" not in printed_sources[0]
    assert "&lt;script&gt;" in printed_sources[0]


def _export_queries(user, export_format: str) -> int:
    client = APIClient()
    client.force_authenticate(user)
    with CaptureQueriesContext(connection) as queries:
        response = export(client, export_format)
    assert response.status_code == 200
    return len(queries)


def test_export_runs_the_same_number_of_queries_for_a_large_portfolio():
    """30 case studies, 60 stories and 200 metrics cost no more queries than one of each."""
    small_owner, large_owner = UserFactory(), UserFactory()
    build_portfolio(small_owner, case_studies=1, stories=1, metrics=1)
    build_portfolio(large_owner, case_studies=30, stories=60, metrics=200)

    for export_format in ("json", "md", "html", "jsonresume"):
        small = _export_queries(small_owner, export_format)
        large = _export_queries(large_owner, export_format)
        # One more for md and html: the diagrams' drawings, fetched in one query.
        assert small == large <= 13, export_format


def test_a_deleted_story_drops_out_of_the_export(user_api_client, full_portfolio):
    from stories.models import Story
    from stories.services import story_soft_delete

    story_soft_delete(story=Story.objects.get(title="Growing a tech lead"))

    document = json.loads(export(user_api_client, "json").content)

    assert [story["title"] for story in document["stories"]] == [
        "Rescuing checkout before the holiday sale"
    ]
    assert document["case_studies"][1]["stories"] == []


def test_pdf_still_laid_out_at_the_deadline_is_a_json_503_not_a_hung_worker(
    user_api_client, full_portfolio, monkeypatch
):
    from prepsite import limits

    monkeypatch.setattr(limits, "PDF_RENDER_SECONDS_MAX", 0)

    response = export(user_api_client, "pdf")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == "pdf_timeout"
    assert "took longer than 0 seconds" in body["detail"] and "HTML" in body["detail"]
    monkeypatch.undo()
    assert export(user_api_client, "pdf").content.startswith(b"%PDF-")


def test_the_schema_documents_both_ways_a_pdf_can_be_refused(user_api_client):
    schema = user_api_client.get(reverse("api:schema"), {"format": "json"}).json()

    for path in ("/api/portfolio/export/", "/api/interview-loops/{id}/brief/"):
        responses = schema["paths"][path]["get"]["responses"]
        assert "pdf_timeout" in responses["503"]["description"], path
    assert "413" in schema["paths"]["/api/portfolio/export/"]["get"]["responses"]
