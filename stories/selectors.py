"""Reads shared by pages and API; every query that returns user data is scoped to the owner."""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from prepsite.user_cache import user_cached
from stories import quality
from stories.models import (
    LeadershipPrinciple,
    PracticeQuestion,
    Rehearsal,
    Story,
    StoryMetric,
    StoryRevision,
    StoryUsage,
)
from stories.services import STORY_CACHE_SCOPE, UNDO_DELETE_DAYS

BANK_GOAL = (20, 30)
GAP_BELOW = 2
SORTS: dict[str, tuple[str, list[str]]] = {
    "updated": ("Recently edited", ["-updated_at", "-id"]),
    "title": ("Title A-Z", ["title", "id"]),
    "status": ("Most finished first", ["-status_rank", "-updated_at"]),
    "confidence": ("Least confident first", ["confidence", "-updated_at"]),
    "rehearsal": ("Next rehearsal due", ["next_rehearsal_at", "-updated_at"]),
    "created": ("Newest first", ["-created_at", "-id"]),
}
_SEARCH_FIELDS = (
    "title",
    "situation",
    "task",
    "action",
    "result",
    "leadership_impact",
    "trade_offs",
    "lessons_learned",
    "future_applications",
    "problem",
    "solution",
    "impact",
    "role",
    "technologies",
    "company",
)


def leadership_principle_list() -> QuerySet[LeadershipPrinciple]:
    return LeadershipPrinciple.objects.order_by("display_order")


def _with_relations(stories: QuerySet[Story]) -> QuerySet[Story]:
    return stories.select_related("primary_principle").prefetch_related(
        "secondary_principles", "metrics"
    )


def story_queryset_for_user(*, user) -> QuerySet[Story]:
    """The user's live stories with what pages, API and quality checks read."""
    return _with_relations(Story.objects.filter(owner=user))


def story_get_for_user(*, user, pk: int) -> Story:
    return get_object_or_404(story_queryset_for_user(user=user), pk=pk)


def story_titles_for_user(*, user) -> QuerySet[Story]:
    """Just ids and titles, for choosing a story in a form."""
    return Story.objects.filter(owner=user).only("id", "title").order_by("title", "id")


