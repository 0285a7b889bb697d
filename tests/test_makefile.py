"""`make run PORT=...` makes e-mail and feed links use that port unless SITE_URL is set."""

import shutil
import subprocess

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _dry_run(*args: str) -> str:
    # -n prints the commands without running any of them.
    return subprocess.run(
        ["make", "-n", "run", *args],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout


def test_make_run_port_sets_the_site_url_default():
    output = _dry_run("PORT=8080", "DEMO=0")
    assert 'SITE_URL="${SITE_URL:-http://127.0.0.1:8080}"' in output
    assert "PORT=8080" in output


def test_links_in_emails_and_feeds_use_the_site_url(settings, db):
    """The other half: what `make run` sets is what the links are made of."""
    import datetime

    from django.utils import timezone

    from reminders.api.serializers import calendar_feed_url
    from reminders.calendar_feed import calendar_for_user
    from reminders.emails import build_reminder_message
    from tests.factories import StoryFactory, UserFactory

    settings.SITE_URL = "http://127.0.0.1:8080"
    user = UserFactory()
    StoryFactory(owner=user, next_rehearsal_at=timezone.now() + datetime.timedelta(days=1))

    message = build_reminder_message(user=user, kind="inactivity_nudge", context={})
    feed = calendar_for_user(user=user, today=timezone.localdate()).decode()

    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://127.0.0.1:8080/reminders/unsubscribe/")
    assert "http://127.0.0.1:8080/" in message.body
    assert calendar_feed_url("token").startswith("http://127.0.0.1:8080/reminders/calendar/")
    assert "URL:http://127.0.0.1:8080/stories/" in feed
    assert "127.0.0.1:8000" not in message.body + feed
