import datetime

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
    preferences = (
        ReminderPreferences.objects.select_related("owner")
        .filter(calendar_token=token, owner__is_active=True)
        .first()
    )
    return preferences.owner if preferences else None


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
