from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import ApiToken, User


def api_token_list_for_user(*, user: User) -> QuerySet[ApiToken]:
    """The tokens that still work; expired ones are deleted when the next token is created."""
    return (
        ApiToken.objects.filter(user=user)
        .exclude(expiry__lt=timezone.now())
        .only("token_key", "name", "created", "expiry")
    )


# --- Account export (accounts.backup): this app's section ---------------------------------

PROFILE_EXPORT_FIELDS = ("display_name", "timezone", "reminder_weekday", "reminder_time")


def profile_export_for_user(*, user: User) -> dict:
    """Profile settings; the e-mail address and password belong to the account, not the data."""
    from prepsite.rows import row_document

    document = row_document(user)
    return {name: document[name] for name in PROFILE_EXPORT_FIELDS}


def profile_has_data_for_user(*, user: User) -> bool:
    # A profile always exists and an import may overwrite it: it never blocks an import.
    return False


def account_export(*, user: User) -> dict:
    """Everything the user owns as one account-export document (accounts.backup)."""
    from accounts import backup

    return backup.document_build(
        {section.name: section.exporter()(user=user) for section in backup.SECTIONS}
    )


def account_sections_with_data(*, user: User) -> list[str]:
    from accounts import backup

    return [section.name for section in backup.SECTIONS if section.data_check()(user=user)]
