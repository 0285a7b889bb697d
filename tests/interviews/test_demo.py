import pytest

from accounts.demo import demo_account_load
from interviews import selectors
from interviews.models import Application, StoryAssignment

pytestmark = pytest.mark.django_db


def test_demo_account_has_an_amazon_onsite_with_a_story_plan():
    user, _ = demo_account_load()
    amazon = Application.objects.get(owner=user, company="Amazon")
    assert amazon.status == "onsite"
    assert [c.to_status for c in amazon.status_changes.all()] == [
        "applied",
        "recruiter_screen",
        "phone_screen",
        "onsite",
    ]
    loop = amazon.loops.get()
    assert loop.rounds.count() == 5
    story_ids = list(StoryAssignment.objects.filter(loop=loop).values_list("story_id", flat=True))
    assert story_ids and len(story_ids) == len(set(story_ids))
    page = selectors.loop_page(user=user, pk=loop.pk)
    assert page.covered_count == page.slot_count == 15, "every principle of the loop has a story"


def test_demo_story_bank_has_no_two_stories_with_the_same_title():
    # The plan's logged STAR stories start drafts in the bank; the swap menus list them by title.
    from stories.models import Story

    user, _ = demo_account_load()
    titles = list(Story.objects.filter(owner=user).values_list("title", flat=True))
    assert len(titles) == len(set(titles))
