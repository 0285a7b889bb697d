"""Builds reminder e-mails from templates: HTML and plain text, with one-click unsubscribe."""

import functools
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import User
from reminders.kinds import kind_spec
from reminders.models import ReminderPreferences
from reminders.tokens import unsubscribe_token


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


@functools.lru_cache(maxsize=16)
def _fixed_path(name: str) -> str:
    # reverse() costs more than rendering a line of the e-mail; these paths never change.
    return reverse(name)


def unsubscribe_url(*, user: User, kind: str) -> str:
    try:
        version = user.reminder_preferences.unsubscribe_version or 1
    except ReminderPreferences.DoesNotExist:
        version = 1
    token = unsubscribe_token(user_id=user.pk, kind=kind, version=version)
    return absolute_url(reverse("reminders:unsubscribe", args=[token]))


def build_reminder_message(
    *, user: User, kind: str, context: dict[str, Any], template: str = ""
) -> EmailMultiAlternatives:
    """The e-mail for one reminder; `template` overrides the kind's own template stem."""
    stop_url = unsubscribe_url(user=user, kind=kind)
    context = {
        **context,
        "user": user,
        "greeting_name": user.display_name or "there",
        "unsubscribe_url": stop_url,
        "preferences_url": absolute_url(_fixed_path("reminders:preferences")),
        "dashboard_url": absolute_url(_fixed_path("dashboard")),
    }
    stem = template or f"reminders/email/{kind_spec(kind).template}"
    subject = " ".join(render_to_string(f"{stem}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{stem}.txt", context),
        to=[user.email],
        headers={
            # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" to this URL.
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string(f"{stem}.html", context), "text/html")
    return message
