import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Weekday
from accounts.services import api_token_create
from reminders.models import ReminderPreferences
from tests.factories import SentReminderFactory

pytestmark = pytest.mark.django_db

PREFERENCES = reverse("api:reminder-preferences")
SENT_LIST = reverse("api:sent-reminder-list")
CALENDAR = reverse("api:calendar-feed")


def sent_detail(pk: int) -> str:
    return reverse("api:sent-reminder-detail", args=[pk])


@pytest.mark.parametrize("url", [PREFERENCES, SENT_LIST, CALENDAR])
def test_anonymous_calls_get_401(api_client, url):
    assert api_client.get(url).status_code == 401


def test_preferences_read_returns_defaults_and_the_users_schedule(user_api_client, user):
    data = user_api_client.get(PREFERENCES).json()

    assert data == {
        "email_enabled": True,
        "weekly_digest": True,
        "midweek_nudge": True,
        "inactivity_nudge": True,
        "interview_countdown": True,
        "reminder_weekday": Weekday.MONDAY,
        "reminder_time": "08:00",
        "nudge_weekday": Weekday.THURSDAY,
        "timezone": "UTC",
        "calendar_feed_url": None,
    }


def test_patch_changes_only_the_given_fields(user_api_client, user):
    response = user_api_client.patch(
        PREFERENCES, {"midweek_nudge": False, "reminder_time": "06:45", "timezone": "Europe/Paris"}
    )

    assert response.status_code == 200
    assert response.json()["reminder_time"] == "06:45"
    user.refresh_from_db()
    assert (user.timezone, user.reminder_time) == ("Europe/Paris", datetime.time(6, 45))
    preferences = ReminderPreferences.objects.get(owner=user)
    assert (preferences.midweek_nudge, preferences.weekly_digest) == (False, True)


def test_put_needs_every_field(user_api_client):
    response = user_api_client.put(PREFERENCES, {"weekly_digest": False})

    assert response.status_code == 400
    assert "timezone" in response.json()["fields"]


def test_bad_values_are_rejected_field_by_field_and_nothing_is_saved(user_api_client, user):
    response = user_api_client.patch(
        PREFERENCES, {"timezone": "Nowhere/Special", "nudge_weekday": 8, "weekly_digest": False}
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["fields"]) == {"timezone", "nudge_weekday"}
    assert not ReminderPreferences.objects.filter(owner=user).exists()
    user.refresh_from_db()
    assert user.timezone == "UTC"


def test_each_user_reads_and_changes_only_their_own_preferences(user_api_client, user, other_user):
    user_api_client.patch(PREFERENCES, {"weekly_digest": False})

    assert not ReminderPreferences.objects.filter(owner=other_user).exists()
    assert ReminderPreferences.objects.get(owner=user).weekly_digest is False


def test_sent_log_lists_own_reminders_newest_first(user_api_client, user, other_user):
    older = SentReminderFactory(owner=user, period="2026-W44")
    newer = SentReminderFactory(owner=user, period="2026-W45", kind="midweek_nudge")
    SentReminderFactory(owner=other_user)

    data = user_api_client.get(SENT_LIST).json()

    assert data["count"] == 2
    assert [row["id"] for row in data["results"]] == [newer.pk, older.pk]
    assert data["results"][0]["kind_label"] == "mid-week nudge"


def test_sent_log_filters_by_status(user_api_client, user):
    SentReminderFactory(owner=user)
    failed = SentReminderFactory(owner=user, status="failed", last_error="Gave up")

    data = user_api_client.get(SENT_LIST, {"status": "failed"}).json()

    assert [row["id"] for row in data["results"]] == [failed.pk]


def test_another_users_sent_reminder_is_404(user_api_client, other_user):
    theirs = SentReminderFactory(owner=other_user)

    response = user_api_client.get(sent_detail(theirs.pk))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_sent_log_is_read_only(user_api_client, user):
    mine = SentReminderFactory(owner=user)

    assert user_api_client.delete(sent_detail(mine.pk)).status_code == 405
    assert user_api_client.patch(sent_detail(mine.pk), {"status": "pending"}).status_code == 405


def test_sent_log_list_query_count_does_not_grow(user_api_client, user):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert user_api_client.get(SENT_LIST).status_code == 200
        return len(captured)

    SentReminderFactory(owner=user)
    small = queries()
    SentReminderFactory.create_batch(40, owner=user)
    assert queries() == small


def test_calendar_feed_url_is_created_replaced_and_switched_off(user_api_client, client):
    first = user_api_client.post(CALENDAR)
    assert first.status_code == 201
    first_url = first.json()["url"]
    assert client.get(first_url.removeprefix("http://127.0.0.1:8000")).status_code == 200

    second_url = user_api_client.post(CALENDAR).json()["url"]
    assert second_url != first_url
    assert user_api_client.get(PREFERENCES).json()["calendar_feed_url"] == second_url

    assert user_api_client.delete(CALENDAR).status_code == 204
    assert client.get(second_url.removeprefix("http://127.0.0.1:8000")).status_code == 404


def test_personal_token_works_over_http(api_client, user):
    _, token = api_token_create(user=user, name="cron")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    assert api_client.get(PREFERENCES).status_code == 200
