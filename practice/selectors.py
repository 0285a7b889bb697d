"""Reads of the practice app, scoped to the owner, shared by pages and the API."""

import datetime
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from practice.models import (
    Area,
    Difficulty,
    HiddenItem,
    ItemLevel,
    ItemReview,
    Kind,
    LibraryItem,
    MockLoop,
    MockLoopRound,
    PracticeSession,
)
from practice.reference_data import coding_patterns
from prepsite.user_cache import user_cached

SUGGESTION_QUOTAS = {Area.DESIGN: 2, Area.CODING: 3, Area.BEHAVIOURAL: 2}
SCORED_AREAS = (Area.DESIGN, Area.CODING, Area.BEHAVIOURAL)
DIFFICULTY_ORDER = {Difficulty.EASY: 0, Difficulty.MEDIUM: 1, Difficulty.HARD: 2}


def _done(user: User) -> Exists:
    return Exists(
        PracticeSession.objects.filter(owner=user, item=OuterRef("pk"), finished_at__isnull=False)
    )


def library_for_user(*, user: User, filters: Mapping[str, str] | None = None) -> QuerySet:
    """Items the user sees (library + own, minus hidden), filtered; due/done annotated.

    filters: area, level (an item tagged "both" matches L6 and L7), topic, pattern (a slug
    or a name, see _pattern_matches), difficulty, week, kind, due ("true": only items whose
    review is due now), q (title).
    """
    filters = filters or {}
    items = (
        LibraryItem.objects.visible_to(user)
        .select_related("principle")
        .annotate(
            done=_done(user),
            due=Exists(
                ItemReview.objects.filter(
                    user=user, item=OuterRef("pk"), due_at__lte=timezone.now()
                )
            ),
        )
    )
    for name in ("area", "topic", "difficulty", "kind"):
        if filters.get(name):
            items = items.filter(**{name: filters[name]})
    if filters.get("pattern"):
        items = items.filter(_pattern_matches(filters["pattern"]))
    if filters.get("level") in ("L6", "L7"):
        items = items.filter(level__in=[filters["level"], ItemLevel.BOTH])
    elif filters.get("level") == ItemLevel.BOTH:
        items = items.filter(level=ItemLevel.BOTH)
    if str(filters.get("week", "")).isdigit():
        items = items.filter(week=int(filters["week"]))
    if str(filters.get("due", "")).lower() in ("true", "1", "yes"):
        items = items.filter(due=True)
    if filters.get("q"):
        items = items.filter(title__icontains=filters["q"])
    return items.order_by("week", "area", "id")


def pattern_name(slug: str) -> str:
    """A coding pattern's readable name; an own item's free text stays as written."""
    return dict(coding_patterns()).get(slug, slug)


def _pattern_matches(wanted: str) -> Q:
    """A coding pattern by its slug ("sliding-window") or its name ("Sliding window"), in any
    case; own items, whose pattern is free text, match either spelling too."""
    wanted = wanted.strip()
    names = dict(coding_patterns())
    by_name = {name.lower(): slug for slug, name in names.items()}
    slug = wanted.lower() if wanted.lower() in names else by_name.get(wanted.lower())
    slug = slug or slugify(wanted)
    matches = Q(pattern=slug) | Q(pattern__iexact=wanted)
    if slug in names:
        matches |= Q(pattern__iexact=names[slug])
    return matches


def item_for_user(*, user: User, item_id: int) -> LibraryItem:
    """A library item or one of the user's own (hidden ones included); anything else is 404."""
    return get_object_or_404(
        LibraryItem.objects.filter(Q(owner__isnull=True) | Q(owner=user)).select_related(
            "principle"
        ),
        pk=item_id,
    )


def hidden_items(*, user: User) -> QuerySet:
    return LibraryItem.objects.filter(hidden_by__user=user).order_by("title")


def is_hidden(*, user: User, item: LibraryItem) -> bool:
    return HiddenItem.objects.filter(user=user, item=item).exists()


def sessions_for_user(*, user: User) -> QuerySet:
    return PracticeSession.objects.filter(owner=user).select_related("item")


def session_for_user(*, user: User, session_id: int) -> PracticeSession:
    return get_object_or_404(sessions_for_user(user=user), pk=session_id)


def session_elapsed_seconds(
    *, started_at: datetime.datetime, at: datetime.datetime | None = None
) -> int:
    """Whole seconds from a session's start to `at` (now): where a reloaded timer resumes."""
    return max(0, int(((at or timezone.now()) - started_at).total_seconds()))


