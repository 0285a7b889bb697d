import os
from collections import Counter

import pytest
from rest_framework.test import APIClient

from tests.cache import clear_this_process_cache
from tests.factories import UserFactory

pytest_plugins = ["tests.e2e.fixtures"]


def _xdist_worker() -> str:
    """`gw0`, `gw1`... under pytest-xdist; empty when the suite runs in one process."""
    return os.environ.get("PYTEST_XDIST_WORKER", "")


def pytest_configure(config):
    from django.conf import settings

    from prepsite.celery import app

    # The production hasher is slow on purpose (hundreds of milliseconds a password) and most
    # tests create a user or log in. No test depends on the algorithm, only on a password being
    # checked.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Browser tests wait for each autosave. The pause before one is there for a person who
    # is still typing; a test types each field in one go, so a short pause saves the same.
    settings.AUTOSAVE_DELAY_MS = 250
    # Without Redis the app's broker is the filesystem folder `make run` uses; tests must not
    # leave messages there for the next real worker, so they use Celery's in-memory broker.
    if not os.environ.get("REDIS_URL"):
        # Each test process keeps its own cache: clearing it between tests must not empty
        # another process's (the embedded default is one folder that processes share).
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        app.conf.broker_url = "memory://"
        # It polls its queues once a second by default: a test's worker would sit idle for up
        # to a second before taking each task.
        app.conf.broker_transport_options = {"polling_interval": 0.05}
        app.conf.result_backend = "cache+memory://"
    worker = _xdist_worker()
    if worker:
        # pytest-xdist processes share one Redis: each gets its own Celery queue (so a real
        # worker never runs another process's task against the wrong test database) and its
        # own cache key prefix (so clearing the cache between tests leaves the others alone).
        app.conf.task_default_queue = f"tests-{worker}"
        settings.CACHES["default"]["KEY_PREFIX"] = f"tests-{worker}"


def pytest_collection_modifyitems(items):
    # pytest-xdist's `--dist loadgroup` (`make test`) hands tests out by id and runs only the
    # first of several that share one, so the others would be skipped without a word.
    counts = Counter(item.nodeid for item in items)
    shared = sorted(nodeid for nodeid, count in counts.items() if count > 1)
    if shared:
        raise pytest.UsageError(f"Tests sharing an id: {shared}")


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker in a thread of this process.

    It consumes from Redis when REDIS_URL is set (CI) and from the in-memory broker otherwise.
    It shares the test database, so tests using it see only committed rows (transactional_db).
    """
    # Importing the testing tasks registers `celery.ping`, which the start-up check sends.
    from celery.contrib.testing.tasks import ping
    from celery.contrib.testing.worker import start_worker
    from celery.worker import state as worker_state

    from prepsite.celery import app

    # Messages an earlier, interrupted run left in Redis must not be taken for this test's.
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=True, shutdown_timeout=10) as worker:
        yield worker
        # start_worker stops the worker by raising a flag its loop reads when it wakes, which
        # an idle loop does every two seconds. A message wakes it at once; the loop without an
        # event hub (the in-memory broker) waits for one more after reading the flag.
        worker_state.should_terminate = 0
        ping.delay()
        ping.delay()


@pytest.fixture(autouse=True)
def _isolate_cache():
    # Throttling and rate limits count in the cache; each test starts from zero.
    clear_this_process_cache()
    yield
    clear_this_process_cache()


# The reference rows as the data migrations wrote them (django_db_setup below).
_reference_rows: list[list] = []


def _reference_querysets() -> list:
    from practice.models import LibraryItem
    from stories.models import LeadershipPrinciple, PracticeQuestion

    return [
        LeadershipPrinciple.objects.all(),
        PracticeQuestion.objects.all(),
        LibraryItem.objects.filter(owner__isnull=True),
    ]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, its reference rows read once it is migrated."""
    with django_db_blocker.unblock():
        _reference_rows.extend(list(rows) for rows in _reference_querysets())


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request):
    # Transactional tests (browser, real worker) flush every table when they end, which also
    # empties the reference data the data migrations loaded; put it back before each of them,
    # in one insert a table (loading it afresh row by row took ~0.3 s a test). The rows keep
    # their ids, which no test resets the id sequences under.
    marker = request.node.get_closest_marker("django_db")
    flushes = (marker is not None and marker.kwargs.get("transaction")) or {
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if flushes:
        request.getfixturevalue("transactional_db")
        if not _reference_querysets()[0].exists():
            for rows in _reference_rows:
                type(rows[0]).objects.bulk_create(rows)


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def other_user(db):
    return UserFactory()


@pytest.fixture
def user_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def user_api_client(user):
    api = APIClient()
    api.force_authenticate(user)
    return api
