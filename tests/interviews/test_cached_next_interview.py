"""The dashboard's cached next interview never drifts from a fresh one: every interviews
service and the erasing of deleted stories drop it, and once a round starts the next one
shows, with no write at all."""

import datetime

import pytest

from accounts.selectors import account_export
from accounts.services import account_import
from interviews import selectors, services
from interviews.models import StoryAssignment
from stories import services as story_services
from tests.factories import UserFactory
from tests.interviews.conftest import at
from tests.interviews.test_cached_loop_page import INTERVIEW_WRITES, _first_round, _planned_story

pytestmark = pytest.mark.django_db

# A debrief is refused before its round has taken place.
WRITES_BEFORE_THE_LOOP = {
    name: write for name, write in INTERVIEW_WRITES.items() if name != "round debriefed"
} | {
    "loop's kind changed": lambda loop, ctx: services.loop_update(
        loop=loop, data={"kind": "phone_screen"}
    ),
    "first round's principles cleared": lambda loop, ctx: services.round_update(
        round_=_first_round(loop), data={}, principles=[]
    ),
}


def _shown(found: selectors.NextInterview | None) -> tuple | None:
    """What the dashboard's interviews card shows of the next interview."""
    if found is None:
        return None
    return (
        found.round.pk,
        found.round.starts_at,
        found.round.kind,
        found.round.interviewer_name,
        found.loop.pk,
        found.loop.kind,
        found.loop.application.company,
        found.covered,
        found.slots,
    )


@pytest.fixture
def morning_of_the_loop(time_machine):
    """08:00 on the loop's day (frozen): its five rounds, from 09:00, are still to come."""
    time_machine.move_to(at(8), tick=False)


@pytest.fixture
def planned(morning_of_the_loop, five_round_loop, bank, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.loop_plan(loop=five_round_loop)
    return five_round_loop


@pytest.fixture
def same_as_fresh(user, django_capture_on_commit_callbacks):
    """Cache the next interview, run a write as a request would (its on-commit work
    included), then check the cached one against one read from the database."""

    def check(write=None, *, owner=user) -> tuple | None:
        selectors.next_interview_cached(user=owner)
        if write is not None:
            with django_capture_on_commit_callbacks(execute=True):
                write()
        cached = _shown(selectors.next_interview_cached(user=owner))
        assert cached == _shown(selectors.next_interview_for_user(user=owner))
        return cached

    return check


@pytest.mark.parametrize(
    "write", WRITES_BEFORE_THE_LOOP.values(), ids=WRITES_BEFORE_THE_LOOP.keys()
)
def test_every_interviews_write_drops_the_cached_next_interview(
    planned, bank, principles, same_as_fresh, write
):
    # Something for "stories planned again" to change: the last round's plan, forgotten.
    StoryAssignment.objects.filter(round=planned.rounds.order_by("starts_at").last()).delete()
    assert same_as_fresh() is not None
    same_as_fresh(lambda: write(planned, {"bank": bank, "principles": principles}))


def test_the_amazon_split_and_an_import_drop_the_cached_next_interview(
    planned, same_as_fresh, django_capture_on_commit_callbacks, user
):
    with django_capture_on_commit_callbacks(execute=True):
        services.round_update(round_=_first_round(planned), data={}, principles=[])
    slots = same_as_fresh()[-1]
    assert same_as_fresh(lambda: services.loop_apply_amazon_split(loop=planned))[-1] > slots

    fresh = UserFactory()
    assert same_as_fresh(owner=fresh) is None
    document = account_export(user=user)
    imported = same_as_fresh(lambda: account_import(user=fresh, document=document), owner=fresh)
    assert imported is not None


def test_erasing_a_planned_story_drops_the_cached_next_interview(
    planned, same_as_fresh, django_capture_on_commit_callbacks, time_machine
):
    # Deleted two months before the loop, then erased once the undo window has passed.
    time_machine.move_to(at(8) - datetime.timedelta(days=60), tick=False)
    covered = same_as_fresh()[-2]
    with django_capture_on_commit_callbacks(execute=True):
        story_services.story_soft_delete(story=_planned_story(planned))
    same_as_fresh()
    time_machine.shift(datetime.timedelta(days=story_services.UNDO_DELETE_DAYS + 1))

    assert same_as_fresh(story_services.story_purge_expired_deletions)[-2] == covered - 1


def test_the_next_round_shows_once_the_first_has_started(planned, same_as_fresh, time_machine):
    first, second = planned.rounds.order_by("starts_at")[:2]
    assert same_as_fresh()[0] == first.pk

    time_machine.move_to(first.starts_at + datetime.timedelta(seconds=1), tick=False)

    assert same_as_fresh()[0] == second.pk


def test_the_next_interview_is_read_once_until_a_write_or_its_start(
    planned, same_as_fresh, django_assert_num_queries, user
):
    shown = same_as_fresh()

    with django_assert_num_queries(0):
        assert _shown(selectors.next_interview_cached(user=user)) == shown
    assert shown[0] == _first_round(planned).pk
