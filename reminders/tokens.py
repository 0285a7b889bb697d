"""Signed unsubscribe tokens: they identify a user and a reminder kind without a login."""

from django.core import signing

from reminders.models import ReminderKind

_SALT = "reminders.unsubscribe"


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    return signing.dumps({"user": user_id, "kind": kind}, salt=_SALT, compress=False)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """Return (user id, kind) for an untampered token, else None."""
    try:
        payload = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    user_id, kind = payload.get("user"), payload.get("kind")
    if not isinstance(user_id, int) or kind not in ReminderKind.values:
        return None
    return user_id, kind
