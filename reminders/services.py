import datetime
import secrets

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from accounts.services import user_update_profile
from reminders.models import DailyDispatch, ReminderPreferences

SCHEDULE_FIELDS = ("timezone", "reminder_weekday", "reminder_time")
PREFERENCE_FIELDS = (
    "email_enabled",
    "weekly_digest",
    "midweek_nudge",
    "inactivity_nudge",
    "interview_countdown",
    "nudge_weekday",
)


def reminder_preferences_ensure(*, user: User) -> ReminderPreferences:
    preferences, _ = ReminderPreferences.objects.get_or_create(owner=user)
    return preferences


@transaction.atomic
def reminder_preferences_update(*, user: User, **changes: object) -> ReminderPreferences:
    """Change reminder switches and the weekly send day, time and time zone together.

    Raises django.core.exceptions.ValidationError and saves nothing on a bad value.
    """
    unknown = set(changes) - set(SCHEDULE_FIELDS) - set(PREFERENCE_FIELDS)
    if unknown:
        raise TypeError(f"Not reminder preferences: {sorted(unknown)}")
    schedule_changes = {
        name: value
        for name, value in changes.items()
        if name in SCHEDULE_FIELDS and getattr(user, name) != value
    }
    if schedule_changes:
        user_update_profile(user=user, **schedule_changes)
        # Lets a send time moved to later today still fire today; the sent-record key
        # still stops a second e-mail for the same period.
        yesterday = datetime.date.today() - datetime.timedelta(days=1)
        DailyDispatch.objects.filter(owner=user, local_date__gte=yesterday).delete()
    preferences = reminder_preferences_ensure(user=user)
    for name in PREFERENCE_FIELDS:
        if name in changes:
            setattr(preferences, name, changes[name])
    preferences.full_clean(exclude=["owner"])
    preferences.save()
    return preferences


@transaction.atomic
def reminder_unsubscribe(*, user_id: int, kind: str | None) -> bool:
    """Stop one kind of reminder, or every reminder e-mail when kind is None.

    Returns False when the user no longer exists.
    """
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    preferences = reminder_preferences_ensure(user=user)
    setattr(preferences, kind or "email_enabled", False)
    preferences.save()
    return True


def calendar_feed_reset(*, user: User) -> ReminderPreferences:
    """Issue a new private feed URL; the previous one stops working at once."""
    preferences = reminder_preferences_ensure(user=user)
    preferences.calendar_token = secrets.token_urlsafe(32)
    preferences.calendar_token_issued_at = timezone.now()
    preferences.save(update_fields=["calendar_token", "calendar_token_issued_at", "updated_at"])
    return preferences


def unsubscribe_links_rotate(*, user: User) -> ReminderPreferences:
    """Invalidate every unsubscribe link already mailed; new e-mails carry new ones."""
    preferences = reminder_preferences_ensure(user=user)
    preferences.unsubscribe_version = F("unsubscribe_version") + 1
    preferences.save(update_fields=["unsubscribe_version", "updated_at"])
    preferences.refresh_from_db()
    return preferences


def calendar_feed_disable(*, user: User) -> ReminderPreferences:
    preferences = reminder_preferences_ensure(user=user)
    preferences.calendar_token = None
    preferences.save(update_fields=["calendar_token", "updated_at"])
    return preferences


# --- Account import (accounts.backup): this app's section ---------------------------------


@transaction.atomic
def reminders_import_for_user(*, user: User, data: dict, refs: dict) -> None:
    from prepsite.rows import row_fields

    if data.get("preferences") is None:
        return
    fields = row_fields(ReminderPreferences, data["preferences"], exclude=["calendar_token"])
    preferences = reminder_preferences_ensure(user=user)
    for name, value in fields.items():
        setattr(preferences, name, value)
    preferences.full_clean(exclude=["owner"])
    preferences.save()
