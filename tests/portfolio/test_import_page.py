import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portfolio.models import CaseStudy
from tests.factories import UserFactory
from tests.portfolio.api.test_import_api import client_for, export_json

pytestmark = pytest.mark.django_db

IMPORT_PAGE = reverse("portfolio:import")


def _upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("portfolio.json", content, content_type="application/json")


def test_upload_shows_a_dry_run_and_only_confirm_imports(client, full_portfolio, user):
    document = export_json(client_for(user))
    newcomer = UserFactory()
    client.force_login(newcomer)

    checked = client.post(IMPORT_PAGE, {"file": _upload(json.dumps(document).encode())})

    body = checked.content.decode()
    assert checked.status_code == 200
    assert "What the import would change" in body and "Added: Case 1, Case 2, Case 3" in body
    assert not CaseStudy.objects.filter(portfolio__owner=newcomer).exists()

    confirmed = client.post(
        IMPORT_PAGE, {"document": checked.context["document"], "confirm": "yes"}
    )

    assert confirmed.status_code == 302
    assert CaseStudy.objects.filter(portfolio__owner=newcomer).count() == 3


def test_errors_point_at_the_offending_part_and_nothing_is_saved(user_client, user):
    document = export_json(client_for(UserFactory()))
    document["case_studies"] = [
        {**_case_document(), "title": "Checkout split", "metrics": [_bad_metric()]}
    ]

    response = user_client.post(IMPORT_PAGE, {"file": _upload(json.dumps(document).encode())})

    body = response.content.decode()
    assert response.status_code == 400
    assert "Case study 1 “Checkout split”, metric 1 “Deploy time”: after" in body
    assert not CaseStudy.objects.filter(portfolio__owner=user).exists()


def test_a_file_that_is_not_json_gets_a_field_error_with_its_line(user_client):
    response = user_client.post(IMPORT_PAGE, {"file": _upload(b'{\n  "summary": ,\n}')})

    assert response.status_code == 400
    assert "Not valid JSON" in response.content.decode() and "line 2" in response.content.decode()


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(IMPORT_PAGE)

    assert response.status_code == 302 and "login" in response["Location"]


def test_the_new_token_panel_has_a_copy_button(user_client):
    response = user_client.post(reverse("accounts:api_tokens"), {"name": "laptop"}, follow=True)

    body = response.content.decode()
    assert 'data-copy-target="new-token-value"' in body and "js/copy-button.js" in body


def _case_document() -> dict:
    return {
        "title": "x",
        "kind": "architecture",
        "role": "",
        "team_size": "",
        "duration": "",
        "technologies": [],
        "business_context": "",
        "situation": "",
        "task": "",
        "actions": {"technical": "", "team": "", "stakeholder": ""},
        "results": "",
        "metrics": [],
        "architecture_diagram": "",
        "key_decisions": "",
        "lessons_learned": "",
        "principles": [],
        "stories": [],
    }


def _bad_metric() -> dict:
    return {
        "group": "technical",
        "name": "Deploy time",
        "before": 45,
        "before_unit": "min",
        "after": "fast",
        "after_unit": "min",
        "period": "",
    }
