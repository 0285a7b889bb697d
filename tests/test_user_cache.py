import datetime

import pytest
from django.db import transaction

from prepsite.user_cache import user_cache_invalidate, user_cached

pytestmark = pytest.mark.django_db


def _counting():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return compute, calls


def test_a_cached_value_is_computed_once_until_its_scope_is_invalidated(
    django_capture_on_commit_callbacks,
):
    compute, calls = _counting()

    assert user_cached(1, "stories", "count", compute) == 1
    assert user_cached(1, "stories", "count", compute) == 1
    with django_capture_on_commit_callbacks(execute=True):
        user_cache_invalidate(1, "stories")
        assert user_cached(1, "stories", "count", compute) == 1, "not before the write commits"
    assert user_cached(1, "stories", "count", compute) == 2
    assert len(calls) == 2


def test_a_value_cached_under_two_scopes_is_dropped_when_either_changes(
    django_capture_on_commit_callbacks,
):
    compute, calls = _counting()
    both = ("interviews", "stories")

    assert user_cached(1, both, "page", compute) == 1
    assert user_cached(1, both, "page", compute) == 1
    with django_capture_on_commit_callbacks(execute=True):
        user_cache_invalidate(1, "stories")
    assert user_cached(1, both, "page", compute) == 2
    with django_capture_on_commit_callbacks(execute=True):
        user_cache_invalidate(1, "interviews")
    assert user_cached(1, both, "page", compute) == 3
    with django_capture_on_commit_callbacks(execute=True):
        user_cache_invalidate(1, "plan")
    assert user_cached(1, both, "page", compute) == 3
    assert len(calls) == 3


def test_invalidation_touches_only_that_user_and_scope(django_capture_on_commit_callbacks):
    compute, calls = _counting()
    user_cached(1, "stories", "count", compute)
    user_cached(2, "stories", "count", compute)
    user_cached(1, "plan", "count", compute)

    with django_capture_on_commit_callbacks(execute=True):
        user_cache_invalidate(1, "stories")
    user_cached(1, "stories", "count", compute)
    user_cached(2, "stories", "count", compute)
    user_cached(1, "plan", "count", compute)

    assert len(calls) == 4


def test_a_rolled_back_write_keeps_the_cached_value():
    compute, _calls = _counting()
    user_cached(1, "stories", "count", compute)

    with pytest.raises(RuntimeError), transaction.atomic():
        user_cache_invalidate(1, "stories")
        raise RuntimeError("the write failed")

    assert user_cached(1, "stories", "count", compute) == 1


def test_a_cached_none_is_not_computed_again():
    calls = []
    user_cached(1, "plan", "nothing", lambda: calls.append(1))
    user_cached(1, "plan", "nothing", lambda: calls.append(1))
    assert calls == [1]


def test_a_cached_value_is_read_in_one_round_trip_to_the_cache(monkeypatch):
    from prepsite import user_cache

    compute, _calls = _counting()
    user_cached(1, "stories", "count", compute)
    round_trips = []
    real_cache = user_cache.cache

    class CountingCache:
        def __getattr__(self, name):
            round_trips.append(name)
            return getattr(real_cache, name)

    monkeypatch.setattr(user_cache, "cache", CountingCache())

    assert user_cached(1, "stories", "count", compute) == 1
    assert round_trips == ["get_many"]


def test_a_value_with_an_end_is_computed_again_once_that_moment_has_passed(time_machine):
    start = datetime.datetime(2030, 3, 4, 8, tzinfo=datetime.UTC)
    time_machine.move_to(start, tick=False)
    compute, calls = _counting()

    def until_nine(value):
        return start + datetime.timedelta(hours=1)

    assert user_cached(1, "interviews", "next", compute, valid_until=until_nine) == 1
    time_machine.move_to(start + datetime.timedelta(minutes=59), tick=False)
    assert user_cached(1, "interviews", "next", compute, valid_until=until_nine) == 1
    time_machine.move_to(start + datetime.timedelta(hours=1), tick=False)
    assert user_cached(1, "interviews", "next", compute, valid_until=until_nine) == 2
    assert len(calls) == 2
