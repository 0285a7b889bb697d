"""The cached practice scores (dashboard card, week suggestions' weakest areas) never drift:
every service that finishes, imports or deletes sessions drops them."""

import pytest

from accounts.selectors import account_export
from accounts.services import account_import
from practice import selectors, services
from tests.factories import UserFactory
from tests.practice.conftest import design_scores, start_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def same_as_fresh(user, django_capture_on_commit_callbacks):
    """Run a write as a request would (its on-commit work included), then check the cached
    scores against scores counted from the database."""

    def check(write=None, *, owner=user):
        if write is not None:
            with django_capture_on_commit_callbacks(execute=True):
                write()
        cached = selectors.practice_scores_by_area(user=owner)
        assert cached == selectors.practice_scores_counted(user=owner)
        return cached

    return check


def _finish(user, item, value: int):
    session = start_session(user, item, "L6")
    return services.session_finish(
        session=session, duration_seconds=1800, rubric_scores=design_scores(value)
    )


def test_cached_scores_follow_finished_and_marked_sessions(user, design_item, same_as_fresh):
    assert same_as_fresh()["design"].sessions == 0

    assert same_as_fresh(lambda: _finish(user, design_item, 2))["design"].average == 33
    assert same_as_fresh(lambda: _finish(user, design_item, 3))["design"].sessions == 2
    started = same_as_fresh(lambda: start_session(user, design_item, "L7"))
    assert started["design"].sessions == 2
    same_as_fresh(lambda: services.item_mark_done(user=user, item=design_item, level="L6"))


def test_cached_scores_follow_an_import_and_a_deletion(user, design_item, same_as_fresh):
    same_as_fresh(lambda: _finish(user, design_item, 3))
    fresh = UserFactory()
    assert same_as_fresh(owner=fresh)["design"].sessions == 0

    document = account_export(user=user)
    imported = same_as_fresh(lambda: account_import(user=fresh, document=document), owner=fresh)
    assert imported["design"].sessions == 1

    emptied = same_as_fresh(
        lambda: services.practice_sessions_delete_for_user(user=fresh), owner=fresh
    )
    assert emptied["design"].sessions == 0


def test_scores_are_counted_once_until_a_session_is_scored(
    user, design_item, same_as_fresh, django_assert_num_queries
):
    counted = same_as_fresh()
    with django_assert_num_queries(0):
        assert selectors.practice_scores_by_area(user=user) == counted
