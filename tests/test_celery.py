import pytest
from celery.contrib.testing.tasks import ping
from django.conf import settings

from prepsite.celery import app

pytestmark = pytest.mark.celery_worker


def test_task_round_trips_through_the_broker_and_a_real_worker(celery_worker):
    result = ping.delay()

    assert result.get(timeout=10) == "pong"
    assert result.successful()


def test_tests_never_write_to_the_embedded_filesystem_broker():
    expected = "redis" if settings.REDIS_URL else "memory"
    assert app.conf.broker_url.split(":", 1)[0] == expected
