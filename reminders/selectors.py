import datetime

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from reminders.models import ReminderPreferences, SentReminder


def reminder_preferences_for_user(*, user: User) -> ReminderPreferences:
    """The saved preferences, or the defaults (unsaved) for a user who never changed them."""
    return ReminderPreferences.objects.filter(owner=user).first() or ReminderPreferences(owner=user)


def sent_reminder_list_for_user(*, user: User) -> QuerySet[SentReminder]:
    return SentReminder.objects.filter(owner=user).order_by("-claimed_at", "-id")


def calendar_owner_for_token(*, token: str) -> User | None:
    """The owner of a current feed address; an address past its max age answers None."""
    issued_after = timezone.now() - datetime.timedelta(days=settings.CALENDAR_FEED_MAX_AGE_DAYS)
    preferences = (
        ReminderPreferences.objects.select_related("owner")
        .filter(
            calendar_token=token,
            calendar_token_issued_at__gt=issued_after,
            owner__is_active=True,
        )
        .first()
    )
    return preferences.owner if preferences else None
