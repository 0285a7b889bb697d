import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from reminders.models import SentReminder
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed_outcomes():
    users = UserFactory.create_batch(4)
    for n, (user, status) in enumerate(
        zip(users, ["sent", "sent", "uncertain", "failed"], strict=True)
    ):
        SentReminder.objects.create(owner=user, kind="weekly_digest", period=f"p{n}", status=status)
    old = SentReminder.objects.create(owner=users[0], kind="weekly_digest", period="old")
    SentReminder.objects.filter(pk=old.pk).update(
        claimed_at=timezone.now() - datetime.timedelta(days=30)
    )


def test_reminders_status_counts_states_for_the_last_days(mixed_outcomes, capsys):
    call_command("reminders_status", "--days", "7")

    out = capsys.readouterr().out
    today = timezone.now().astimezone(datetime.UTC).date().isoformat()
    row = next(line for line in out.splitlines() if line.startswith(today)).split()
    header = out.splitlines()[0].split()
    counts = dict(zip(header[2:], row[1:], strict=True))
    assert (counts["sent"], counts["uncertain"], counts["failed"], counts["total"]) == (
        "2",
        "1",
        "1",
        "4",
    )


def test_admin_list_shows_counts_by_state(mixed_outcomes, admin_client):
    page = admin_client.get("/admin/reminders/sentreminder/").content.decode()

    assert 'id="delivery-counts"' in page
    assert "May not have arrived" in page
