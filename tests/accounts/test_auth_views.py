import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _confirmation_path(message) -> str:
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", message.body)
    assert link, message.body
    return link.group(1)


def test_sign_up_creates_account_and_logs_in_after_the_address_is_confirmed(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.com", "password1": TEST_PASSWORD, "password2": TEST_PASSWORD},
        follow=True,
    )

    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert User.objects.filter(email="new@example.com").exists()
    confirmed = client.post(_confirmation_path(mail.outbox[-1]), follow=True)
    assert confirmed.wsgi_request.user.is_authenticated
    assert confirmed.redirect_chain[-1][0] == reverse("studyplan:onboarding")


def test_sign_up_with_mismatched_passwords_shows_error_and_creates_nothing(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.com", "password1": TEST_PASSWORD, "password2": "something-else-7"},
    )

    assert response.status_code == 200
    assert "same password" in response.content.decode()
    assert not User.objects.filter(email="new@example.com").exists()


def _sign_up(client, email: str):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": TEST_PASSWORD, "password2": TEST_PASSWORD},
        follow=True,
    )


def _visible_text(response) -> str:
    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)
    body = re.sub(r'"X-CSRFToken": "[^"]*"', "", body)
    return re.sub(r"\S+@example\.com", "EMAIL", body)


def test_sign_up_with_a_taken_email_looks_the_same_as_a_new_one(client, user):
    taken = _sign_up(client, user.email)
    client.logout()
    fresh = _sign_up(client, "brand-new@example.com")

    assert taken.status_code == fresh.status_code == 200
    assert [url for url, _ in taken.redirect_chain] == [url for url, _ in fresh.redirect_chain]
    assert _visible_text(taken) == _visible_text(fresh)
    assert "already" not in taken.content.decode()
    assert User.objects.filter(email=user.email).count() == 1
    # The owner of the taken address learns about the attempt by mail instead.
    assert any(message.to == [user.email] for message in mail.outbox)


def test_password_reset_for_known_and_unknown_emails_looks_the_same(client, user):
    known = client.post(reverse("account_reset_password"), {"email": user.email}, follow=True)
    unknown = client.post(
        reverse("account_reset_password"), {"email": "nobody@example.com"}, follow=True
    )

    assert [url for url, _ in known.redirect_chain] == [url for url, _ in unknown.redirect_chain]
    assert _visible_text(known) == _visible_text(unknown)


def test_log_in_with_email_and_password_lands_on_dashboard(client, user):
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("dashboard")


def test_log_in_with_wrong_password_is_refused(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})

    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_log_out_ends_the_session(user_client):
    response = user_client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert user_client.get(reverse("dashboard")).status_code == 302


def test_password_reset_mails_a_link_that_sets_a_new_password(client, user):
    client.post(reverse("account_reset_password"), {"email": user.email})

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    form_page = client.get(link.group(1), follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1),
        {"password1": "a-brand-new-secret-42", "password2": "a-brand-new-secret-42"},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-brand-new-secret-42")


def test_password_reset_for_unknown_email_sends_no_reset_link(client):
    client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})

    assert all("/accounts/password/reset/key/" not in message.body for message in mail.outbox)


def test_password_change_requires_the_current_password(user_client, user):
    response = user_client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "wrong",
            "password1": "another-secret-77",
            "password2": "another-secret-77",
        },
    )

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


def test_email_management_page_lists_the_address(user_client, user):
    response = user_client.get(reverse("account_email"))

    assert response.status_code == 200
    assert user.email in response.content.decode()


def test_anonymous_visitor_sees_landing_page(client):
    response = client.get(reverse("landing"))

    assert response.status_code == 200
    assert "Create your plan" in response.content.decode()


def test_logged_in_user_is_sent_from_landing_to_dashboard(user_client):
    response = user_client.get(reverse("landing"))

    assert response.status_code == 302
    assert response.url == reverse("dashboard")


def test_dashboard_requires_login(client):
    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_user_factory_password_works_for_login(client):
    other = UserFactory()
    assert client.login(email=other.email, password=TEST_PASSWORD)


def test_profile_sets_display_name_and_time_zone(user_client, user):
    response = user_client.post(
        reverse("accounts:profile"), {"display_name": "Ada Lovelace", "timezone": "Europe/Berlin"}
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.timezone) == ("Ada Lovelace", "Europe/Berlin")


def test_profile_rejects_an_unknown_time_zone_and_saves_nothing(user_client, user):
    response = user_client.post(
        reverse("accounts:profile"), {"display_name": "Changed", "timezone": "Mars/Base"}
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    user.refresh_from_db()
    assert user.display_name != "Changed"


def test_profile_requires_login(client):
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_pages_show_times_in_the_users_time_zone(user_client, user):
    from accounts.services import api_token_create

    user.timezone = "Asia/Kolkata"
    user.save(update_fields=["timezone"])
    with time_machine.travel(datetime.datetime(2026, 11, 21, 23, 20, tzinfo=datetime.UTC)):
        api_token_create(user=user, name="laptop")

    page = user_client.get(reverse("accounts:api_tokens")).content.decode()

    # 23:20 UTC is 04:50 the next morning in Kolkata.
    assert "22 Nov 2026 04:50" in page
