import datetime
import json
import re

import pytest
from django.core import mail, signing

from accounts.models import Weekday
from reminders.delivery import reminders_send_due
from reminders.models import ReminderPreferences
from reminders.tokens import unsubscribe_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 11, 2)


@pytest.fixture
def subscriber(db):
    return UserFactory(reminder_weekday=Weekday.MONDAY)


def unsubscribe_path_from_mail(user, plan_state) -> str:
    plan_state.last_activity = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
    reminders_send_due(user_id=user.pk, local_date=MONDAY)
    header = mail.outbox[-1].extra_headers["List-Unsubscribe"]
    return re.fullmatch(r"<http://127\.0\.0\.1:8000(/reminders/unsubscribe/[^>]+)>", header)[1]


def test_link_from_the_mail_works_logged_out_and_stops_that_kind(client, subscriber, plan_state):
    path = unsubscribe_path_from_mail(subscriber, plan_state)

    confirm = client.get(path)
    assert confirm.status_code == 200
    assert "weekly digest" in confirm.content.decode()
    # Opening the link changes nothing: mail scanners follow links.
    assert not ReminderPreferences.objects.filter(owner=subscriber).exists()

    done = client.post(path, {"scope": "kind"})

    assert done.status_code == 200
    assert "You will not get the weekly digest any more" in done.content.decode()
    preferences = ReminderPreferences.objects.get(owner=subscriber)
    assert preferences.weekly_digest is False
    assert preferences.email_enabled is True


def test_rfc8058_one_click_post_from_a_mail_client_unsubscribes(client, subscriber, plan_state):
    path = unsubscribe_path_from_mail(subscriber, plan_state)

    response = client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert ReminderPreferences.objects.get(owner=subscriber).weekly_digest is False


def test_no_more_mail_of_that_kind_after_unsubscribing(client, subscriber, plan_state):
    path = unsubscribe_path_from_mail(subscriber, plan_state)
    client.post(path)
    mail.outbox.clear()

    next_monday = MONDAY + datetime.timedelta(days=7)
    plan_state.last_activity = datetime.datetime(2026, 11, 8, tzinfo=datetime.UTC)
    reminders_send_due(user_id=subscriber.pk, local_date=next_monday)

    assert mail.outbox == []


def test_stop_all_switches_the_e_mail_channel_off(client, subscriber):
    token = unsubscribe_token(user_id=subscriber.pk, kind="midweek_nudge")

    client.post(f"/reminders/unsubscribe/{token}/", {"scope": "all"})

    preferences = ReminderPreferences.objects.get(owner=subscriber)
    assert preferences.email_enabled is False


@pytest.mark.parametrize("method", ["get", "post"])
def test_tampered_link_is_rejected_and_changes_nothing(client, subscriber, method):
    token = unsubscribe_token(user_id=subscriber.pk, kind="weekly_digest")
    other = UserFactory()
    _, timestamp, signature = token.split(":")
    other_payload = signing.b64_encode(
        json.dumps({"user": other.pk, "kind": "weekly_digest"}, separators=(",", ":")).encode()
    ).decode()
    forged = f"{other_payload}:{timestamp}:{signature}"
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")

    for bad in (forged, tampered, "not-a-token"):
        response = getattr(client, method)(f"/reminders/unsubscribe/{bad}/")
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()

    assert not ReminderPreferences.objects.exists()


def test_link_for_a_deleted_account_is_rejected(client):
    token = unsubscribe_token(user_id=999_999, kind="weekly_digest")

    assert client.post(f"/reminders/unsubscribe/{token}/").status_code == 400
