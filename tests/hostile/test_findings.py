"""One regression test per numbered finding of issue 9 (hostile and unlucky input)."""

import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from portfolio.models import CaseStudy, CaseStudyMetric
from prepsite import limits
from stories.models import Story, StoryMetric, StoryUsage
from tests.factories import CaseStudyFactory, CaseStudyMetricFactory, PortfolioFactory, StoryFactory

pytestmark = pytest.mark.django_db

CASE = {"title": "Payments re-platform", "kind": "migration"}


def _export(client, export_format: str = "json"):
    return client.get(reverse("api:portfolio-export"), {"format": export_format})


# 1. One user can take the server down: unbounded text, rows and uploads.


def test_finding1_case_study_text_over_its_limit_is_a_field_error(user_api_client):
    body = {**CASE, "situation": "x" * (limits.CASE_STUDY_SECTION_MAX + 1)}
    response = user_api_client.post(reverse("api:portfolio-case-study-list"), body, format="json")
    assert response.status_code == 400
    assert "situation" in response.json()["fields"]
    assert not CaseStudy.objects.exists()


def test_finding1_summary_over_its_limit_is_a_field_error(user_api_client):
    body = {"summary_text": "x" * (limits.LONG_TEXT_MAX + 1)}
    response = user_api_client.patch(reverse("api:portfolio-summary"), body, format="json")
    assert response.status_code == 400
    assert "summary_text" in response.json()["fields"]


def test_finding1_metric_rows_per_case_study_are_capped(user_api_client):
    metric = {"group": "technical", "name": "p99", "before": 1, "after": 2}
    body = {**CASE, "metrics": [metric] * (limits.METRICS_PER_CASE_STUDY_MAX + 1)}
    response = user_api_client.post(reverse("api:portfolio-case-study-list"), body, format="json")
    assert response.status_code == 400
    assert any(key.startswith("metrics") for key in response.json()["fields"])
    assert not CaseStudyMetric.objects.exists()


