"""Auth events raised by Django and allauth: each one calls one accounts service.

A signal is used here only because passwords change in library code (allauth's change, set and
reset flows, Django's admin, `manage.py changepassword`), never in PrepSite code that could
call the service itself.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts import services
from accounts.models import User


@receiver(post_save, sender=User, dispatch_uid="accounts_revoke_tokens_on_new_password")
def revoke_api_tokens_when_a_new_password_is_saved(sender, instance, created, **kwargs) -> None:
    # Django keeps the new raw password in `_password` until save() returns, and only when one
    # was set: the hash upgrade at login clears it first, so it does not revoke anything.
    if not created and instance._password is not None:
        services.api_token_revoke_all(user=instance)
