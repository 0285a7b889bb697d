"""The "Your data" pages and the account API: export, import with a dry run, deletion."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import ApiToken, User
from accounts.selectors import account_export
from accounts.services import api_token_create
from stories.models import Story
from tests.factories import StoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(db) -> User:
    user = UserFactory(display_name="Filled")
    StoryFactory(owner=user, title="Owned story")
    return user


def _upload(document, name="export.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, json.dumps(document).encode(), "application/json")


def test_data_page_offers_export_import_and_delete(user_client):
    body = user_client.get(reverse("accounts:data")).content.decode()

    assert reverse("accounts:data_export") in body
    assert reverse("accounts:data_import") in body
    assert reverse("accounts:delete") in body


def test_data_pages_need_a_login(client):
    for name in ["accounts:data", "accounts:data_export"]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    assert client.post(reverse("accounts:delete"), {"confirm_email": "x"}).status_code == 302


def test_download_holds_only_the_users_own_data(client, filled):
    StoryFactory(owner=UserFactory(), title="Someone else's story")
    client.force_login(filled)

    response = client.get(reverse("accounts:data_export"))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    titles = [s["title"] for s in response.json()["sections"]["stories"]["stories"]]
    assert titles == ["Owned story"]


def test_import_page_checks_first_then_imports_after_confirmation(client, filled):
    document = account_export(user=filled)
    fresh = UserFactory()
    client.force_login(fresh)

    check = client.post(reverse("accounts:data_import"), {"file": _upload(document)})
    assert check.status_code == 200
    assert "Importing it would add" in check.content.decode()
    assert not Story.all_objects.filter(owner=fresh).exists()

    done = client.post(
        reverse("accounts:data_import"), {"file": _upload(document), "confirm": "on"}
    )
    assert done.status_code == 302
    fresh.refresh_from_db()
    assert account_export(user=fresh) == document


def test_import_page_shows_a_clear_error_for_a_broken_file(client, user):
    client.force_login(user)
    upload = SimpleUploadedFile("x.json", b"{not json", "application/json")

    response = client.post(reverse("accounts:data_import"), {"file": upload, "confirm": "on"})

    assert response.status_code == 400
    assert "not valid JSON" in response.content.decode()


def test_delete_needs_the_typed_email_and_then_removes_the_account(client, filled):
    client.force_login(filled)

    wrong = client.post(reverse("accounts:delete"), {"confirm_email": "someone@else.com"})
    assert wrong.status_code == 400
    assert User.objects.filter(pk=filled.pk).exists()

    done = client.post(reverse("accounts:delete"), {"confirm_email": filled.email.upper()})
    assert done.status_code == 302
    assert not User.objects.filter(pk=filled.pk).exists()
    assert not Story.all_objects.filter(owner_id=filled.pk).exists()
    assert client.get(reverse("dashboard")).status_code == 302


# --- API ---


def test_api_export_and_import_round_trip(api_client, filled):
    api_client.force_authenticate(filled)
    document = api_client.get("/api/account/export/").json()
    fresh = UserFactory()
    api_client.force_authenticate(fresh)

    dry = api_client.post("/api/account/import/?dry_run=true", document, format="json")
    assert dry.status_code == 200
    assert dry.json()["counts"]["stories"] == 1
    assert not Story.all_objects.filter(owner=fresh).exists()

    done = api_client.post("/api/account/import/", document, format="json")
    assert done.status_code == 201
    fresh.refresh_from_db()
    assert account_export(user=fresh) == document


def test_api_import_accepts_a_file_upload(api_client, filled):
    document = account_export(user=filled)
    api_client.force_authenticate(UserFactory())

    response = api_client.post(
        "/api/account/import/", {"file": _upload(document)}, format="multipart"
    )

    assert response.status_code == 201


def test_api_import_refuses_bad_documents_with_the_error_shape(api_client, user):
    api_client.force_authenticate(user)

    response = api_client.post("/api/account/import/", {"format": "nope"}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"code", "detail", "fields"}


def test_api_import_refuses_a_non_empty_account(api_client, filled):
    document = account_export(user=filled)
    api_client.force_authenticate(filled)

    response = api_client.post("/api/account/import/", document, format="json")

    assert response.status_code == 400
    assert "empty account" in response.json()["detail"]


def test_api_needs_authentication(api_client):
    assert api_client.get("/api/account/export/").status_code == 401
    assert api_client.post("/api/account/import/", {}, format="json").status_code == 401
    assert api_client.delete("/api/account/", {"confirm": "x"}, format="json").status_code == 401


def test_api_delete_needs_confirmation_and_revokes_the_token(api_client, filled):
    _, token = api_token_create(user=filled, name="script")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    refused = api_client.delete("/api/account/", {"confirm": "wrong@example.com"}, format="json")
    assert refused.status_code == 400
    assert User.objects.filter(pk=filled.pk).exists()

    done = api_client.delete("/api/account/", {"confirm": filled.email}, format="json")
    assert done.status_code == 204
    assert not User.objects.filter(pk=filled.pk).exists()
    assert not ApiToken.objects.filter(user_id=filled.pk).exists()
    assert api_client.get("/api/me/").status_code == 401


def test_export_query_count_does_not_grow_with_the_data(
    client, filled, django_assert_max_num_queries
):
    client.force_login(filled)
    with django_assert_max_num_queries(60):
        client.get(reverse("accounts:data_export"))
    for index in range(30):
        StoryFactory(owner=filled, title=f"Story {index}")
    with django_assert_max_num_queries(60):
        client.get(reverse("accounts:data_export"))
