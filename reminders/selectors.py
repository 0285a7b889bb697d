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
