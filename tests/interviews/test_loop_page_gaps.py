"""The loop page counts unused stories in SQL; its gap messages must match the planner's own
count over the whole bank, whatever the bank holds."""

import random

import pytest

from interviews import planner, selectors, services
from stories import selectors as story_selectors
from stories import services as story_services
from tests.factories import StoryFactory


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


@pytest.mark.parametrize("seed", range(6))
def test_loop_page_gaps_match_a_count_over_the_whole_bank(
    after_the_loop, five_round_loop, principles, seed
):
    user = five_round_loop.application.owner
    chance = random.Random(seed)
    slugs = sorted(principles)
    stories = [
        StoryFactory(owner=user, title="Mapped twice", primary_principle=principles["ownership"])
    ]
    stories[0].secondary_principles.set([principles["ownership"], principles["dive-deep"]])
    for index in range(chance.randint(0, 30)):
        primary = chance.choice([None, *slugs])
        story = StoryFactory(
            owner=user,
            title=f"Story {index}",
            primary_principle=principles[primary] if primary else None,
        )
        # Secondary principles may repeat the primary one, which must still count once.
        story.secondary_principles.set(
            principles[slug] for slug in chance.sample(slugs, chance.randint(0, 3))
        )
        stories.append(story)
    if seed % 2:
        services.loop_plan(loop=five_round_loop)
    first = five_round_loop.rounds.order_by("starts_at").first()
    services.debrief_save(round_=first, asked="", self_score=3, stories=stories[:2])
    # Deleted afterwards, a story may still be planned or told.
    for story in chance.sample(stories, min(3, len(stories))):
        story_services.story_soft_delete(story=story)

    page = selectors.loop_page(user=user, pk=five_round_loop.pk)

    assert [gap.message for gap in page.gaps] == _gaps_from_the_whole_bank(five_round_loop)
    assert page.gaps, "each bank leaves some slot empty, so the comparison says something"
