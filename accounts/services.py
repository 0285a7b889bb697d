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


def user_update_profile(*, user: User, display_name: str, timezone: str) -> User:
    user.display_name = display_name
    user.timezone = timezone
    user.full_clean(exclude=["password"])
    user.save(update_fields=["display_name", "timezone"])
    return user
