"""The cached loop page (the loop page, the brief and its exports) never drifts from a fresh
computation: every interviews and story service that changes what it shows drops it."""

import datetime
import pickle

import pytest
from django.core.cache import cache
from django.http import Http404

from interviews import selectors, services
from interviews.models import Round
from stories import services as story_services
from stories.models import Story
from tests.factories import UserFactory
from tests.interviews.conftest import at

pytestmark = pytest.mark.django_db


def _shown(page: selectors.LoopPage) -> tuple:
    """Everything the loop page and the brief show from a LoopPage, as plain values."""

    def assignment(a):
        if a is None:
            return None
        metrics = [(m.label, m.before_value, m.after_value) for m in a.story.metrics.all()]
        return (a.story_id, a.story.title, a.pinned, a.score, metrics)

    application = page.loop.application
    return (
        (application.company, application.role, application.level),
        (page.loop.kind, page.loop.starts_on, page.loop.ends_on, page.loop.notes),
        [
            (
                view.number,
                (view.round.pk, view.round.starts_at, view.round.kind, view.round.interviewer_name),
                [
                    (
                        slot.principle.slug,
                        slot.principle.name,
                        assignment(slot.main),
                        assignment(slot.backup),
                        slot.main_told_in,
                    )
                    for slot in view.slots
                ],
                (view.debrief.asked, view.debrief.self_score) if view.debrief else None,
                [story.title for story in view.heard],
                [gap.message for gap in view.gaps],
            )
            for view in page.rounds
        ],
        [gap.message for gap in page.gaps],
        page.told_earlier,
    )


def _shown_or_404(read, **kwargs) -> tuple | str:
    try:
        return _shown(read(**kwargs))
    except Http404:
        return "404"


