import copy
import json

import pytest
from django.urls import reverse

from portfolio.models import CaseStudy, DecisionRecord, Portfolio
from stories.models import Story
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("api:portfolio-export")
IMPORT_URL = reverse("api:portfolio-import")


def export_json(client) -> dict:
    return json.loads(client.get(EXPORT_URL, {"format": "json"}).content)


def client_for(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


def test_export_import_into_an_empty_account_and_export_again_is_identical(
    user_api_client, full_portfolio
):
    first = user_api_client.get(EXPORT_URL, {"format": "json"}).content
    newcomer = client_for(UserFactory())

    response = newcomer.post(IMPORT_URL, json.loads(first), format="json")
    second = newcomer.get(EXPORT_URL, {"format": "json"}).content

    assert response.status_code == 200, response.json()
    assert response.json()["changes"]["stories"] == {"created": 2, "reused": 0}
    assert second == first


def test_importing_twice_reuses_the_stories_it_already_created(user_api_client, full_portfolio):
    document = export_json(user_api_client)
    newcomer_user = UserFactory()
    newcomer = client_for(newcomer_user)

    newcomer.post(IMPORT_URL, document, format="json")
    response = newcomer.post(IMPORT_URL, document, format="json")

    assert response.json()["changes"]["stories"] == {"created": 0, "reused": 2}
    assert Story.objects.filter(owner=newcomer_user).count() == 2
    assert export_json(newcomer) == document


def test_dry_run_reports_changes_and_changes_nothing(user_api_client, user, full_portfolio):
    document = export_json(user_api_client)
    document["case_studies"][0]["title"] = "Renamed case"
    document["summary"]["budget"] = "$5M a year"

    response = user_api_client.post(f"{IMPORT_URL}?dry_run=true", document, format="json")

    assert response.status_code == 200
    report = response.json()
    assert report["dry_run"] is True
    assert report["changes"]["case_studies"]["added"] == ["Renamed case"]
    assert report["changes"]["case_studies"]["removed"] == ["Case 1"]
    assert report["changes"]["summary"] == ["budget"]
    assert report["changes"]["stories"] == {"created": 0, "reused": 2}
    assert Portfolio.objects.get(owner=user).budget == "$3.5M a year"
    assert CaseStudy.objects.filter(portfolio__owner=user, title="Case 1").exists()


def test_a_real_import_replaces_the_portfolio(user_api_client, user, full_portfolio):
    document = export_json(user_api_client)
    document["case_studies"] = document["case_studies"][:1]
    document["decision_records"] = []

    response = user_api_client.post(IMPORT_URL, document, format="json")

    assert response.status_code == 200
    assert response.json()["dry_run"] is False
    assert list(
        CaseStudy.objects.filter(portfolio__owner=user).values_list("title", flat=True)
    ) == ["Case 1"]
    assert not DecisionRecord.objects.filter(portfolio__owner=user).exists()


def test_a_newer_schema_version_is_refused_and_nothing_changes(user_api_client, full_portfolio):
    before = export_json(user_api_client)
    document = copy.deepcopy(before)
    document["schema_version"] = 3
    document["case_studies"] = []

    response = user_api_client.post(IMPORT_URL, document, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_import"
    assert "schema version 3" in body["detail"]
    assert export_json(user_api_client) == before


def test_a_file_that_is_not_json_gets_a_clear_error(user_api_client, full_portfolio):
    before = export_json(user_api_client)

    response = user_api_client.post(IMPORT_URL, data="{not json", content_type="application/json")

    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]
    assert export_json(user_api_client) == before


def test_a_file_missing_parts_lists_the_problems(user_api_client, full_portfolio):
    before = export_json(user_api_client)
    document = copy.deepcopy(before)
    del document["summary"]
    document["case_studies"][0]["kind"] = "heroics"

    response = user_api_client.post(IMPORT_URL, document, format="json")

    assert response.status_code == 400
    fields = response.json()["fields"]
    assert "document" in fields
    assert "case_studies/0/kind" in fields
    assert export_json(user_api_client) == before


def test_a_broken_reference_changes_nothing(user_api_client, full_portfolio):
    before = export_json(user_api_client)
    document = copy.deepcopy(before)
    document["case_studies"][2]["principles"] = ["be-nice"]
    document["decision_records"][0]["superseded_by"] = "tdr-9"

    response = user_api_client.post(IMPORT_URL, document, format="json")

    assert response.status_code == 400
    fields = response.json()["fields"]
    assert fields["case_studies/2/principles"] == ["Unknown Leadership Principle: be-nice"]
    assert "decision_records/0/superseded_by" in fields
    assert export_json(user_api_client) == before


def test_a_story_the_stories_app_rejects_rolls_back_the_whole_import(
    user_api_client, user, full_portfolio
):
    before = export_json(user_api_client)
    newcomer_user = UserFactory()
    newcomer = client_for(newcomer_user)
    document = copy.deepcopy(before)
    document["stories"][1]["confidence"] = 99
    document["summary"]["budget"] = "changed"

    response = newcomer.post(IMPORT_URL, document, format="json")

    assert response.status_code == 400
    assert "nothing was imported" in response.json()["detail"]
    assert not Story.objects.filter(owner=newcomer_user).exists()
    assert not CaseStudy.objects.filter(portfolio__owner=newcomer_user).exists()
    assert not Portfolio.objects.filter(owner=newcomer_user, budget="changed").exists()


def test_import_needs_authentication(api_client):
    response = api_client.post(IMPORT_URL, {}, format="json")

    assert response.status_code == 401


def test_an_export_can_be_uploaded_as_a_file(user_api_client, full_portfolio):
    from django.core.files.uploadedfile import SimpleUploadedFile

    exported = user_api_client.get(EXPORT_URL, {"format": "json"}).content
    newcomer = client_for(UserFactory())

    uploaded = newcomer.post(
        f"{IMPORT_URL}?dry_run=1",
        {"file": SimpleUploadedFile("portfolio.json", exported, "application/json")},
        format="multipart",
    )
    not_json = newcomer.post(
        IMPORT_URL,
        {"file": SimpleUploadedFile("portfolio.json", b"\xff\xfe", "application/json")},
        format="multipart",
    )

    assert uploaded.status_code == 200
    assert uploaded.json()["changes"]["case_studies"]["imported"] == 3
    assert not_json.status_code == 400
    assert "file" in not_json.json()["fields"]


def test_a_story_with_the_wrong_shape_is_refused_before_anything_runs(
    user_api_client, full_portfolio
):
    document = export_json(user_api_client)
    document["stories"][0]["metrics"] = "fast"
    document["stories"][1]["secondary_principles"] = [{"slug": "ownership"}]

    response = client_for(UserFactory()).post(IMPORT_URL, document, format="json")

    assert response.status_code == 400
    assert {"stories/0/metrics", "stories/1/secondary_principles/0"} <= set(
        response.json()["fields"]
    )


def test_a_version_1_file_keeps_its_one_unit_as_before_and_after_unit(
    user_api_client, full_portfolio
):
    document = export_json(user_api_client)
    document["schema_version"] = 1
    for case in document["case_studies"]:
        for metric in case["metrics"]:
            metric["unit"] = metric.pop("after_unit")
            del metric["before_unit"]

    response = user_api_client.post(IMPORT_URL, document, format="json")

    assert response.status_code == 200, response.content
    again = export_json(user_api_client)
    deploy = again["case_studies"][0]["metrics"][0]
    assert (deploy["before_unit"], deploy["after_unit"]) == ("min", "min")
