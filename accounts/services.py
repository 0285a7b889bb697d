from django.db import transaction

from accounts.models import ApiToken, User


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Return the stored token and its plain value, which is never retrievable again."""
    token, plain_value = ApiToken.objects.create(user=user, name=name.strip())
    return token, plain_value


def api_token_revoke(*, user: User, token_key: str) -> bool:
    deleted, _ = ApiToken.objects.filter(user=user, token_key=token_key).delete()
    return deleted > 0


def api_token_revoke_all(*, user: User) -> int:
    """Revoke every API token of the user (password changed or reset, account deleted)."""
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    return deleted


_PROFILE_FIELDS = {"display_name", "timezone", "reminder_weekday", "reminder_time"}


def user_update_profile(*, user: User, **changes: object) -> User:
    """Change profile fields (display name, time zone, weekly reminder day and time)."""
    unknown = set(changes) - _PROFILE_FIELDS
    if unknown:
        raise TypeError(f"Not profile fields: {sorted(unknown)}")
    for field, value in changes.items():
        setattr(user, field, value)
    user.full_clean(exclude=["password"])
    user.save(update_fields=sorted(changes))
    return user
