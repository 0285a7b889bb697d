"""Reminders for the demo account: on, and due a few minutes after `make run` loads it."""

import datetime

from django.utils import timezone

from accounts.models import User
from reminders.services import reminder_preferences_update

# Long enough for web, worker and beat to start; the dispatcher runs every minute.
DEMO_FIRST_DIGEST_DELAY = datetime.timedelta(minutes=2)


def seed_demo(user: User) -> None:
    send_at = timezone.localtime(timezone.now() + DEMO_FIRST_DIGEST_DELAY, user.tzinfo)
    reminder_preferences_update(
        user=user,
        email_enabled=True,
        weekly_digest=True,
        midweek_nudge=True,
        inactivity_nudge=True,
        interview_countdown=True,
        reminder_weekday=send_at.weekday(),
        reminder_time=send_at.time().replace(second=0, microsecond=0),
    )