def test_finding1_case_studies_per_portfolio_are_capped(user_api_client, user):
    portfolio = PortfolioFactory(owner=user)
    for position in range(limits.CASE_STUDIES_MAX):
        CaseStudyFactory(portfolio=portfolio, position=position)
    response = user_api_client.post(reverse("api:portfolio-case-study-list"), CASE, format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()["fields"]
    assert CaseStudy.objects.count() == limits.CASE_STUDIES_MAX


def test_finding1_metrics_per_story_are_capped(user_api_client, user):
    story = StoryFactory(owner=user)
    for position in range(limits.METRICS_PER_STORY_MAX):
        StoryMetric.objects.create(
            story=story, label="m", before_value=1, after_value=2, position=position
        )
    url = reverse("api:story-metric-list", args=[story.pk])
    response = user_api_client.post(
        url, {"label": "one more", "before_value": "1", "after_value": "2"}, format="json"
    )
    assert response.status_code == 400
    assert "metrics" in response.json()["fields"]
    assert story.metrics.count() == limits.METRICS_PER_STORY_MAX


def test_finding1_oversize_upload_to_import_is_a_json_413(user_api_client):
    upload = io.BytesIO(b" " * (limits.UPLOAD_MAX_BYTES + 1))
    upload.name = "portfolio.json"
    response = user_api_client.post(
        reverse("api:portfolio-import"), {"file": upload}, format="multipart"
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "too_large"


def test_finding1_oversize_json_body_is_a_json_413_not_an_html_400(user_api_client):
    body = json.dumps({"title": "x" * (limits.REQUEST_BODY_MAX_BYTES + 1)})
    response = user_api_client.post(
        reverse("api:story-list"), body, content_type="application/json"
    )
    assert response.status_code == 413
    assert set(response.json()) == {"code", "detail", "fields"}


def test_finding1_exports_and_imports_are_throttled_per_user(user_api_client, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "portfolio_export": "2/hour"},
    }
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    api_settings.reload()
    SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    try:
        answers = [_export(user_api_client, "md").status_code for _ in range(3)]
    finally:
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
        api_settings.reload()
        SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    assert answers == [200, 200, 429]


# 3. One stored value poisons lists.


def test_finding3_story_metric_1kb_to_100tb_keeps_every_page_answering(user_api_client, user):
    story = StoryFactory(owner=user)
    url = reverse("api:story-metric-list", args=[story.pk])
    metric = {"label": "Data", "before_value": "1", "before_unit": "kb", "after_value": "100"}
    response = user_api_client.post(url, {**metric, "unit": "tb"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["change_percent"] is None  # beyond 12 digits: not shown, not stored
    PortfolioFactory(owner=user)
    CaseStudyFactory(portfolio=user.portfolio).stories.add(story)
    user_api_client.force_login(user)  # for the HTML page
    for path in [
        reverse("api:story-list"),
        reverse("api:story-detail", args=[story.pk]),
        url,
        reverse("stories:detail", args=[story.pk]),
    ]:
        assert user_api_client.get(path).status_code == 200, path
    exported = _export(user_api_client)
    assert exported.status_code == 200
    imported = user_api_client.post(
        reverse("api:portfolio-import"), json.loads(exported.content), format="json"
    )
    assert imported.status_code == 200, imported.json()


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", 1e308, -1e16])
def test_finding3_case_study_metric_values_must_be_finite_and_in_range(user_api_client, value):
    metric = {"group": "technical", "name": "p99", "before": 1, "after": value}
    body = json.dumps({**CASE, "metrics": [metric]})
    response = user_api_client.post(
        reverse("api:portfolio-case-study-list"), body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "metrics.0.after" in response.json()["fields"]


def test_finding3_tiny_baseline_never_puts_infinity_in_the_json_export(user_api_client, user):
    portfolio = PortfolioFactory(owner=user)
    CaseStudyMetricFactory(
        case_study=CaseStudyFactory(portfolio=portfolio), before=1e-308, after=1e15
    )
    assert user_api_client.get(reverse("api:portfolio-case-study-list")).status_code == 200
    exported = _export(user_api_client)
    assert b"Infinity" not in exported.content
    document = json.loads(exported.content)
    assert document["case_studies"][0]["metrics"][0]["change_percent"] is None
    imported = user_api_client.post(reverse("api:portfolio-import"), document, format="json")
    assert imported.status_code == 200, imported.json()


# 4. Deleting a mock interview (or its activity) that a story usage refers to.


def test_finding4_deleting_a_mock_interview_used_by_a_story_keeps_the_telling(
    user_api_client, user, mock_for
):
    mock = mock_for(user)
    usage = StoryUsage.objects.create(story=StoryFactory(owner=user), mock_interview=mock)
    response = user_api_client.delete(reverse("api:plan-mock-interview-detail", args=[mock.pk]))
    assert response.status_code == 204
    usage.refresh_from_db()
    assert usage.mock_interview is None
    assert "deleted" in usage.interview


def test_finding4_deleting_the_activity_of_a_used_mock_in_the_html_form_keeps_the_telling(
    user_client, user, mock_for
):
    mock = mock_for(user)
    usage = StoryUsage.objects.create(story=StoryFactory(owner=user), mock_interview=mock)
    response = user_client.post(reverse("studyplan:activity_delete", args=[mock.activity_id]))
    assert response.status_code in {200, 302}
    usage.refresh_from_db()
    assert usage.mock_interview is None and usage.interview


# 5. Rehearsals with an offset; usage without told_on.


@pytest.mark.parametrize("stamp", ["2026-03-01T09:30:00+05:30", "2026-03-01T09:30:00-08:00"])
def test_finding5_rehearsal_with_any_aware_offset_is_logged(user_api_client, user, stamp):
    story = StoryFactory(owner=user)
    response = user_api_client.post(
        reverse("api:rehearsal-list", args=[story.pk]),
        {"rehearsed_at": stamp, "duration_seconds": 120, "self_rating": 3},
        format="json",
    )
    assert response.status_code == 201, response.json()
    logged = story.rehearsals.get().rehearsed_at
    assert logged == datetime.datetime.fromisoformat(stamp)


def test_finding5_usage_without_told_on_defaults_to_today(user_api_client, user):
    story = StoryFactory(owner=user)
    response = user_api_client.post(
        reverse("api:story-usage-list", args=[story.pk]), {"interview": "Acme, round 2"}
    )
    assert response.status_code == 201, response.json()
    assert story.usages.get().told_on == timezone.localdate()


# 6. NUL bytes in queries and paths.


@pytest.mark.parametrize(
    "path",
    ["/portfolio/s/%00/", "/reminders/calendar/%00.ics", "/api/stories/%00/", "/stories/%01/"],
)
def test_finding6_nul_in_a_path_is_404_even_without_login(client, path):
    assert client.get(path).status_code == 404


def test_finding6_nul_in_a_path_is_404_in_the_api_error_shape(user_api_client):
    response = user_api_client.get("/api/stories/%00/")
    assert response.status_code == 404
    assert set(response.json()) == {"code", "detail", "fields"}


@pytest.mark.parametrize(
    "query", ["search=%00", "principle=a%00b", "sort=%1f", "%00=1", "page=%ff%fe"]
)
def test_finding6_control_characters_in_a_query_are_400(user_api_client, query):
    response = user_api_client.get(f"/api/stories/?{query}")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_finding6_nul_in_a_body_field_is_a_field_error(user_api_client):
    response = user_api_client.post(reverse("api:story-list"), {"title": "a\x00b"}, format="json")
    assert response.status_code == 400
    assert "title" in response.json()["fields"]
    assert not Story.objects.exists()


# 7. Far dates and broken imports.


def test_finding7_year_9999_in_due_on_is_a_field_error(user_api_client):
    response = user_api_client.get(reverse("api:story-due"), {"on": "9999-12-31"})
    assert response.status_code == 400
    assert "on" in response.json()["fields"]


def test_finding7_year_9999_plan_start_is_a_field_error(user_api_client):
    body = {"level": "L6", "start_date": "9999-12-27", "hours_per_week": 10}
    response = user_api_client.post(reverse("api:plan"), body, format="json")
    assert response.status_code == 400
    assert "start_date" in response.json()["fields"]


def test_finding7_import_with_february_30_is_400(user_api_client, user):
    document = json.loads(_export(user_api_client).content)
    document["decision_records"] = [
        {
            "key": "tdr-1",
            "title": "Queue",
            "decided_on": "2026-02-30",
            "decision_makers": "",
            "stakeholders": "",
            "context": "",
            "options": [],
            "decision": "",
            "rationale": "",
            "implementation_plan": "",
            "results": "",
            "results_after_months": None,
            "status": "accepted",
            "superseded_by": None,
        }
    ]
    response = user_api_client.post(reverse("api:portfolio-import"), document, format="json")
    assert response.status_code == 400
    assert "decision_records/0/decided_on" in response.json()["fields"]


def test_finding7_import_with_a_nul_byte_is_400(user_api_client):
    document = json.loads(_export(user_api_client).content)
    document["summary"]["summary_text"] = "a\x00b"
    response = user_api_client.post(reverse("api:portfolio-import"), document, format="json")
    assert response.status_code == 400


@pytest.mark.parametrize("as_upload", [False, True])
def test_finding7_import_nested_100000_levels_is_400(user_api_client, as_upload):
    body = "[" * 100_000 + "]" * 100_000
    if as_upload:
        upload = io.BytesIO(body.encode())
        upload.name = "deep.json"
        response = user_api_client.post(
            reverse("api:portfolio-import"), {"file": upload}, format="multipart"
        )
    else:
        response = user_api_client.post(
            reverse("api:portfolio-import"), body, content_type="application/json"
        )
    assert response.status_code == 400
    assert set(response.json()) == {"code", "detail", "fields"}


# 9. Nested errors fit the one error shape.


def test_finding9_nested_errors_are_flattened_to_dotted_keys(user_api_client):
    response = user_api_client.post(
        reverse("api:portfolio-case-study-reorder"), {"ids": ["x"]}, format="json"
    )
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert set(fields) == {"ids.0"}
    assert all(isinstance(messages, list) for messages in fields.values())


def test_finding1_pdf_of_a_portfolio_too_long_to_lay_out_in_budget_is_a_json_413(
    user_api_client, user, monkeypatch
):
    PortfolioFactory(owner=user)
    monkeypatch.setattr(limits, "PDF_SOURCE_MAX_CHARS", 10)
    response = _export(user_api_client, "pdf")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