# Reviews the dashboard lists.
DUE_REVIEWS_LISTED = 10


def _reviews_soonest_first(*, user: User) -> QuerySet[ItemReview]:
    """The user's reviews of items they have not hidden, soonest first, with only what a list
    of them shows: the item's title and area, not its text or details."""
    return (
        ItemReview.objects.filter(user=user)
        .exclude(item__hidden_by__user=user)
        .select_related("item")
        .only("due_at", "item__title", "item__area")
        .order_by("due_at", "id")
    )


def items_due(
    *, user: User, now: datetime.datetime | None = None, limit: int = DUE_REVIEWS_LISTED
) -> list:
    """Reviews due by now, soonest first. The dashboard reads items_due_cached."""
    return list(_reviews_soonest_first(user=user).filter(due_at__lte=now or timezone.now())[:limit])


# Dropped by every practice service that schedules, hides, renames or removes a reviewed item.
PRACTICE_DUE_SCOPE = "practice-due"


@dataclass(frozen=True)
class DueReviews:
    reviews: list
    # When the list grows without a write: the next review to fall due while fewer than the
    # limit are due; None when the list can only change through a write.
    changes_at: datetime.datetime | None


def items_due_cached(*, user: User) -> list:
    """`items_due` for the dashboard, kept until a practice write or the next review's time."""

    def compute() -> DueReviews:
        now = timezone.now()
        soonest = list(_reviews_soonest_first(user=user)[: DUE_REVIEWS_LISTED + 1])
        due = [review for review in soonest if review.due_at <= now][:DUE_REVIEWS_LISTED]
        later = [review.due_at for review in soonest if review.due_at > now]
        return DueReviews(due, later[0] if later and len(due) < DUE_REVIEWS_LISTED else None)

    found = user_cached(
        user.pk, PRACTICE_DUE_SCOPE, "due", compute, valid_until=lambda due: due.changes_at
    )
    return found.reviews


def items_due_on(*, user: User, on: datetime.date, limit: int = 10) -> list[LibraryItem]:
    """Items whose review falls on or before the day `on` in the user's time zone."""
    import zoneinfo

    end = datetime.datetime.combine(
        on + datetime.timedelta(days=1), datetime.time(), zoneinfo.ZoneInfo(user.timezone)
    )
    reviews = (
        ItemReview.objects.filter(user=user, due_at__lt=end)
        .exclude(item__hidden_by__user=user)
        .select_related("item")
        .order_by("due_at")[:limit]
    )
    return [review.item for review in reviews]


def owners_with_reviews_before(*, user_ids: list[int], before: datetime.datetime) -> set[int]:
    """Which of these users have a library review due before `before`: one query per batch,
    so the digest reads items only for them."""
    return set(
        ItemReview.objects.filter(user_id__in=user_ids, due_at__lt=before)
        .values_list("user_id", flat=True)
        .distinct()
    )


def item_review(*, user: User, item: LibraryItem) -> ItemReview | None:
    return ItemReview.objects.filter(user=user, item=item).first()


@dataclass(frozen=True)
class AreaScore:
    area: str
    sessions: int
    average: int | None  # mean rubric score in percent; None until a scored session exists


# Dropped by the services that finish, import or delete sessions (practice.services).
PRACTICE_SCORES_SCOPE = "practice-scores"


def practice_scores_by_area(*, user: User) -> dict[str, AreaScore]:
    """Readiness input: finished, scored sessions per area and their mean rubric score.

    Cached until a session is scored: the dashboard and the week page read it on every view.
    """
    return user_cached(
        user.pk, PRACTICE_SCORES_SCOPE, "by-area", lambda: practice_scores_counted(user=user)
    )


def practice_scores_counted(*, user: User) -> dict[str, AreaScore]:
    """`practice_scores_by_area` counted afresh by the database."""
    rows = (
        PracticeSession.objects.filter(owner=user, finished_at__isnull=False, score__isnull=False)
        .values("area")
        .annotate(sessions=Count("id"), average=Avg("score"))
        .order_by()
    )
    found = {row["area"]: row for row in rows}
    return {
        area: AreaScore(
            area=area,
            sessions=found.get(area, {}).get("sessions", 0),
            average=round(found[area]["average"]) if area in found else None,
        )
        for area in SCORED_AREAS
    }


