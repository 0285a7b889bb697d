import pytest
from django.urls import reverse

from accounts.models import ApiToken
from accounts.services import api_token_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_created_token_is_shown_once_and_stored_hashed(user_client, user):
    response = user_client.post(reverse("accounts:api_tokens"), {"name": "export script"})
    assert response.status_code == 302

    page = user_client.get(reverse("accounts:api_tokens")).content.decode()
    token = ApiToken.objects.get(user=user)
    start = page.index('id="new-token-value"')
    plain_value = page[start:].split('value="', 1)[1].split('"', 1)[0]
    assert plain_value.startswith(token.token_key)
    assert token.digest != plain_value
    assert "export script" in page

    page_again = user_client.get(reverse("accounts:api_tokens")).content.decode()
    assert plain_value not in page_again


def test_token_without_a_name_is_refused(user_client, user):
    response = user_client.post(reverse("accounts:api_tokens"), {"name": "   "})

    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not ApiToken.objects.filter(user=user).exists()


def test_token_authenticates_api_calls_until_revoked(user_client, user, api_client):
    token, plain_value = api_token_create(user=user, name="laptop")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {plain_value}")
    assert api_client.get("/api/me/").json()["email"] == user.email

    user_client.post(reverse("accounts:api_token_revoke", args=[token.token_key]))

    response = api_client.get("/api/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_token_list_shows_only_own_tokens(user_client, user, other_user):
    api_token_create(user=user, name="mine")
    api_token_create(user=other_user, name="theirs")

    page = user_client.get(reverse("accounts:api_tokens")).content.decode()

    assert "mine" in page
    assert "theirs" not in page


def test_revoking_another_users_token_changes_nothing(user_client, other_user):
    token, _ = api_token_create(user=other_user, name="theirs")

    response = user_client.post(
        reverse("accounts:api_token_revoke", args=[token.token_key]), follow=True
    )

    assert "does not exist" in response.content.decode()
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_revoke_needs_post(user_client, user):
    token, _ = api_token_create(user=user, name="laptop")

    response = user_client.get(reverse("accounts:api_token_revoke", args=[token.token_key]))

    assert response.status_code == 405
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_token_page_requires_login(client):
    response = client.get(reverse("accounts:api_tokens"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_token_expires_after_the_configured_number_of_days(user, api_client, settings):
    import datetime

    import time_machine
    from django.utils import timezone

    start = timezone.now()
    with time_machine.travel(start, tick=False):
        token, plain_value = api_token_create(user=user, name="laptop")
    assert token.expiry == start + datetime.timedelta(days=settings.API_TOKEN_TTL_DAYS)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {plain_value}")

    with time_machine.travel(token.expiry - datetime.timedelta(minutes=1), tick=False):
        assert api_client.get("/api/me/").status_code == 200
    with time_machine.travel(token.expiry + datetime.timedelta(minutes=1), tick=False):
        assert api_client.get("/api/me/").status_code == 401


def test_password_change_revokes_every_token(user_client, user, api_client):
    from tests.factories import TEST_PASSWORD

    _, first = api_token_create(user=user, name="laptop")
    api_token_create(user=user, name="ci")
    _, other_value = api_token_create(user=UserFactory(), name="someone else")

    response = user_client.post(
        reverse("account_change_password"),
        {
            "oldpassword": TEST_PASSWORD,
            "password1": "a-new-secret-77",
            "password2": "a-new-secret-77",
        },
    )

    assert response.status_code == 302
    assert not ApiToken.objects.filter(user=user).exists()
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert api_client.get("/api/me/").status_code == 401
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {other_value}")
    assert api_client.get("/api/me/").status_code == 200


def test_password_reset_revokes_every_token(client, user):
    import re

    from django.core import mail

    api_token_create(user=user, name="laptop")
    client.post(reverse("account_reset_password"), {"email": user.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[-1].body)
    form_page = client.get(link.group(1), follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"password1": "a-brand-new-secret-42", "password2": "a-brand-new-secret-42"},
    )

    assert not ApiToken.objects.filter(user=user).exists()


def test_a_password_set_in_the_admin_revokes_every_token(client, user):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    api_token_create(user=user, name="laptop")
    api_token_create(user=admin, name="admin's own")

    response = client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": "a-new-secret-from-admin-9", "password2": "a-new-secret-from-admin-9"},
    )

    assert response.status_code == 302
    assert not ApiToken.objects.filter(user=user).exists()
    assert ApiToken.objects.filter(user=admin).exists()


def test_a_password_set_from_the_command_line_revokes_every_token(user):
    api_token_create(user=user, name="laptop")

    user.set_password("a-new-secret-from-a-shell-5")
    user.save()

    assert not ApiToken.objects.filter(user=user).exists()


def test_other_changes_and_the_hash_upgrade_at_login_keep_the_tokens(client, user, settings):
    from tests.factories import TEST_PASSWORD

    api_token_create(user=user, name="laptop")
    user.display_name = "New name"
    user.save()
    # A different first hasher makes the next login re-hash the stored password.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]
    assert client.login(email=user.email, password=TEST_PASSWORD)
    user.refresh_from_db()

    assert user.password.startswith("pbkdf2_sha256$")
    assert ApiToken.objects.filter(user=user).exists()


def test_an_api_call_reads_only_the_token_it_presents(user, api_client, django_assert_num_queries):
    _, plain_value = api_token_create(user=user, name="laptop")
    api_token_create(user=user, name="ci")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {plain_value}")

    # The token with its user; /api/me/ needs nothing else.
    with django_assert_num_queries(1):
        assert api_client.get("/api/me/").status_code == 200


def test_expired_tokens_are_not_listed_and_go_when_the_next_is_created(
    user, user_client, time_machine
):
    import datetime

    from django.utils import timezone

    time_machine.move_to(timezone.now() - datetime.timedelta(days=365), tick=False)
    expired, _ = api_token_create(user=user, name="old laptop")
    others_expired, _ = api_token_create(user=UserFactory(), name="someone else's laptop")
    time_machine.move_to(expired.expiry + datetime.timedelta(days=1), tick=False)

    page = user_client.get(reverse("accounts:api_tokens")).content.decode()
    assert "old laptop" not in page
    assert ApiToken.objects.filter(pk=expired.pk).exists(), "listing deletes nothing"

    api_token_create(user=user, name="new laptop")

    assert list(ApiToken.objects.filter(user=user).values_list("name", flat=True)) == ["new laptop"]
    assert ApiToken.objects.filter(pk=others_expired.pk).exists(), "only the creator's go"
