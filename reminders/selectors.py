import datetime

from django.conf import settings
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate
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


# --- Account export (accounts.backup): this app's section ---------------------------------

# Secrets and bookkeeping stay behind: a restored account gets its own feed address and links.
_PREFERENCES_NOT_EXPORTED = (
    "calendar_token",
    "calendar_token_issued_at",
    "unsubscribe_version",
    "updated_at",
)


def reminders_has_data_for_user(*, user: User) -> bool:
    return ReminderPreferences.objects.filter(owner=user).exists()


def reminders_export_for_user(*, user: User) -> dict:
    from prepsite.rows import row_document

    preferences = ReminderPreferences.objects.filter(owner=user).first()
    return {
        "preferences": None
        if preferences is None
        else row_document(preferences, exclude=_PREFERENCES_NOT_EXPORTED)
    }


def delivery_counts_by_day(*, days: int) -> dict[datetime.date, dict[str, int]]:
    """Reminders claimed on each of the last `days` days (UTC), counted by status, for the
    admin and `manage.py reminders_status`."""
    since = timezone.now() - datetime.timedelta(days=days)
    rows = (
        SentReminder.objects.filter(claimed_at__gte=since)
        .annotate(day=TruncDate("claimed_at", tzinfo=datetime.UTC))
        .values_list("day", "status")
        .annotate(count=Count("id"))
        .order_by("-day", "status")
    )
    counts: dict[datetime.date, dict[str, int]] = {}
    for day, status, count in rows:
        counts.setdefault(day, {})[status] = count
    return counts
