"""The loop page counts unused stories from the bank's cached coverage counts less the loop's
own stories; its gap messages must match the planner's own count over the whole bank, whatever
the bank holds."""

import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviews import planner, selectors, services
from interviews.models import Debrief, StoryAssignment
from prepsite import limits
from stories import selectors as story_selectors
from stories import services as story_services
from stories.models import LeadershipPrinciple, Story
from tests.cache import clear_this_process_cache
from tests.factories import StoryFactory

# A few principles of the Amazon split, so that stories often land on the loop's slots.
SLUGS = ["ownership", "dive-deep", "customer-obsession", "deliver-results", "earn-trust"]

stories_strategy = st.lists(
    st.tuples(
        st.one_of(st.none(), st.sampled_from(SLUGS)),  # primary principle
        st.sets(st.sampled_from(SLUGS), max_size=3),  # secondaries, may repeat the primary
        st.booleans(),  # told in the first round
        st.booleans(),  # deleted afterwards (it may still be planned or told)
    ),
    max_size=12,
)


def _gaps_from_the_whole_bank(loop) -> list[str]:
    loop = selectors.loop_get_for_user(user=loop.application.owner, pk=loop.pk, with_rounds=True)
    strengths = story_selectors.story_strengths_for_user(user=loop.application.owner)
    request = selectors.plan_request_for_loop(loop, strengths)
    assignments = [
        planner.Assignment(a.round_id, a.principle.slug, a.story_id, a.backup, a.pinned, a.score)
        for round_ in loop.rounds.all()
        for a in round_.assignments.all()
    ]
    return [gap.message for gap in planner.explain_gaps(request, assignments)]


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(bank=stories_strategy, planned=st.booleans())
@pytest.mark.django_db
def test_loop_page_gaps_match_a_count_over_the_whole_bank(
    after_the_loop, five_round_loop, bank, planned
):
    user = five_round_loop.application.owner
    StoryAssignment.objects.filter(loop=five_round_loop).delete()
    Debrief.objects.filter(round__loop=five_round_loop).delete()
    Story.all_objects.filter(owner=user).delete()
    principles = {p.slug: p for p in LeadershipPrinciple.objects.filter(slug__in=SLUGS)}
    stories = []
    for index, (primary, secondaries, _, _) in enumerate(bank):
        story = StoryFactory(
            owner=user, title=f"Story {index}", primary_principle=principles.get(primary)
        )
        story.secondary_principles.set([principles[slug] for slug in secondaries])
        stories.append(story)
    if planned:
        services.loop_plan(loop=five_round_loop)
    told = [story for story, (_, _, was_told, _) in zip(stories, bank, strict=True) if was_told]
    told = told[: limits.PRINCIPLES_PER_ROUND_MAX * 2]  # the most a debrief records
    first = five_round_loop.rounds.order_by("starts_at").first()
    services.debrief_save(round_=first, asked="", self_score=3, stories=told)
    for story, (_, _, _, deleted) in zip(stories, bank, strict=True):
        if deleted:
            story_services.story_soft_delete(story=story)
    # The factories write past the story services, and the test's transaction never commits
    # (services drop cached numbers on commit): start each example without cached counts.
    clear_this_process_cache()

    page = selectors.loop_page(user=user, pk=five_round_loop.pk)

    # The page ranks the stories it may suggest reusing by principle alone (it does not read
    # their quality and rehearsals), so which one (and so which round) it names may differ:
    # compare the rest.
    assert _without_reuse_names([gap.message for gap in page.gaps]) == _without_reuse_names(
        _gaps_from_the_whole_bank(five_round_loop)
    )


def _without_reuse_names(messages: list[str]) -> list[str]:
    return [re.sub(r"reuse “[^”]*” from .*\.$", "reuse …", message) for message in messages]


def test_bank_counts_cached_before_a_write_past_the_services_never_show_below_zero(
    five_round_loop, principles
):
    user = five_round_loop.application.owner
    story_selectors.coverage_summary_cached(user=user)  # an empty bank, cached
    # Written past the services (as the admin or a bulk load would), then planned in the loop.
    StoryFactory(owner=user, title="Late story", primary_principle=principles["ownership"])
    services.loop_plan(loop=five_round_loop)

    messages = [gap.message for gap in selectors.loop_page(user=user, pk=five_round_loop.pk).gaps]

    assert messages and not any("-1" in message for message in messages)
    assert not any("Ownership: no story planned yet" in message for message in messages)


def test_deleting_a_story_in_the_admin_drops_the_cached_bank_counts(
    admin_client, principles, django_capture_on_commit_callbacks
):
    story = StoryFactory(primary_principle=principles["ownership"])
    assert story_selectors.coverage_summary_cached(user=story.owner).counts["ownership"] == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:stories_story_delete", args=[story.pk]), {"post": "yes"}
        )

    assert response.status_code == 302
    assert story_selectors.coverage_summary_cached(user=story.owner).counts["ownership"] == 0
