"""Signed unsubscribe tokens: they identify a user and a reminder kind without a login.

A token carries the user's `unsubscribe_version`: rotating it (reminder settings, account
deletion) invalidates every link already mailed, and links older than
UNSUBSCRIBE_LINK_MAX_AGE_DAYS are refused as well.
"""

import datetime

from django.conf import settings
from django.core import signing

from reminders.models import ReminderKind, ReminderPreferences

_SALT = "reminders.unsubscribe"


def _current_version(user_id: int) -> int | None:
    """The version links must carry; None once the account is gone."""
    from accounts.models import User

    if not User.objects.filter(pk=user_id, is_active=True).exists():
        return None
    version = (
        ReminderPreferences.objects.filter(owner_id=user_id)
        .values_list("unsubscribe_version", flat=True)
        .first()
    )
    return version or 1


def unsubscribe_token(*, user_id: int, kind: str, version: int | None = None) -> str:
    """A link token; a caller that already holds the user's preferences passes their version,
    saving the look-up (a batch of e-mails would otherwise pay it per message)."""
    payload = {"user": user_id, "kind": kind, "v": version or _current_version(user_id)}
    return signing.dumps(payload, salt=_SALT, compress=False)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """Return (user id, kind) for an untampered, unexpired, current token, else None."""
    max_age = datetime.timedelta(days=settings.UNSUBSCRIBE_LINK_MAX_AGE_DAYS)
    try:
        payload = signing.loads(token, salt=_SALT, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    if not isinstance(payload, dict):
        return None
    user_id, kind, version = payload.get("user"), payload.get("kind"), payload.get("v")
    if not isinstance(user_id, int) or kind not in ReminderKind.values:
        return None
    current = _current_version(user_id)
    if current is None or version != current:
        return None
    return user_id, kind
