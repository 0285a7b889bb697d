"""The dashboard's cached list of practice reviews due never drifts from a fresh one: every
service that schedules, hides, renames or removes a reviewed item drops it, and a review joins
it when its time comes, with no write at all."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.selectors import account_export
from accounts.services import account_import
from practice import selectors, services
from practice.models import ItemReview, LibraryItem
from tests.factories import UserFactory
from tests.practice.conftest import design_scores, start_session

pytestmark = pytest.mark.django_db

LONG_AGO = dt.timedelta(days=60)


def _shown(reviews: list) -> list[tuple]:
    """What the dashboard's practice card shows of each review due."""
    return [(review.item_id, review.item.title, review.item.area) for review in reviews]


@pytest.fixture
def same_as_fresh(user, django_capture_on_commit_callbacks):
    """Cache the list, run a write as a request would (its on-commit work included), then
    check the cached list against one read from the database."""

    def check(write=None, *, owner=user) -> list[tuple]:
        selectors.items_due_cached(user=owner)
        if write is not None:
            with django_capture_on_commit_callbacks(execute=True):
                write()
        cached = _shown(selectors.items_due_cached(user=owner))
        assert cached == _shown(selectors.items_due(user=owner))
        return cached

    return check


def _done_long_ago(user, item) -> None:
    services.item_mark_done(user=user, item=item, level="L6", done_at=timezone.now() - LONG_AGO)


def _own_item_due_since_yesterday(user, title: str):
    """A private item with a card and no session behind it (as an import writes one): the
    item can still be deleted."""
    own = services.item_create_private(
        user=user, area="behavioural", kind="problem", title=title, prompt="Go."
    )
    ItemReview.objects.create(
        user=user,
        item=own,
        card={},
        due_at=timezone.now() - dt.timedelta(days=1),
        last_rating=3,
        last_reviewed_at=timezone.now() - LONG_AGO,
    )
    return own


def test_cached_due_reviews_follow_every_practice_service(
    user, design_item, behavioural_item, frozen_now, same_as_fresh
):
    assert same_as_fresh() == []
    own = services.item_create_private(
        user=user, area="design", kind="problem", title="Design a rate limiter", prompt="Go."
    )

    assert [row[1] for row in same_as_fresh(lambda: _done_long_ago(user, own))] == [
        "Design a rate limiter"
    ]
    same_as_fresh(lambda: _done_long_ago(user, design_item))
    renamed = same_as_fresh(lambda: services.item_update_private(item=own, title="Rate limiter"))
    assert "Rate limiter" in [row[1] for row in renamed]
    hidden = same_as_fresh(lambda: services.item_hide(user=user, item=design_item))
    assert design_item.pk not in [row[0] for row in hidden]
    shown_again = same_as_fresh(lambda: services.item_unhide(user=user, item=design_item))
    assert design_item.pk in [row[0] for row in shown_again]

    # Reviewed again today: due again only in the future.
    reviewed = same_as_fresh(lambda: services.item_mark_done(user=user, item=own, level="L6"))
    assert own.pk not in [row[0] for row in reviewed]

    def finish_a_session():
        services.session_finish(
            session=start_session(user, design_item),
            duration_seconds=1800,
            rubric_scores=design_scores(3),
        )

    assert same_as_fresh(finish_a_session) == []


def test_cached_due_reviews_follow_deleting_an_item_and_an_import(
    user, behavioural_item, frozen_now, same_as_fresh
):
    own = _own_item_due_since_yesterday(user, "Tell me about a failure")
    _done_long_ago(user, behavioural_item)
    assert len(same_as_fresh()) == 2
    assert len(same_as_fresh(lambda: services.item_delete_private(item=own))) == 1

    fresh = UserFactory()
    assert same_as_fresh(owner=fresh) == []
    document = account_export(user=user)
    imported = same_as_fresh(lambda: account_import(user=fresh, document=document), owner=fresh)
    assert [row[1] for row in imported] == [behavioural_item.title]


def test_a_review_joins_the_cached_list_when_it_falls_due(
    user, design_item, frozen_now, same_as_fresh, time_machine
):
    services.item_mark_done(user=user, item=design_item, level="L6")
    # Due later today: well within the time the cache keeps a value anyway.
    in_an_hour = timezone.now() + dt.timedelta(hours=1)
    ItemReview.objects.filter(user=user, item=design_item).update(due_at=in_an_hour)
    assert same_as_fresh() == []

    time_machine.move_to(in_an_hour + dt.timedelta(seconds=1), tick=False)

    assert [row[0] for row in same_as_fresh()] == [design_item.pk]


def test_a_full_list_does_not_expire_when_one_more_falls_due(
    user, frozen_now, same_as_fresh, time_machine, django_assert_num_queries
):
    listed = selectors.DUE_REVIEWS_LISTED
    items = list(LibraryItem.objects.filter(owner__isnull=True).order_by("id")[: listed + 1])
    for item in items[:listed]:
        _done_long_ago(user, item)
    services.item_mark_done(user=user, item=items[listed], level="L6")
    in_an_hour = timezone.now() + dt.timedelta(hours=1)
    ItemReview.objects.filter(user=user, item=items[listed]).update(due_at=in_an_hour)
    full = same_as_fresh()
    assert len(full) == listed

    time_machine.move_to(in_an_hour + dt.timedelta(seconds=1), tick=False)

    # The one that fell due comes after the ten already listed: nothing to read again.
    with django_assert_num_queries(0):
        assert _shown(selectors.items_due_cached(user=user)) == full
    assert same_as_fresh() == full


def test_the_list_is_read_once_until_a_write_or_the_next_review(
    user, design_item, frozen_now, same_as_fresh, django_assert_num_queries
):
    _done_long_ago(user, design_item)
    listed = same_as_fresh()

    with django_assert_num_queries(0):
        assert _shown(selectors.items_due_cached(user=user)) == listed


def test_deleting_a_private_item_in_the_admin_drops_its_owners_list(
    user, frozen_now, same_as_fresh, client
):
    own = _own_item_due_since_yesterday(user, "Tell me about a conflict")
    assert len(same_as_fresh()) == 1
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    emptied = same_as_fresh(
        lambda: client.post(f"/admin/practice/libraryitem/{own.pk}/delete/", {"post": "yes"})
    )

    assert emptied == []
