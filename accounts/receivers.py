"""Auth events from allauth and Django: each one calls one accounts service.

Signals are used here only because the events are raised by libraries (allauth's password
flows, Django's admin), not by PrepSite code that could call the service itself.
"""

from allauth.account.signals import password_changed, password_reset, password_set
from django.dispatch import receiver

from accounts import services


@receiver(password_changed, dispatch_uid="accounts_revoke_tokens_on_password_changed")
@receiver(password_set, dispatch_uid="accounts_revoke_tokens_on_password_set")
@receiver(password_reset, dispatch_uid="accounts_revoke_tokens_on_password_reset")
def revoke_api_tokens_on_password_event(sender, request, user, **kwargs) -> None:
    services.api_token_revoke_all(user=user)
