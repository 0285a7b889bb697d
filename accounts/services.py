from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import ApiToken, User


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Return the stored token and its plain value, which is never retrievable again.

    The account's expired tokens go at the same time (API requests do not look for them)."""
    ApiToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
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


# --- Account export, import and deletion -------------------------------------------------


def profile_import_for_user(*, user: User, data: dict, refs: dict) -> None:
    from prepsite.rows import row_fields

    user_update_profile(user=user, **row_fields(User, data, exclude=["password"]))


@dataclass(frozen=True)
class AccountImportResult:
    dry_run: bool
    counts: dict[str, int]


def account_import(*, user: User, document: Any, dry_run: bool = False) -> AccountImportResult:
    """Restore an account export into this account, which must hold no data yet.

    All or nothing: the document is validated against the JSON Schema, then every section is
    written in one transaction; any invalid value raises BackupError and nothing is kept.
    A dry run does the same work and rolls it back, so it finds every problem a real run would.
    """
    from accounts import backup
    from accounts.selectors import account_sections_with_data

    backup.document_validate(document)
    occupied = account_sections_with_data(user=user)
    if occupied:
        raise backup.BackupError(
            "Import only restores into an empty account: this one already has data. "
            "Delete the account's data first or use a new account.",
            {"account": [f"Has {name} data." for name in occupied]},
        )
    refs: dict[str, Any] = {}
    try:
        with transaction.atomic():
            User.objects.select_for_update().filter(pk=user.pk).first()
            for section in backup.SECTIONS:
                section.importer()(
                    user=user, data=document["sections"].get(section.name), refs=refs
                )
            if dry_run:
                transaction.set_rollback(True)
    except ValidationError as error:
        errors = (
            error.message_dict if hasattr(error, "error_dict") else {"document": error.messages}
        )
        raise backup.BackupError(
            "The file's content is not valid: nothing was imported.", errors
        ) from error
    except IntegrityError as error:
        raise backup.BackupError(
            "The file lists the same thing twice where only one is allowed: nothing was imported.",
            {"document": [str(error)[:200]]},
        ) from error
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, backup.BackupError):
            raise
        raise backup.BackupError(
            "The file refers to something that does not exist: nothing was imported.",
            getattr(error, "errors", None) or {"document": [str(error)[:200]]},
        ) from error
    if dry_run:
        user.refresh_from_db()
    return AccountImportResult(dry_run=dry_run, counts=backup.section_counts(document))


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete the user and everything they own; tokens, feeds and mailed links die with them.

    Tokens are revoked and unsubscribe links rotated explicitly before the cascade, so the
    order of the cascade can never leave a working credential behind for an instant.
    """
    from practice.services import practice_sessions_delete_for_user
    from reminders.services import calendar_feed_disable, unsubscribe_links_rotate
    from stories.services import story_usages_delete_for_user

    api_token_revoke_all(user=user)
    calendar_feed_disable(user=user)
    unsubscribe_links_rotate(user=user)
    # Rows the cascade from the user cannot remove in one pass (PROTECT, SET_NULL + check).
    practice_sessions_delete_for_user(user=user)
    story_usages_delete_for_user(user=user)
    User.objects.filter(pk=user.pk).delete()
