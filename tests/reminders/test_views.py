import datetime

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Weekday
from reminders.models import DailyDispatch, ReminderPreferences
from tests.factories import ReminderPreferencesFactory, SentReminderFactory

pytestmark = pytest.mark.django_db

PREFERENCES_URL = reverse("reminders:preferences")
SENT_LOG_URL = reverse("reminders:sent_log")

VALID_FORM = {
    "email_enabled": "on",
    "weekly_digest": "on",
    "interview_countdown": "on",
    "reminder_weekday": str(Weekday.SUNDAY),
    "reminder_time": "18:30",
    "nudge_weekday": str(Weekday.WEDNESDAY),
    "timezone": "Asia/Kolkata",
}


@pytest.mark.parametrize(
    "url",
    [
        PREFERENCES_URL,
        SENT_LOG_URL,
        reverse("reminders:calendar_feed_reset"),
        reverse("reminders:calendar_feed_disable"),
    ],
)
def test_anonymous_visitor_is_sent_to_login(client, url):
    response = client.post(url) if "calendar" in url else client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_preferences_page_shows_the_current_schedule_and_defaults(user_client, user):
    response = user_client.get(PREFERENCES_URL)

    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in body and "Reminders" in body
    form = response.context["form"]
    assert form.initial["reminder_time"] == user.reminder_time
    assert form.initial["weekly_digest"] is True
    assert "Create my calendar address" in body


def test_saving_preferences_updates_switches_and_the_users_schedule(user_client, user):
    response = user_client.post(PREFERENCES_URL, VALID_FORM, follow=True)

    assert "Reminder settings saved." in response.content.decode()
    user.refresh_from_db()
    assert (user.timezone, user.reminder_weekday) == ("Asia/Kolkata", Weekday.SUNDAY)
    assert user.reminder_time == datetime.time(18, 30)
    preferences = ReminderPreferences.objects.get(owner=user)
    assert preferences.midweek_nudge is False
    assert preferences.inactivity_nudge is False
    assert preferences.interview_countdown is True
    assert preferences.nudge_weekday == Weekday.WEDNESDAY


def test_moving_the_send_time_lets_todays_reminders_go_out_at_the_new_time(user_client, user):
    DailyDispatch.objects.create(owner=user, local_date=datetime.date.today())

    user_client.post(PREFERENCES_URL, VALID_FORM)

    assert not DailyDispatch.objects.filter(owner=user).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("timezone", "Mars/Olympus_Mons", "Select a valid choice"),
        ("reminder_time", "25:61", "Enter a valid time"),
        ("reminder_weekday", "9", "Select a valid choice"),
    ],
)
def test_bad_input_shows_a_field_error_and_saves_nothing(user_client, user, field, value, message):
    response = user_client.post(PREFERENCES_URL, VALID_FORM | {field: value})

    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    user.refresh_from_db()
    assert user.timezone == "UTC"
    assert not ReminderPreferences.objects.filter(owner=user).exists()


def test_sent_log_reads_in_the_users_time_zone(user_client, user):
    user.timezone = "America/New_York"
    user.save()
    SentReminderFactory(
        owner=user, sent_at=datetime.datetime(2026, 11, 2, 13, 0, tzinfo=datetime.UTC)
    )

    body = user_client.get(SENT_LOG_URL).content.decode()

    assert "Sent on Monday 08:00: weekly digest" in body


def test_sent_log_shows_a_permanent_failure_and_its_reason(user_client, user):
    SentReminderFactory(
        owner=user,
        kind="midweek_nudge",
        status="failed",
        sent_at=None,
        last_error="Gave up: Connection unexpectedly closed",
    )

    body = user_client.get(SENT_LOG_URL).content.decode()

    assert "Not delivered" in body
    assert "mid-week nudge" in body
    assert "Gave up: Connection unexpectedly closed" in body


def test_sent_log_never_shows_another_users_reminders(user_client, other_user):
    SentReminderFactory(owner=other_user, subject="Someone else's digest")

    body = user_client.get(SENT_LOG_URL).content.decode()

    assert "Someone else" not in body
    assert "Nothing sent yet" in body


def test_sent_log_query_count_does_not_grow_with_the_log(user_client, user):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert user_client.get(SENT_LOG_URL).status_code == 200
        return len(captured)

    SentReminderFactory(owner=user)
    small = queries()
    SentReminderFactory.create_batch(40, owner=user)
    assert queries() == small


def test_preferences_page_query_count_is_fixed(user_client, user):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert user_client.get(PREFERENCES_URL).status_code == 200
        return len(captured)

    SentReminderFactory(owner=user)
    small = queries()
    SentReminderFactory.create_batch(40, owner=user)
    assert queries() == small


def test_calendar_feed_serves_ics_and_a_new_address_revokes_the_old(client, user_client, user):
    user_client.post(reverse("reminders:calendar_feed_reset"))
    old_token = ReminderPreferences.objects.get(owner=user).calendar_token
    old_url = reverse("reminders:calendar_feed", args=[old_token])

    feed = client.get(old_url)
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("text/calendar")
    assert icalendar.Calendar.from_ical(feed.content)["X-WR-CALNAME"] == "PrepSite preparation"
    assert old_url in user_client.get(PREFERENCES_URL).content.decode()

    user_client.post(reverse("reminders:calendar_feed_reset"))

    assert client.get(old_url).status_code == 404
    new_token = ReminderPreferences.objects.get(owner=user).calendar_token
    assert client.get(reverse("reminders:calendar_feed", args=[new_token])).status_code == 200


def test_switched_off_calendar_feed_is_gone(client, user_client, user):
    token = ReminderPreferencesFactory(owner=user, calendar_token="secret-token-123").calendar_token

    user_client.post(reverse("reminders:calendar_feed_disable"))

    assert client.get(reverse("reminders:calendar_feed", args=[token])).status_code == 404
    assert ReminderPreferences.objects.get(owner=user).calendar_token is None


def test_calendar_actions_only_accept_post(user_client):
    assert user_client.get(reverse("reminders:calendar_feed_reset")).status_code == 405


def test_nav_menu_links_to_reminders(user_client):
    body = user_client.get(reverse("dashboard")).content.decode()

    assert f'href="{PREFERENCES_URL}">Reminders</a>' in body


def test_unknown_calendar_token_is_404(client):
    assert client.get(reverse("reminders:calendar_feed", args=["guess"])).status_code == 404
