import datetime

import pytest
from django.core import mail

from accounts.models import Weekday
from practice import services
from reminders.delivery import reminders_send_due
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_weekly_digest_lists_practice_items_due_for_review(design_item):
    user = UserFactory(reminder_weekday=Weekday.MONDAY, reminder_time=datetime.time(8, 0))
    services.item_mark_done(
        user=user,
        item=design_item,
        level="L6",
        done_at=datetime.datetime(2026, 10, 26, 9, tzinfo=datetime.UTC),
    )
    reminders_send_due(user_id=user.pk, local_date=datetime.date(2026, 11, 2))
    message = mail.outbox[0]
    html = next(body for body, mime in message.alternatives if mime == "text/html")
    for body in (message.body, html):
        assert "Practice items due for review" in body or "PRACTICE ITEMS DUE" in body
        assert "URL shortener" in body
