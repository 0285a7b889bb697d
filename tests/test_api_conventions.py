import subprocess
import sys

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def test_me_with_session(user_client, user):
    response = user_client.get("/api/me/")

    assert response.status_code == 200
    assert response.json()["email"] == user.email
    assert response.json()["timezone"] == "UTC"


def test_me_with_token(user, api_client):
    _, plain_value = api_token_create(user=user, name="cli")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {plain_value}")

    response = api_client.get("/api/me/")

    assert response.status_code == 200
    assert response.json()["id"] == user.id


def test_anonymous_api_call_is_401_with_the_error_shape(api_client):
    response = api_client.get("/api/me/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {
        "code": "not_authenticated",
        "detail": "Authentication credentials were not provided.",
        "fields": {},
    }


def test_bad_token_is_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token ps_not-a-real-token")

    assert api_client.get("/api/me/").status_code == 401


def test_field_errors_are_keyed_by_field_and_nothing_is_saved(user_api_client, user):
    response = user_api_client.patch(
        "/api/me/", {"timezone": "Mars/Olympus_Mons", "display_name": "New"}, format="json"
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "timezone" in body["fields"]
    assert "Mars/Olympus_Mons" in body["fields"]["timezone"][0]
    user.refresh_from_db()
    assert user.display_name != "New"


def test_me_patch_updates_profile(user_api_client, user):
    response = user_api_client.patch(
        "/api/me/", {"timezone": "Europe/Berlin", "reminder_time": "07:30"}, format="json"
    )

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.timezone == "Europe/Berlin"
    assert user.reminder_time.hour == 7


def test_email_cannot_be_changed_through_me(user_api_client, user):
    original = user.email
    user_api_client.patch("/api/me/", {"email": "hijack@example.com"}, format="json")

    user.refresh_from_db()
    assert user.email == original


def test_anonymous_throttle_answers_429(api_client, settings):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": "2/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    from rest_framework.throttling import AnonRateThrottle

    original_rates = AnonRateThrottle.THROTTLE_RATES
    AnonRateThrottle.THROTTLE_RATES = rates
    try:
        statuses = [api_client.get("/api/leadership-principles/").status_code for _ in range(3)]
    finally:
        AnonRateThrottle.THROTTLE_RATES = original_rates

    assert statuses == [200, 200, 429]


def test_user_throttle_answers_429_with_the_error_shape(user):
    from rest_framework.throttling import UserRateThrottle

    client = APIClient()
    client.force_authenticate(user)
    original_rates = UserRateThrottle.THROTTLE_RATES
    UserRateThrottle.THROTTLE_RATES = {**original_rates, "user": "1/min"}
    try:
        first = client.get("/api/me/")
        second = client.get("/api/me/")
    finally:
        UserRateThrottle.THROTTLE_RATES = original_rates

    assert first.status_code == 200
    assert second.status_code == 429
    assert second.json()["code"] == "throttled"


def test_leadership_principles_are_public_and_ordered(api_client):
    response = api_client.get("/api/leadership-principles/")

    assert response.status_code == 200
    principles = response.json()
    assert len(principles) == 16
    assert principles[0]["slug"] == "customer-obsession"
    assert [p["display_order"] for p in principles] == list(range(1, 17))
    assert all(p["description"] for p in principles)


def test_leadership_principles_are_read_only(user_api_client):
    response = user_api_client.post("/api/leadership-principles/", {"name": "New"}, format="json")

    assert response.status_code == 405


def test_one_leadership_principle_by_slug(api_client):
    response = api_client.get("/api/leadership-principles/dive-deep/")

    assert response.status_code == 200
    assert response.json()["name"] == "Dive Deep"
    assert api_client.get("/api/leadership-principles/unknown/").status_code == 404


def test_openapi_schema_and_docs_are_served(client):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert "//" not in docs.content.decode().split("swagger-ui")[0].replace("://", "")


def test_openapi_schema_has_no_warnings():
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "spectacular",
            "--validate",
            "--fail-on-warn",
            "--file",
            "/dev/null",
        ],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "Warning" not in result.stderr


@pytest.mark.parametrize("query", ["format=", "format=xml"])
def test_a_format_the_schema_does_not_list_is_404(user_api_client, query):
    response = user_api_client.get(f"/api/stories/markdown/?{query}")

    assert response.status_code == 404


def test_a_listed_format_is_served(user_api_client):
    response = user_api_client.get("/api/stories/markdown/?format=md")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/markdown")
