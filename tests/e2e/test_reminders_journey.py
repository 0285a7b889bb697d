import datetime

import pytest

from reminders.models import ReminderPreferences
from reminders.tokens import unsubscribe_token
from tests.e2e.fixtures import log_in, serious_accessibility_violations
from tests.factories import TEST_PASSWORD, SentReminderFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_user_sets_up_reminders_and_a_calendar_feed_then_reads_the_sent_log(page):
    user = UserFactory(timezone="Europe/London")
    SentReminderFactory(
        owner=user, sent_at=datetime.datetime(2026, 11, 2, 8, 0, tzinfo=datetime.UTC)
    )
    log_in(page, user.email, TEST_PASSWORD)

    page.get_by_role("button", name=str(user)).click()
    page.get_by_role("link", name="Reminders").click()
    page.get_by_role("heading", name="Reminders", level=1).wait_for()
    assert serious_accessibility_violations(page) == []

    page.get_by_label("Mid-week nudge when I am behind on the week's goals").uncheck()
    page.get_by_label("Digest day").select_option(label="Sunday")
    page.get_by_label("Send time").fill("19:15")
    page.get_by_role("button", name="Save reminder settings").click()
    page.get_by_text("Reminder settings saved.").wait_for()

    page.get_by_role("button", name="Create my calendar address").click()
    feed_url = page.get_by_label("Your private feed address").input_value()
    assert "/reminders/calendar/" in feed_url

    page.get_by_role("link", name="Reminders sent to you").click()
    page.get_by_text("Sent on Monday 08:00: weekly digest").wait_for()
    assert serious_accessibility_violations(page) == []

    user.refresh_from_db()
    assert (user.reminder_weekday, user.reminder_time) == (6, datetime.time(19, 15))
    assert ReminderPreferences.objects.get(owner=user).midweek_nudge is False


def test_unsubscribe_link_works_logged_out_on_a_phone(phone_page):
    user = UserFactory()
    token = unsubscribe_token(user_id=user.pk, kind="weekly_digest")

    phone_page.goto(f"/reminders/unsubscribe/{token}/")
    assert serious_accessibility_violations(phone_page) == []
    phone_page.get_by_role("button", name="Stop the weekly digest").click()
    phone_page.get_by_role("heading", name="Done").wait_for()

    assert ReminderPreferences.objects.get(owner=user).weekly_digest is False
