"""Unsubscribe links and calendar-feed addresses can be rotated, and they expire."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from reminders import services
from reminders.tokens import read_unsubscribe_token, unsubscribe_token

pytestmark = pytest.mark.django_db


def test_rotating_unsubscribe_links_invalidates_the_old_one(user_client, user, client):
    old = unsubscribe_token(user_id=user.pk, kind="weekly_digest")
    assert read_unsubscribe_token(old) == (user.pk, "weekly_digest")

    response = user_client.post(reverse("reminders:unsubscribe_links_rotate"))

    assert response.status_code == 302
    assert read_unsubscribe_token(old) is None
    assert client.get(reverse("reminders:unsubscribe", args=[old])).status_code == 400
    new = unsubscribe_token(user_id=user.pk, kind="weekly_digest")
    assert client.get(reverse("reminders:unsubscribe", args=[new])).status_code == 200


def test_rotating_unsubscribe_links_through_the_api(api_client, user):
    old = unsubscribe_token(user_id=user.pk, kind="midweek_nudge")
    api_client.force_authenticate(user)

    response = api_client.post("/api/reminders/unsubscribe-links/rotate/")

    assert response.status_code == 204
    assert read_unsubscribe_token(old) is None


def test_rotation_needs_a_login(client, api_client):
    response = client.post(reverse("reminders:unsubscribe_links_rotate"))
    assert response.status_code == 302
    assert api_client.post("/api/reminders/unsubscribe-links/rotate/").status_code == 401


def test_rotating_one_users_links_leaves_others_working(user):
    from tests.factories import UserFactory

    other = UserFactory()
    others_link = unsubscribe_token(user_id=other.pk, kind="weekly_digest")

    services.unsubscribe_links_rotate(user=user)

    assert read_unsubscribe_token(others_link) == (other.pk, "weekly_digest")


def test_unsubscribe_link_expires(user, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        token = unsubscribe_token(user_id=user.pk, kind="weekly_digest")
    age = datetime.timedelta(days=settings.UNSUBSCRIBE_LINK_MAX_AGE_DAYS)

    with time_machine.travel(start + age - datetime.timedelta(hours=1), tick=False):
        assert read_unsubscribe_token(token) == (user.pk, "weekly_digest")
    with time_machine.travel(start + age + datetime.timedelta(hours=1), tick=False):
        assert read_unsubscribe_token(token) is None


def test_new_feed_address_invalidates_the_old_one(user_client, user, client):
    old = services.calendar_feed_reset(user=user).calendar_token
    assert client.get(reverse("reminders:calendar_feed", args=[old])).status_code == 200

    user_client.post(reverse("reminders:calendar_feed_reset"))

    assert client.get(reverse("reminders:calendar_feed", args=[old])).status_code == 404


def test_feed_address_expires(user, client, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        token = services.calendar_feed_reset(user=user).calendar_token
    url = reverse("reminders:calendar_feed", args=[token])
    age = datetime.timedelta(days=settings.CALENDAR_FEED_MAX_AGE_DAYS)

    with time_machine.travel(start + age - datetime.timedelta(hours=1), tick=False):
        assert client.get(url).status_code == 200
    with time_machine.travel(start + age + datetime.timedelta(hours=1), tick=False):
        assert client.get(url).status_code == 404


def test_preferences_page_offers_the_rotation_button(user_client):
    body = user_client.get(reverse("reminders:preferences")).content.decode()

    assert reverse("reminders:unsubscribe_links_rotate") in body