def weakest_areas(*, user: User) -> list[str]:
    """Practice areas from weakest to strongest.

    The study plan's readiness self-assessment decides first (its weakest competencies name a
    plan area, the same keys as practice areas); then the practice scores: an area never
    practised counts as the weakest.
    """
    from studyplan import selectors as plan_selectors

    order: list[str] = []
    for competency in plan_selectors.readiness_weakest_areas(user=user):
        if competency.plan_area in SCORED_AREAS and competency.plan_area not in order:
            order.append(competency.plan_area)
    scores = practice_scores_by_area(user=user)
    by_score = sorted(SCORED_AREAS, key=lambda area: (scores[area].average or -1, area))
    return order + [area for area in by_score if area not in order]


@dataclass(frozen=True)
class Suggestion:
    item: LibraryItem
    reason: str


@dataclass(frozen=True)
class WeekSuggestions:
    level: str
    template_week: int | None
    weakest: list[str]
    items: list[Suggestion] = field(default_factory=list)
    resources: list[LibraryItem] = field(default_factory=list)


def week_suggestions(*, user: User, week) -> WeekSuggestions:
    """This week's items: the week's topic first, then earlier weeks' items not done yet,
    weakest readiness areas first, at the plan's level; a few per area, plus the week's reading.

    An area this and earlier weeks leave short (the first weeks have little besides reading,
    coding starts in week 5) is filled from the nearest upcoming weeks, marked as getting
    ahead. `week` is a study-plan week (PlanWeek); one query reads the candidates, whatever
    the library's size.
    """
    level = week.plan.level
    template_week = week.template_week
    if week.is_break or template_week is None:
        return WeekSuggestions(level=level, template_week=None, weakest=[])
    weakest = weakest_areas(user=user)
    candidates = list(
        LibraryItem.objects.visible_to(user)
        .filter(level__in=[level, ItemLevel.BOTH], week__isnull=False)
        # Reading belongs to its own weeks: later weeks' resources are never proposed.
        .exclude(kind=Kind.RESOURCE, week__gt=template_week)
        .exclude(_done(user))
        .only("id", "title", "area", "kind", "week", "level", "difficulty", "details", "topic")
        .order_by("id")
    )
    rank = {area: position for position, area in enumerate(weakest)}
    picked: dict[str, list[Suggestion]] = defaultdict(list)
    resources = []

    def priority(item: LibraryItem) -> tuple:
        if item.week > template_week:
            # Getting ahead comes last: the nearest week first, and within it the easier
            # items, since the topic has not been studied yet.
            return (2, item.week, DIFFICULTY_ORDER[item.difficulty], item.id)
        # This week's topic first, then items written for the user's level before those for
        # both levels, then the most recent weeks' leftovers.
        return (int(item.week != template_week), item.level == ItemLevel.BOTH, -item.week, item.id)

    for item in sorted(candidates, key=priority):
        if item.kind == Kind.RESOURCE:
            if template_week in item.details.get("weeks", [item.week]):
                resources.append(item)
            continue
        if len(picked[item.area]) >= SUGGESTION_QUOTAS.get(item.area, 0):
            continue
        picked[item.area].append(Suggestion(item=item, reason=_reason(item, template_week)))
    items = [
        suggestion
        for area in sorted(picked, key=lambda area: rank.get(area, len(rank)))
        for suggestion in picked[area]
    ]
    return WeekSuggestions(
        level=level,
        template_week=template_week,
        weakest=weakest,
        items=items,
        resources=resources,
    )


def _reason(item: LibraryItem, template_week: int) -> str:
    if item.week == template_week:
        return "this week's topic"
    if item.week < template_week:
        return f"from week {item.week}, not done yet"
    return f"from week {item.week}: get ahead"


def mock_loops_for_user(*, user: User) -> QuerySet:
    return MockLoop.objects.filter(owner=user).prefetch_related("rounds__mock__principles")


def mock_loop_for_user(*, user: User, loop_id: int) -> MockLoop:
    return get_object_or_404(mock_loops_for_user(user=user), pk=loop_id)


def mock_round_for_user(*, user: User, loop_id: int, round_id: int) -> MockLoopRound:
    return get_object_or_404(
        MockLoopRound.objects.filter(loop__owner=user, loop_id=loop_id).select_related(
            "mock", "loop"
        ),
        pk=round_id,
    )


@dataclass(frozen=True)
class TrendPoint:
    held_on: datetime.date
    score: float


@dataclass(frozen=True)
class Trends:
    by_round_type: dict[str, list[TrendPoint]]
    by_principle: dict[str, list[TrendPoint]]


