"""The principle matrix over the whole bank in one pass: the reference the paged matrix, the
cached summary and the coverage API are checked against."""

from stories.models import Story
from stories.selectors import (
    CoverageMatrix,
    CoverageStory,
    PrincipleCoverage,
    leadership_principle_list,
)


def full_coverage_matrix(user) -> CoverageMatrix:
    """The 16 principles against the user's live stories, with gaps below two stories."""
    rows_of = (
        Story.objects.filter(owner=user)
        .order_by("created_at", "id")
        .values_list("id", "title", "primary_principle_id")
    )
    stories: list[CoverageStory] = []
    primary: list[tuple[int, int | None]] = []
    for pk, title, primary_id in rows_of:
        stories.append(CoverageStory(pk, title))
        primary.append((pk, primary_id))
    secondary: dict[int, list[int]] = {}
    for story_id, principle_id in Story.secondary_principles.through.objects.filter(
        story__owner=user, story__deleted_at__isnull=True
    ).values_list("story_id", "leadershipprinciple_id"):
        secondary.setdefault(story_id, []).append(principle_id)
    marks: dict[int, dict[int, str]] = {}
    for story_id, primary_id in primary:
        if primary_id is not None:
            marks.setdefault(primary_id, {})[story_id] = "primary"
        for principle_id in secondary.get(story_id, ()):
            marks.setdefault(principle_id, {}).setdefault(story_id, "secondary")
    by_id = {story.pk: story for story in stories}
    rows = [
        PrincipleCoverage(principle, marks.get(principle.pk, {}), stories, by_id)
        for principle in leadership_principle_list()
    ]
    return CoverageMatrix(
        stories=stories, rows=rows, gaps=[row.principle for row in rows if row.is_gap]
    )