@pytest.fixture
def planned(after_the_loop, five_round_loop, bank, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.loop_plan(loop=five_round_loop)
    return five_round_loop


@pytest.fixture
def same_as_fresh(user, django_capture_on_commit_callbacks):
    """Cache both pages of the loop, run a write as a request would (its on-commit work
    included), then check the cached pages against ones computed from the database."""

    def check(loop, write):
        pk = loop.pk
        for metrics in (True, False):
            selectors.loop_page_cached(user=user, pk=pk, with_story_metrics=metrics)
        with django_capture_on_commit_callbacks(execute=True):
            write()
        for metrics in (True, False):
            kwargs = {"user": user, "pk": pk, "with_story_metrics": metrics}
            cached = _shown_or_404(selectors.loop_page_cached, **kwargs)
            fresh = _shown_or_404(selectors.loop_page, **kwargs)
            assert cached == fresh

    return check


def _first_round(loop) -> Round:
    return loop.rounds.order_by("starts_at").first()


def _planned_story(loop) -> Story:
    return Story.objects.get(pk=_first_round(loop).assignments.filter(backup=False)[0].story_id)


INTERVIEW_WRITES = {
    "application renamed": lambda loop, ctx: services.application_update(
        application=loop.application, data={"company": "Amazon Web Services"}
    ),
    "application deleted": lambda loop, ctx: services.application_delete(
        application=loop.application
    ),
    "loop edited": lambda loop, ctx: services.loop_update(loop=loop, data={"notes": "Bring water"}),
    "loop deleted": lambda loop, ctx: services.loop_delete(loop=loop),
    "round added": lambda loop, ctx: services.round_create(
        loop=loop,
        data={"starts_at": at(16), "length_minutes": 45, "kind": "behavioural"},
        principles=[ctx["principles"]["frugality"]],
    ),
    "round's principles changed": lambda loop, ctx: services.round_update(
        round_=_first_round(loop), data={}, principles=[ctx["principles"]["ownership"]]
    ),
    "round renamed": lambda loop, ctx: services.round_update(
        round_=_first_round(loop), data={"interviewer_name": "Priya"}
    ),
    "round deleted": lambda loop, ctx: services.round_delete(round_=_first_round(loop)),
    "stories planned again": lambda loop, ctx: services.loop_plan(loop=loop),
    "story pinned": lambda loop, ctx: services.assignment_pin(
        round_=_first_round(loop),
        principle=ctx["principles"]["ownership"],
        story=next(s for s in ctx["bank"] if s.title == "Ownership story (draft)"),
    ),
    "story unpinned": lambda loop, ctx: services.assignment_unpin(
        assignment=_first_round(loop).assignments.select_related("loop__application")[0]
    ),
    "round debriefed": lambda loop, ctx: services.debrief_save(
        round_=_first_round(loop), asked="A conflict", self_score=4, stories=[ctx["bank"][0]]
    ),
}


@pytest.mark.parametrize("write", INTERVIEW_WRITES.values(), ids=INTERVIEW_WRITES.keys())
def test_every_interviews_write_drops_the_cached_loop_page(
    planned, bank, principles, same_as_fresh, django_capture_on_commit_callbacks, write
):
    with django_capture_on_commit_callbacks(execute=True):
        # Something for "stories planned again" and "story unpinned" to change.
        services.assignment_pin(
            round_=_first_round(planned),
            principle=principles["customer-obsession"],
            story=next(s for s in bank if s.title == "Customer Obsession story (draft)"),
        )
        Round.objects.filter(pk=_first_round(planned).pk).update(interviewer_name="Sam")
    same_as_fresh(planned, lambda: write(planned, {"bank": bank, "principles": principles}))


def test_applying_the_amazon_split_drops_the_cached_loop_page(
    planned, principles, same_as_fresh, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.round_update(round_=_first_round(planned), data={}, principles=[])
    same_as_fresh(planned, lambda: services.loop_apply_amazon_split(loop=planned))


STORY_WRITES = {
    "title changed": lambda loop, ctx: story_services.story_update(
        story=_planned_story(loop), data={"title": "Renamed after the plan"}
    ),
    "secondary principles changed": lambda loop, ctx: story_services.story_update(
        story=_planned_story(loop),
        data={"secondary_principles": [ctx["principles"]["frugality"]]},
    ),
    "metric added": lambda loop, ctx: story_services.story_metric_add(
        story=_planned_story(loop),
        data={"label": "Latency", "before_value": 900, "after_value": 120, "unit": "ms"},
    ),
    "story added": lambda loop, ctx: story_services.story_create(
        owner=loop.application.owner,
        data={
            "title": "A new frugality story",
            "primary_principle": ctx["principles"]["frugality"],
        },
    ),
}


@pytest.mark.parametrize("write", STORY_WRITES.values(), ids=STORY_WRITES.keys())
def test_every_story_write_drops_the_cached_loop_page(
    planned, bank, principles, same_as_fresh, django_capture_on_commit_callbacks, write
):
    # A principle with no story left: the page then explains a gap, counting the bank.
    with django_capture_on_commit_callbacks(execute=True):
        for story in bank:
            if story.primary_principle == principles["frugality"]:
                story_services.story_soft_delete(story=story)
        services.loop_plan(loop=planned)
    same_as_fresh(planned, lambda: write(planned, {"bank": bank, "principles": principles}))


def test_restoring_and_erasing_a_deleted_story_drop_the_cached_loop_page(
    planned, same_as_fresh, django_capture_on_commit_callbacks, time_machine
):
    story = _planned_story(planned)
    with django_capture_on_commit_callbacks(execute=True):
        story_services.story_soft_delete(story=story)
    same_as_fresh(planned, lambda: story_services.story_undo_delete(story=story))

    with django_capture_on_commit_callbacks(execute=True):
        story_services.story_soft_delete(story=Story.objects.get(pk=story.pk))
    time_machine.shift(datetime.timedelta(days=story_services.UNDO_DELETE_DAYS + 1))
    same_as_fresh(planned, story_services.story_purge_expired_deletions)


def test_admin_edits_drop_the_cached_loop_page(planned, same_as_fresh, client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    round_ = _first_round(planned)

    same_as_fresh(
        planned,
        lambda: client.post(f"/admin/interviews/round/{round_.pk}/delete/", {"post": "yes"}),
    )

    assert not Round.objects.filter(pk=round_.pk).exists()


def test_the_cached_page_keeps_no_account_data(planned, user):
    page = selectors.loop_page_cached(user=user, pk=planned.pk)

    stored = cache.get(f"user-cache:v2:interviews+stories:{user.pk}:loop-page:{planned.pk}:metrics")
    assert stored is not None
    assert user.email.encode() not in pickle.dumps(stored)
    assert user.password.encode() not in pickle.dumps(stored)
    # The brief still reads the owner's time zone, from the user the page was read for.
    assert page.loop.application.owner.timezone == "Europe/London"