def mock_trends(*, user: User) -> Trends:
    """Scored loop rounds over time: the mean score per day, per round type and per principle."""
    rounds = (
        MockLoopRound.objects.filter(loop__owner=user, mock__score__isnull=False)
        .select_related("mock")
        .prefetch_related("mock__principles")
        .order_by("mock__held_on", "id")
    )
    by_type: dict[str, dict[datetime.date, list[int]]] = defaultdict(lambda: defaultdict(list))
    by_principle: dict[str, dict[datetime.date, list[int]]] = defaultdict(lambda: defaultdict(list))
    for loop_round in rounds:
        mock = loop_round.mock
        by_type[mock.get_interview_type_display()][mock.held_on].append(mock.score)
        for principle in mock.principles.all():
            by_principle[principle.name][mock.held_on].append(mock.score)

    def points(days: dict[datetime.date, list[int]]) -> list[TrendPoint]:
        return [TrendPoint(day, round(sum(s) / len(s), 2)) for day, s in sorted(days.items())]

    return Trends(
        by_round_type={name: points(days) for name, days in sorted(by_type.items())},
        by_principle={name: points(days) for name, days in sorted(by_principle.items())},
    )


# --- Account export (accounts.backup): this app's section ---------------------------------


def _own_items_for_export(user: User) -> QuerySet:
    return LibraryItem.objects.filter(owner=user).order_by("created_at", "id")


def practice_item_ref(item: LibraryItem, item_keys: Mapping[int, str]) -> str | None:
    """A shared library item by its slug ("library:<slug>"), an own item by its key."""
    if item.owner_id is None:
        return f"library:{item.slug}" if item.slug else None
    return item_keys.get(item.pk)


def practice_session_keys_for_user(*, user: User) -> dict[int, str]:
    """Keys local to an account export ("session-1", ...), in the order the export lists them."""
    ids = PracticeSession.objects.filter(owner=user).order_by("started_at", "id")
    return {pk: f"session-{index}" for index, pk in enumerate(ids.values_list("pk", flat=True), 1)}


def practice_has_data_for_user(*, user: User) -> bool:
    return (
        LibraryItem.objects.filter(owner=user).exists()
        or HiddenItem.objects.filter(user=user).exists()
        or ItemReview.objects.filter(user=user).exists()
        or PracticeSession.objects.filter(owner=user).exists()
        or MockLoop.objects.filter(owner=user).exists()
    )


def practice_export_for_user(*, user: User) -> dict:
    """Own items, hidden library items, review cards, sessions and mock loops.

    Loop rounds name their study-plan mock interview by its key ("mock-1"): the score and
    feedback live there, in the studyplan section.
    """
    from prepsite.rows import row_document
    from studyplan.selectors import mock_interview_keys_for_user

    own = list(_own_items_for_export(user).select_related("principle"))
    item_keys = {item.pk: f"item-{index}" for index, item in enumerate(own, 1)}
    mock_keys = mock_interview_keys_for_user(user=user)
    session_keys = practice_session_keys_for_user(user=user)

    def ref_rows(rows, exclude):
        documents = []
        for row in rows:
            ref = practice_item_ref(row.item, item_keys)
            if ref is not None:
                documents.append({"item": ref, **row_document(row, exclude=exclude)})
        return documents

    hidden = HiddenItem.objects.filter(user=user).select_related("item")
    reviews = ItemReview.objects.filter(user=user).select_related("item")
    sessions = PracticeSession.objects.filter(owner=user).select_related("item")
    loops = MockLoop.objects.filter(owner=user).prefetch_related("rounds")
    return {
        "items": [
            {
                "key": item_keys[item.pk],
                **row_document(item, exclude=["slug", "library_version"]),
                "principle": item.principle.slug if item.principle_id else None,
            }
            for item in own
        ],
        "hidden_items": sorted(
            ref_rows(hidden, ()), key=lambda row: (row["hidden_at"], row["item"])
        ),
        "item_reviews": sorted(
            ref_rows(reviews, ()), key=lambda row: (row["last_reviewed_at"], row["item"])
        ),
        "sessions": [
            {"key": session_keys[session.pk], "item": ref, **row_document(session)}
            for session in sorted(sessions, key=lambda s: (s.started_at, s.pk))
            if (ref := practice_item_ref(session.item, item_keys)) is not None
        ],
        "mock_loops": [
            {
                **row_document(loop),
                "rounds": [
                    {"position": loop_round.position, "mock": mock_keys[loop_round.mock_id]}
                    for loop_round in loop.rounds.all()
                ],
            }
            for loop in sorted(loops, key=lambda loop: (loop.held_on, loop.created_at, loop.pk))
        ],
    }
