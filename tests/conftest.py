import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytest_plugins = ["tests.e2e.fixtures"]


@pytest.fixture(autouse=True)
def _isolate_cache():
    # Throttling and rate limits count in the cache; each test starts from zero.
    cache.clear()
    yield
    cache.clear()


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