def story_title_groups_for_principles(
    *, user, principle_ids: list[int]
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(id, title) of the user's stories, split into those mapping to one of the principles
    (primary or secondary) and the rest, each by title."""
    mapping = set(
        Story.objects.filter(owner=user)
        .filter(
            Q(primary_principle__in=principle_ids)
            | Q(
                pk__in=Story.secondary_principles.through.objects.filter(
                    story__owner=user, leadershipprinciple__in=principle_ids
                ).values("story_id")
            )
        )
        .values_list("pk", flat=True)
    )
    mapped, others = [], []
    for pk, title in story_titles_for_user(user=user).values_list("pk", "title"):
        (mapped if pk in mapping else others).append((pk, title))
    return mapped, others


def deleted_story_list_for_user(*, user) -> QuerySet[Story]:
    """Stories deleted recently enough to be restored."""
    cutoff = timezone.now() - datetime.timedelta(days=UNDO_DELETE_DAYS)
    return Story.all_objects.filter(owner=user, deleted_at__gte=cutoff).order_by("-deleted_at")


def deleted_story_for_undo(*, user, raw_pk: str) -> Story | None:
    """The story the undo banner offers back, if the id names one of the user's recent ones."""
    if not raw_pk.isdigit():
        return None
    return deleted_story_list_for_user(user=user).filter(pk=int(raw_pk)).first()


def _search(stories: QuerySet[Story], text: str) -> QuerySet[Story]:
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector(*_SEARCH_FIELDS, config="english")
        query = SearchQuery(text, search_type="websearch", config="english")
        # Full-text search matches whole (stemmed) words; the title also matches while typing.
        return stories.annotate(search=vector).filter(Q(search=query) | Q(title__icontains=text))
    condition = Q()
    for name in _SEARCH_FIELDS:
        condition |= Q(**{f"{name}__icontains": text})
    return stories.filter(condition)


def narrows_the_bank(filters: dict[str, str]) -> bool:
    """Whether the story bank list with these filters may leave some live stories out."""
    return any(value for name, value in filters.items() if name != "sort")


def _filtered_stories(
    *,
    user,
    search: str = "",
    principle: str = "",
    category: str = "",
    status: str = "",
    level: str = "",
    sort: str = "updated",
) -> QuerySet[Story]:
    # The rehearsal card is scheduling state that no list shows; it can be large.
    stories = Story.objects.filter(owner=user).defer("rehearsal_card")
    if search.strip():
        stories = _search(stories, search.strip())
    if principle:
        stories = stories.filter(
            Q(primary_principle__slug=principle) | Q(secondary_principles__slug=principle)
        ).distinct()
    if category:
        stories = stories.filter(category=category)
    if status:
        stories = stories.filter(status=status)
    if level:
        stories = stories.filter(target_level=level)
    ordering = SORTS.get(sort, SORTS["updated"])[1]
    if "-status_rank" in ordering:
        ranks = {"idea": 0, "draft": 1, "ready": 2, "polished": 3}
        stories = stories.annotate(
            status_rank=Case(
                *(When(status=key, then=Value(rank)) for key, rank in ranks.items()),
                output_field=IntegerField(),
            )
        )
    return stories.order_by(*ordering)


def _listed_secondary_principles() -> Prefetch:
    # The export names secondary principles, never with their description.
    return Prefetch(
        "secondary_principles", queryset=LeadershipPrinciple.objects.only("id", "slug", "name")
    )


def story_list_for_user(*, user, **filters: str) -> QuerySet[Story]:
    """The story bank: filtered, searched and sorted (the filters of _filtered_stories);
    principle matches primary or secondary; with principles and metrics (what the bank's
    Markdown export writes)."""
    return (
        _filtered_stories(user=user, **filters)
        .select_related("primary_principle")
        .prefetch_related(_listed_secondary_principles(), "metrics")
    )


def story_bank_for_user(*, user, **filters: str) -> QuerySet[Story]:
    """The stories of story_list_for_user, without their relations and numbers: a list page
    adds those to the stories it shows (bank_page_tallies, api_page_relations)."""
    return _filtered_stories(user=user, **filters).select_related("primary_principle")


def secondary_principles_by_story(
    *, user, story_ids: list[int], field: str
) -> dict[int, list[str]]:
    """Each of the user's stories' secondary principles (`field`: "name" or "slug"), in
    display order: one query for a page of stories."""
    by_story: dict[int, list[str]] = {}
    for story_id, value in (
        Story.secondary_principles.through.objects.filter(story__owner=user, story_id__in=story_ids)
        .order_by("leadershipprinciple__display_order")
        .values_list("story_id", f"leadershipprinciple__{field}")
    ):
        by_story.setdefault(story_id, []).append(value)
    return by_story


def bank_page_tallies(*, user, stories: list[Story]) -> list[Story]:
    """Set on each story what a row of the bank shows: times_told and last_told (tellings up
    to today), metric_count and listed_secondary_principles (names, in display order).

    Two queries over this page's ids: the same numbers as ORM subquery annotations and a
    prefetch cost ~15 ms more a page, most of it in building the SQL."""
    ids = [story.pk for story in stories]
    tallies = _told_and_metric_tallies(user=user, story_ids=ids, today=timezone.localdate())
    secondary = secondary_principles_by_story(user=user, story_ids=ids, field="name")
    for story in stories:
        story.times_told, story.last_told, story.metric_count = tallies.get(story.pk, (0, None, 0))
        story.listed_secondary_principles = secondary.get(story.pk, [])
    return stories


def _told_and_metric_tallies(
    *, user, story_ids: list[int], today: datetime.date
) -> dict[int, tuple[int, datetime.date | None, int]]:
    """Per story of the user: tellings up to `today`, the last of them, and its metrics.

    One query written as SQL, like interviews' loop counts: the ORM took longer to build its
    two grouped queries than the database took to answer them. Only table and column names from
    the models are put into the text; every value is a parameter."""
    if not story_ids:
        return {}
    name = connection.ops.quote_name
    usage_story = name(StoryUsage._meta.get_field("story").column)
    told_on = name(StoryUsage._meta.get_field("told_on").column)
    usages = f"{name(StoryUsage._meta.db_table)} u WHERE u.{usage_story} = s.id"
    metric_story = name(StoryMetric._meta.get_field("story").column)
    owner = name(Story._meta.get_field("owner").column)
    sql = (
        f"SELECT s.id, (SELECT COUNT(*) FROM {usages} AND u.{told_on} <= %s),"  # noqa: S608
        f" (SELECT MAX(u.{told_on}) FROM {usages} AND u.{told_on} <= %s),"
        f" (SELECT COUNT(*) FROM {name(StoryMetric._meta.db_table)} m"
        f" WHERE m.{metric_story} = s.id)"
        f" FROM {name(Story._meta.db_table)} s"
        f" WHERE s.{owner} = %s AND s.id IN ({', '.join(['%s'] * len(story_ids))})"
    )
    as_date = StoryUsage._meta.get_field("told_on").to_python  # SQLite answers with text
    with connection.cursor() as cursor:
        cursor.execute(sql, [today, today, user.pk, *story_ids])
        return {
            story_id: (times, as_date(last), metrics)
            for story_id, times, last, metrics in cursor.fetchall()
        }


def api_page_relations(*, user, stories: list[Story]) -> list[Story]:
    """Set on each story of an API list page its listed_secondary_slugs (display order) and
    listed_metrics: two plain queries over the page's ids, where two prefetches cost ~10 ms."""
    ids = [story.pk for story in stories]
    secondary = secondary_principles_by_story(user=user, story_ids=ids, field="slug")
    metrics: dict[int, list[StoryMetric]] = {}
    for metric in StoryMetric.objects.filter(story_id__in=ids).order_by("position", "id"):
        metrics.setdefault(metric.story_id, []).append(metric)
    for story in stories:
        story.listed_secondary_slugs = secondary.get(story.pk, [])
        story.listed_metrics = metrics.get(story.pk, [])
    return stories


def stories_due_for_rehearsal(*, user, on: datetime.date) -> QuerySet[Story]:
    """Live stories whose next rehearsal falls on or before `on` in the user's time zone."""
    end_of_day = datetime.datetime.combine(
        on + datetime.timedelta(days=1), datetime.time.min, tzinfo=user.tzinfo
    )
    return Story.objects.filter(owner=user, next_rehearsal_at__lt=end_of_day).order_by(
        "next_rehearsal_at", "id"
    )


def story_quality(story: Story) -> quality.QualityReport:
    """Quality checks for a story loaded with its metrics (prefetched where possible)."""
    return quality.evaluate(
        quality.StoryDraft(
            framework=story.framework,
            sections=story.sections,
            metric_count=len(story.metrics.all()),
            principle_count=1 if story.primary_principle_id else 0,
        )
    )


@dataclass
class UsageSummary:
    times_told: int
    last_told: datetime.date | None
    usages: list[StoryUsage]
    warnings: list[str]


def story_usage_summary(story: Story) -> UsageSummary:
    usages = list(story.usages.select_related("mock_interview"))
    today = timezone.localdate()
    told = [usage for usage in usages if usage.told_on <= today]
    recent_from = today - datetime.timedelta(days=quality.TOLD_TOO_OFTEN_DAYS)
    principle_count = (1 if story.primary_principle_id else 0) + len(
        story.secondary_principles.all()
    )
    return UsageSummary(
        times_told=len(told),
        last_told=told[0].told_on if told else None,
        usages=usages,
        warnings=quality.usage_warnings(
            principle_count=principle_count,
            told_recently=sum(usage.told_on >= recent_from for usage in told),
        ),
    )


def rehearsal_list_for_story(story: Story) -> QuerySet[Rehearsal]:
    return story.rehearsals.all()


def revision_list_for_story(story: Story) -> QuerySet[StoryRevision]:
    return story.revisions.order_by("-number")


def revision_get(*, story: Story, number: int) -> StoryRevision:
    return get_object_or_404(story.revisions.all(), number=number)


@dataclass(frozen=True)
class CoverageStory:
    """A story as the matrix shows it: a link and a title."""

    pk: int
    title: str


@dataclass
class PrincipleCoverage:
    principle: LeadershipPrinciple
    # The principle's stories (id -> "primary" or "secondary"), in column order.
    marks: dict[int, str]
    # The stories shown as columns (the whole bank, or one page of it) and every story by id.
    columns: list[CoverageStory] = field(repr=False, default_factory=list)
    stories_by_id: dict[int, CoverageStory] = field(repr=False, default_factory=dict)

    # The principle's count over the whole bank when `marks` covers only a page of it.
    bank_count: int | None = None

    @property
    def story_count(self) -> int:
        return len(self.marks) if self.bank_count is None else self.bank_count

    @property
    def is_gap(self) -> bool:
        return self.story_count < GAP_BELOW

    @property
    def cells(self) -> list[tuple[CoverageStory, str]]:
        """One cell per column: the mark is "primary", "secondary" or ""."""
        return [(story, self.marks.get(story.pk, "")) for story in self.columns]

    @property
    def marked(self) -> list[tuple[CoverageStory, str]]:
        """Only the principle's own stories, across the whole bank."""
        return [(self.stories_by_id[pk], mark) for pk, mark in self.marks.items()]


class _BankProgress:
    story_count: int
    goal: tuple[int, int] = BANK_GOAL

    @property
    def goal_min(self) -> int:
        return self.goal[0]

    @property
    def goal_max(self) -> int:
        return self.goal[1]

    @property
    def progress_percent(self) -> int:
        return min(100, round(self.story_count / self.goal[0] * 100))


@dataclass
class CoverageMatrix(_BankProgress):
    stories: list[CoverageStory]
    rows: list[PrincipleCoverage]
    goal: tuple[int, int] = BANK_GOAL
    gaps: list[LeadershipPrinciple] = field(default_factory=list)
    # Set when `stories` is one page of the bank: the bank's size and where the page is.
    bank_count: int | None = None
    page_number: int = 1
    page_count: int = 1

    @property
    def story_count(self) -> int:
        return len(self.stories) if self.bank_count is None else self.bank_count


@dataclass(frozen=True)
class CoverageSummary(_BankProgress):
    """The matrix's numbers without its cells: what the dashboard shows."""

    story_count: int
    counts: dict[str, int]
    gaps: list[LeadershipPrinciple]
    goal: tuple[int, int] = BANK_GOAL


def _live_story_ids(user) -> QuerySet:
    return Story.objects.filter(owner=user).values("pk")


def coverage_matrix_page(*, user, number: object, per_page: int) -> tuple[CoverageMatrix, Page]:
    """One page of the matrix's story columns (oldest first), with counts and gaps for the
    whole bank: a page costs the same for a bank of 20 stories or 2,000.

    `number` is read as Paginator.get_page reads it (the last page when out of range); the
    returned page lists CoverageStory columns.
    """
    summary = coverage_summary_cached(user=user)
    rows_of = (
        Story.objects.filter(owner=user)
        .order_by("created_at", "id")
        .values_list("id", "title", "primary_principle_id")
    )
    paginator = Paginator(rows_of, per_page)
    # The cached bank size spares a COUNT query; services keep it exact.
    paginator.count = summary.story_count
    page = paginator.get_page(number)
    rows = list(page.object_list)
    stories = [CoverageStory(pk, title) for pk, title, _ in rows]
    page.object_list = stories
    marks: dict[int, dict[int, str]] = {}
    for pk, _, primary_id in rows:
        if primary_id is not None:
            marks.setdefault(primary_id, {})[pk] = "primary"
    for story_id, principle_id in Story.secondary_principles.through.objects.filter(
        story_id__in=[story.pk for story in stories]
    ).values_list("story_id", "leadershipprinciple_id"):
        marks.setdefault(principle_id, {}).setdefault(story_id, "secondary")
    by_id = {story.pk: story for story in stories}

    def in_column_order(own: dict[int, str]) -> dict[int, str]:
        return {pk: own[pk] for pk in by_id if pk in own}

    principle_rows = [
        PrincipleCoverage(
            principle,
            in_column_order(marks.get(principle.pk, {})),
            stories,
            by_id,
            bank_count=summary.counts[principle.slug],
        )
        for principle in leadership_principle_list()
    ]
    matrix = CoverageMatrix(
        stories=stories,
        rows=principle_rows,
        gaps=summary.gaps,
        bank_count=summary.story_count,
        page_number=page.number,
        page_count=paginator.num_pages,
    )
    return matrix, page


def coverage_summary_cached(*, user) -> CoverageSummary:
    """coverage_summary, kept until a story service changes the live bank."""
    return user_cached(
        user.pk, STORY_CACHE_SCOPE, "coverage-summary", lambda: coverage_summary(user=user)
    )


def coverage_summary(*, user) -> CoverageSummary:
    """The bank size and each principle's story count, counted by the database (3 queries).

    A story counts once per principle: as primary, or as secondary when the principle is not
    also its primary one.
    """
    live = Story.objects.filter(owner=user)
    counts: dict[int, int] = {}
    for principle_id, count in (
        live.filter(primary_principle__isnull=False)
        .order_by()
        .values_list("primary_principle_id")
        .annotate(count=Count("pk"))
    ):
        counts[principle_id] = count
    for principle_id, count in (
        Story.secondary_principles.through.objects.filter(story_id__in=_live_story_ids(user))
        .exclude(story__primary_principle_id=F("leadershipprinciple_id"))
        .order_by()
        .values_list("leadershipprinciple_id")
        .annotate(count=Count("story_id"))
    ):
        counts[principle_id] = counts.get(principle_id, 0) + count
    principles = list(leadership_principle_list())
    by_slug = {principle.slug: counts.get(principle.pk, 0) for principle in principles}
    return CoverageSummary(
        story_count=live.count(),
        counts=by_slug,
        gaps=[principle for principle in principles if by_slug[principle.slug] < GAP_BELOW],
    )


def practice_question_list_for_user(*, user, principle: str = "") -> QuerySet[PracticeQuestion]:
    """All practice questions, each with only this user's live linked stories prefetched."""
    questions = PracticeQuestion.objects.select_related("principle").prefetch_related(
        Prefetch(
            "stories",
            queryset=Story.objects.filter(owner=user).only("id", "title"),
            to_attr="user_stories",
        )
    )
    if principle:
        questions = questions.filter(principle__slug=principle)
    return questions


def question_suggestions_for_story(story: Story) -> QuerySet[PracticeQuestion]:
    """Practice questions of the story's principles that it does not answer yet."""
    principle_ids = [p.pk for p in story.secondary_principles.all()]
    if story.primary_principle_id:
        principle_ids.append(story.primary_principle_id)
    return (
        PracticeQuestion.objects.filter(principle_id__in=principle_ids)
        .exclude(stories=story)
        .select_related("principle")
    )


def mock_interview_list_for_user(*, user) -> QuerySet:
    from studyplan.models import MockInterview

    return MockInterview.objects.filter(owner=user).order_by("-held_on", "-id")


@dataclass(frozen=True)
class StoryStrength:
    """What another app (the interview loop planner) reads to judge how strong a story is."""

    story: Story
    checks_passed: int
    checks_total: int
    last_rating: int | None
    key_metric: str
    principle_slugs: tuple[str, ...]  # the primary first


def story_key_metric(story: Story) -> str:
    """The story's first metric as one line (see Metric.summary_line); "" without one."""
    metric = next(iter(story.metrics.all()), None)
    return metric.summary_line if metric else ""


def story_strengths_for_user(*, user) -> list[StoryStrength]:
    """Every live story with its quality checks, last rehearsal rating and key metric,
    in a fixed number of queries."""
    last_rating = (
        Rehearsal.objects.filter(story=OuterRef("pk"))
        .order_by("-rehearsed_at", "-id")
        .values("self_rating")[:1]
    )
    stories = story_queryset_for_user(user=user).annotate(last_rating=Subquery(last_rating))
    result = []
    for story in stories.order_by("created_at", "id"):
        report = story_quality(story)
        slugs = [story.primary_principle.slug] if story.primary_principle_id else []
        slugs += [p.slug for p in story.secondary_principles.all() if p.slug not in slugs]
        result.append(
            StoryStrength(
                story=story,
                checks_passed=report.passed_count,
                checks_total=len(report.checks),
                last_rating=story.last_rating,
                key_metric=story_key_metric(story),
                principle_slugs=tuple(slugs),
            )
        )
    return result


# --- Account export (accounts.backup): this app's section ---------------------------------


def _all_stories_for_export(user):
    from stories.models import Story

    return Story.all_objects.filter(owner=user).order_by("created_at", "id")


def story_keys_for_user(*, user) -> dict[int, str]:
    """Keys local to an account export ("story-1", ...), deleted stories included."""
    ids = _all_stories_for_export(user).values_list("pk", flat=True)
    return {pk: f"story-{index}" for index, pk in enumerate(ids, 1)}


def stories_has_data_for_user(*, user) -> bool:
    return _all_stories_for_export(user).exists()


def stories_export_for_user(*, user) -> dict:
    """Every story (in the bin too) with metrics, revisions, rehearsals and usages."""
    from prepsite.rows import row_document
    from studyplan.selectors import mock_interview_keys_for_user

    mock_keys = mock_interview_keys_for_user(user=user)
    stories = (
        _all_stories_for_export(user)
        .select_related("primary_principle")
        .prefetch_related(
            "secondary_principles",
            "practice_questions",
            "metrics",
            "revisions",
            "rehearsals",
            "usages",
        )
    )
    documents = []
    for index, story in enumerate(stories, 1):
        document = {"key": f"story-{index}", **row_document(story)}
        document["primary_principle"] = (
            story.primary_principle.slug if story.primary_principle_id else None
        )
        document["secondary_principles"] = sorted(p.slug for p in story.secondary_principles.all())
        document["practice_questions"] = sorted(q.text for q in story.practice_questions.all())
        document["metrics"] = [
            row_document(metric, exclude=["story"])
            for metric in sorted(story.metrics.all(), key=lambda m: (m.position, m.pk))
        ]
        document["revisions"] = [
            row_document(revision, exclude=["story"])
            for revision in sorted(story.revisions.all(), key=lambda r: r.number)
        ]
        document["rehearsals"] = [
            row_document(rehearsal, exclude=["story"])
            for rehearsal in sorted(story.rehearsals.all(), key=lambda r: (r.rehearsed_at, r.pk))
        ]
        document["usages"] = [
            {
                **row_document(usage, exclude=["story"]),
                "mock_interview": mock_keys.get(usage.mock_interview_id),
            }
            for usage in sorted(story.usages.all(), key=lambda u: (u.told_on, u.pk))
        ]
        documents.append(document)
    return {"stories": documents}


def owners_with_rehearsals_before(*, user_ids: list[int], before: datetime.datetime) -> set[int]:
    """Which of these users have a live story due for rehearsal before `before`: one query
    for a whole reminder batch (a superset check; the per-user selector gives the list)."""
    return set(
        Story.objects.filter(owner_id__in=user_ids, next_rehearsal_at__lt=before)
        .values_list("owner_id", flat=True)
        .distinct()
    )


def story_usage_keys_for_user(*, user) -> dict[int, str]:
    """Keys local to an account export ("usage-1", ...) for every usage of every story, in
    the order the stories section lists them, so other sections can point at one usage."""
    from stories.models import StoryUsage

    story_order = {pk: index for index, pk in enumerate(story_keys_for_user(user=user))}
    usages = StoryUsage.objects.filter(story_id__in=story_order).values_list(
        "pk", "story_id", "told_on"
    )
    ordered = sorted(usages, key=lambda row: (story_order[row[1]], row[2], row[0]))
    return {pk: f"usage-{index}" for index, (pk, _, _) in enumerate(ordered, 1)}
