"""Grow a user's story bank quickly, for query-budget tests."""

from stories.models import LeadershipPrinciple, Story, StoryMetric


def add_stories(owner, count: int) -> list[Story]:
    """Stories with a primary and a secondary principle and one metric each, in bulk."""
    principle_ids = list(LeadershipPrinciple.objects.values_list("pk", flat=True))
    stories = Story.objects.bulk_create(
        Story(
            owner=owner,
            title=f"Bulk story {index}",
            situation="A short setting.",
            action="I did the work.",
            result="Cut cost by 10 %.",
            primary_principle_id=principle_ids[index % len(principle_ids)],
        )
        for index in range(count)
    )
    through = Story.secondary_principles.through
    through.objects.bulk_create(
        through(
            story_id=story.pk,
            leadershipprinciple_id=principle_ids[(index + 3) % len(principle_ids)],
        )
        for index, story in enumerate(stories)
    )
    StoryMetric.objects.bulk_create(
        StoryMetric(story=story, label="Cost", before_value=100, after_value=90, unit="$k")
        for story in stories
    )
    return stories
