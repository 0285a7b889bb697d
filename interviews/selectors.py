"""Reads for pages, API, the brief, reminders and the calendar; all scoped to the owner."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from interviews import planner
from interviews.models import (
    PIPELINE,
    Application,
    ApplicationStatus,
    Debrief,
    DebriefStory,
    Loop,
    LoopKind,
    Round,
    StoryAssignment,
)
from prepsite.user_cache import user_cached
from stories import selectors as story_selectors
from stories.services import STORY_CACHE_SCOPE

# The user-cache scope of what is derived from the owner's applications, loops, rounds, story
# plans and debriefs (loop_page_cached); every interviews service drops it.
INTERVIEWS_CACHE_SCOPE = "interviews"


def application_list_for_user(
    *, user, status: str = "", level: str = "", search: str = "", include_closed: bool = True
) -> QuerySet[Application]:
    applications = Application.objects.filter(owner=user).annotate(loop_count=Count("loops"))
    if status:
        applications = applications.filter(status=status)
    if level:
        applications = applications.filter(level=level)
    if search.strip():
        text = search.strip()
        applications = applications.filter(
            Q(company__icontains=text) | Q(role__icontains=text) | Q(source__icontains=text)
        )
    if not include_closed:
        applications = applications.exclude(
            status__in=[ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN]
        )
    return applications.order_by("-updated_at", "-id")


def application_get_for_user(*, user, pk: int) -> Application:
    return get_object_or_404(Application.objects.filter(owner=user), pk=pk)


# A column shows its most recently moved cards; the rest are one link away, in the list view
# filtered by that status. Years of closed applications must not make the board slow.
BOARD_CARDS_PER_COLUMN = 8


@dataclass
class BoardColumn:
    status: str
    label: str
    applications: list[Application]
    previous_status: str | None
    next_status: str | None
    total: int = 0

    @property
    def hidden_count(self) -> int:
        return self.total - len(self.applications)


def application_board(*, user) -> list[BoardColumn]:
    """One column per pipeline stage, then the two closed outcomes, each with its latest
    cards and its full count; two queries in all."""
    latest_first = Window(
        RowNumber(), partition_by=[F("status")], order_by=[F("updated_at").desc(), F("id").desc()]
    )
    shown = (
        Application.objects.filter(owner=user)
        .annotate(place=latest_first)
        .filter(place__lte=BOARD_CARDS_PER_COLUMN)
        .order_by("-updated_at", "-id")
    )
    by_status: dict[str, list[Application]] = {}
    for application in shown:
        by_status.setdefault(application.status, []).append(application)
    totals = dict(
        Application.objects.filter(owner=user)
        .order_by()
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    order = [*PIPELINE, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN]
    columns = []
    for status in order:
        index = PIPELINE.index(status) if status in PIPELINE else None
        columns.append(
            BoardColumn(
                status=status,
                label=ApplicationStatus(status).label,
                applications=by_status.get(status, []),
                total=totals.get(status, 0),
                previous_status=PIPELINE[index - 1] if index else None,
                next_status=(
                    PIPELINE[index + 1] if index is not None and index + 1 < len(PIPELINE) else None
                ),
            )
        )
    return columns


def _round_queryset(*, with_story_metrics: bool) -> QuerySet[Round]:
    assignments = StoryAssignment.objects.select_related("story", "principle")
    if with_story_metrics:
        assignments = assignments.prefetch_related("story__metrics")
    return Round.objects.prefetch_related(
        "principles",
        Prefetch("assignments", queryset=assignments),
        Prefetch(
            "debrief",
            queryset=Debrief.objects.prefetch_related(
                Prefetch("told", queryset=DebriefStory.objects.select_related("story"))
            ),
        ),
    ).order_by("starts_at", "id")


def loop_queryset_for_user(*, user) -> QuerySet[Loop]:
    return Loop.objects.filter(application__owner=user).select_related("application")


def loop_get_for_user(
    *, user, pk: int, with_rounds: bool = False, with_story_metrics: bool = True
) -> Loop:
    loops = loop_queryset_for_user(user=user)
    if with_rounds:
        rounds = _round_queryset(with_story_metrics=with_story_metrics)
        loops = loops.prefetch_related(Prefetch("rounds", queryset=rounds))
    return get_object_or_404(loops, pk=pk)


def loop_list_for_application(*, application: Application) -> QuerySet[Loop]:
    return application.loops.annotate(round_count=Count("rounds")).order_by("starts_on", "id")


def round_get_for_user(*, user, pk: int) -> Round:
    return get_object_or_404(
        Round.objects.filter(loop__application__owner=user).select_related("loop__application"),
        pk=pk,
    )


def assignment_elsewhere_in_loop(
    *, round_: Round, principle, story, backup: bool
) -> StoryAssignment | None:
    """Where else in the round's loop `story` is planned, other than this slot."""
    return (
        StoryAssignment.objects.filter(loop_id=round_.loop_id, story=story)
        .exclude(round=round_, principle=principle, backup=backup)
        .select_related("round", "principle")
        .first()
    )


def debrief_for_round(round_: Round) -> Debrief | None:
    return Debrief.objects.filter(round=round_).prefetch_related("told__story").first()


# --- the story plan -------------------------------------------------------------------------


def story_facts(
    strengths: list[story_selectors.StoryStrength], *, at: datetime.datetime
) -> tuple[planner.StoryFacts, ...]:
    facts = []
    for strength in strengths:
        story = strength.story
        slugs = strength.principle_slugs
        primary = slugs[0] if story.primary_principle_id else None
        facts.append(
            planner.StoryFacts(
                id=story.pk,
                title=story.title,
                primary_principle=primary,
                secondary_principles=tuple(s for s in slugs if s != primary),
                checks_passed=strength.checks_passed,
                checks_total=strength.checks_total,
                status=story.status,
                level=story.target_level,
                confidence=story.confidence,
                rehearsed=story.rehearsal_card is not None,
                rehearsal_overdue=bool(story.next_rehearsal_at and story.next_rehearsal_at < at),
                last_rating=strength.last_rating,
                key_metric=strength.key_metric,
            )
        )
    return tuple(facts)


def plan_request_for_loop(
    loop: Loop, strengths: list[story_selectors.StoryStrength]
) -> planner.PlanRequest:
    """The planner's input for a loop loaded with its rounds (loop_get_for_user(with_rounds))."""
    rounds = list(loop.rounds.all())
    start = rounds[0].starts_at if rounds else timezone.now()
    pins = tuple(
        planner.Pin(a.round_id, a.principle.slug, a.story_id, a.backup)
        for round_ in rounds
        for a in round_.assignments.all()
        if a.pinned
    )
    return _plan_request(loop, rounds, story_facts(strengths, at=start), pins)


def _plan_request(
    loop: Loop,
    rounds: list[Round],
    stories: tuple[planner.StoryFacts, ...],
    pins: tuple[planner.Pin, ...] = (),
) -> planner.PlanRequest:
    """The loop's rounds, named and with their principles, around the stories to place."""
    # Only the rounds' principles are ever named (in gap messages), and they are prefetched.
    names = {p.slug: p.name for round_ in rounds for p in round_.principles.all()}
    return planner.PlanRequest(
        rounds=tuple(
            planner.RoundSpec(
                round_.pk,
                f"round {index} ({round_.get_kind_display().lower()})",
                tuple(p.slug for p in round_.principles.all()),
            )
            for index, round_ in enumerate(rounds, start=1)
        ),
        stories=stories,
        pins=pins,
        level=loop.application.level,
        principle_names=names,
        told_in=_told_in(rounds),
    )


def _told_in(rounds: list[Round]) -> dict[int, int]:
    """Stories the debriefs say were told, and the first round each was told in."""
    told: dict[int, int] = {}
    for round_ in rounds:
        if _has_debrief(round_):
            for item in round_.debrief.told.all():
                told.setdefault(item.story_id, round_.pk)
    return told


@dataclass
class Slot:
    principle: object  # LeadershipPrinciple
    main: StoryAssignment | None
    backup: StoryAssignment | None
    # Set when the planned main story was already told to another interviewer of this loop.
    main_told_in: str = ""


@dataclass
class RoundView:
    number: int
    round: Round
    slots: list[Slot]
    debrief: Debrief | None
    gaps: list[planner.Gap] = field(default_factory=list)

    @property
    def heard(self) -> list:
        return [told.story for told in self.debrief.told.all()] if self.debrief else []


@dataclass
class LoopPage:
    loop: Loop
    rounds: list[RoundView]
    gaps: list[planner.Gap]
    told_earlier: dict[int, str]  # story id -> the round it was already told in

    @property
    def main_gaps(self) -> list[planner.Gap]:
        return [gap for gap in self.gaps if not gap.backup]

    @property
    def slot_count(self) -> int:
        return sum(len(r.slots) for r in self.rounds)

    @property
    def covered_count(self) -> int:
        return sum(1 for r in self.rounds for slot in r.slots if slot.main)


def loop_page_cached(*, user, pk: int, with_story_metrics: bool = True) -> LoopPage:
    """loop_page, kept until an interviews or story service changes what it shows (its
    stories' titles, principles and metrics come from the story bank)."""
    page = user_cached(
        user.pk,
        (INTERVIEWS_CACHE_SCOPE, STORY_CACHE_SCOPE),
        f"loop-page:{pk}:{'metrics' if with_story_metrics else 'titles'}",
        lambda: loop_page(user=user, pk=pk, with_story_metrics=with_story_metrics),
    )
    # The brief reads the owner's time zone. The owner is the user the loop was looked up for,
    # set here rather than cached so that no account data is kept in the cache.
    page.loop.application.owner = user
    return page


def loop_page(*, user, pk: int, with_story_metrics: bool = True) -> LoopPage:
    """A loop with its rounds, story plan, gaps explained and what each interviewer heard
    (and each planned story's metrics, which the brief quotes)."""
    loop = loop_get_for_user(
        user=user, pk=pk, with_rounds=True, with_story_metrics=with_story_metrics
    )
    rounds = list(loop.rounds.all())
    assignments = [
        planner.Assignment(a.round_id, a.principle.slug, a.story_id, a.backup, a.pinned, a.score)
        for round_ in rounds
        for a in round_.assignments.all()
    ]
    # Gaps name only stories already planned or told; the others are only counted.
    request = _light_plan_request(user=user, loop=loop, rounds=rounds)
    filled = {(a.round_id, a.principle, a.backup) for a in assignments}
    with_empty_slot = {
        principle
        for round_spec in request.rounds
        for principle in round_spec.principles
        if {(round_spec.id, principle, False), (round_spec.id, principle, True)} - filled
    }
    unused = _unused_story_counts(user=user, principles=with_empty_slot, request=request)
    gaps = list(planner.explain_gaps(request, assignments, unused))
    views, told_earlier = [], {}
    numbers = {round_.pk: number for number, round_ in enumerate(rounds, start=1)}
    told_in = request.told_in
    for number, round_ in enumerate(rounds, start=1):
        by_slot = {(a.principle_id, a.backup): a for a in round_.assignments.all()}
        debrief = getattr(round_, "debrief", None) if _has_debrief(round_) else None
        views.append(
            RoundView(
                number=number,
                round=round_,
                slots=[
                    _slot(p, by_slot, told_in, numbers, round_.pk) for p in round_.principles.all()
                ],
                debrief=debrief,
                gaps=[g for g in gaps if g.round_id == round_.pk],
            )
        )
        if debrief:
            for told in debrief.told.all():
                told_earlier.setdefault(told.story_id, f"round {number}")
    return LoopPage(loop=loop, rounds=views, gaps=gaps, told_earlier=told_earlier)


def _slot(principle, by_slot: dict, told_in: dict, numbers: dict, round_id: int) -> Slot:
    main = by_slot.get((principle.pk, False))
    told_round = told_in.get(main.story_id) if main else None
    return Slot(
        principle,
        main,
        by_slot.get((principle.pk, True)),
        f"round {numbers[told_round]}" if told_round and told_round != round_id else "",
    )


def _has_debrief(round_: Round) -> bool:
    try:
        round_.debrief  # noqa: B018 - reads the prefetched reverse one-to-one
    except Debrief.DoesNotExist:
        return False
    return True


def _light_plan_request(*, user, loop: Loop, rounds: list[Round]) -> planner.PlanRequest:
    """The loop as a plan request holding only the stories planned or told in it, read from
    the rounds already loaded: reading every story of a 2,000-story bank cost ~50 ms a view.

    A primary principle is named only when the loop covers it: gaps and scores compare a
    story's principles with the loop's, never with others."""
    slugs = {p.pk: p.slug for round_ in rounds for p in round_.principles.all()}
    used = {}
    for round_ in rounds:
        used.update((a.story_id, a.story) for a in round_.assignments.all())
        if _has_debrief(round_):
            used.update((told.story_id, told.story) for told in round_.debrief.told.all())
    live = sorted(
        (story for story in used.values() if story.deleted_at is None),
        key=lambda story: (story.created_at, story.pk),
    )
    secondary = story_selectors.secondary_principles_by_story(
        user=user, story_ids=[story.pk for story in live], field="slug"
    )
    facts = tuple(
        planner.StoryFacts(
            id=story.pk,
            title=story.title,
            primary_principle=slugs.get(story.primary_principle_id),
            secondary_principles=tuple(secondary.get(story.pk, ())),
        )
        for story in live
    )
    return _plan_request(loop, rounds, facts)


def _unused_story_counts(
    *, user, principles: set[str], request: planner.PlanRequest
) -> dict[str, int]:
    """Per principle (slug), the user's stories mapping to it (as primary or secondary)
    that are neither planned nor told in the loop.

    The bank's count per principle is the coverage summary's (cached until a story service
    changes the bank), less the loop's own stories: this replaced two grouped counts over the
    bank (~7 ms a view). A count cached before a write that bypassed the services (the admin,
    a bulk load) can be short by the stories written since: it is never shown below zero."""
    if not principles:
        return {}
    bank_counts = story_selectors.coverage_summary_cached(user=user).counts
    counts = {}
    for slug in principles:
        in_loop = sum(
            1
            for story in request.stories
            if story.primary_principle == slug or slug in story.secondary_principles
        )
        counts[slug] = max(0, bank_counts.get(slug, 0) - in_loop)
    return counts


# --- dashboard, calendar, reminders ---------------------------------------------------------


@dataclass(frozen=True)
class NextInterview:
    round: Round
    loop: Loop
    covered: int
    slots: int


def next_interview_for_user(*, user, now: datetime.datetime | None = None) -> NextInterview | None:
    """The next round still to come, with how many of its loop's principle slots have a story."""
    now = now or timezone.now()
    # One query: the two counts are subqueries of the round's row, written as SQL because the
    # ORM's grouped subqueries cost more to compile than the two queries they replace.
    slots_sql, covered_sql = _loop_counts_sql()
    round_ = (
        Round.objects.filter(loop__application__owner=user, starts_at__gte=now)
        .select_related("loop__application")
        .annotate(
            loop_slots=RawSQL(slots_sql, ()),  # noqa: S611 - names from the models, no values
            loop_covered=RawSQL(covered_sql, (False,)),  # noqa: S611 - the value is a parameter
        )
        .order_by("starts_at", "id")
        .first()
    )
    if round_ is None:
        return None
    return NextInterview(
        round=round_, loop=round_.loop, covered=round_.loop_covered, slots=round_.loop_slots
    )


def next_interview_cached(*, user) -> NextInterview | None:
    """next_interview_for_user, kept until an interviews service changes the rounds or their
    story plans (an erased story takes its plan slots with it), or until the round starts."""
    return user_cached(
        user.pk,
        (INTERVIEWS_CACHE_SCOPE, STORY_CACHE_SCOPE),
        "next-interview",
        lambda: next_interview_for_user(user=user),
        valid_until=lambda found: found.round.starts_at if found else None,
    )


def _loop_counts_sql() -> tuple[str, str]:
    """Principle slots of the round's loop, and its slots planned with a (non-backup) story.

    Only table and column names from the models are put into the text."""
    name = connection.ops.quote_name
    rounds = name(Round._meta.db_table)
    loop_column = name(Round._meta.get_field("loop").column)
    loop_of_round = f"{rounds}.{loop_column}"
    slots = Round.principles.through._meta
    assignments = StoryAssignment._meta
    slots_sql = (
        f"SELECT COUNT(*) FROM {name(slots.db_table)} s"  # noqa: S608
        f" JOIN {rounds} r ON r.id = s.{name(slots.get_field('round').column)}"
        f" WHERE r.{loop_column} = {loop_of_round}"
    )
    covered_sql = (
        f"SELECT COUNT(*) FROM {name(assignments.db_table)} a"  # noqa: S608
        f" WHERE a.{name(assignments.get_field('loop').column)} = {loop_of_round}"
        f" AND a.{name('backup')} = %s"
    )
    return slots_sql, covered_sql


@dataclass(frozen=True)
class PlanFollowPreview:
    """What aiming the study plan at a loop's first day would give, before it is done."""

    plan: object  # studyplan.models.Plan
    preview: object | None  # studyplan.generation.PlanPreview; None when the date cannot work
    rows: list[dict]
    problem: str = ""


def plan_follow_preview(*, user, loop: Loop) -> PlanFollowPreview | None:
    """None when the user has no study plan to aim."""
    from studyplan import selectors as plan_selectors
    from studyplan import services as plan_services

    plan = plan_selectors.plan_for_user(user=user)
    if plan is None:
        return None
    try:
        plan_services.validate_plan_dates(start_date=plan.start_date, interview_date=loop.starts_on)
    except ValidationError as error:
        return PlanFollowPreview(plan=plan, preview=None, rows=[], problem=" ".join(error.messages))
    preview = plan_selectors.plan_preview(
        level=plan.level,
        start_date=plan.start_date,
        interview_date=loop.starts_on,
        hours_per_week=plan.hours_per_week,
    )
    return PlanFollowPreview(
        plan=plan, preview=preview, rows=plan_selectors.plan_preview_rows(preview)
    )


def next_onsite_date_for_user(*, user, today: datetime.date) -> datetime.date | None:
    loop = (
        Loop.objects.filter(application__owner=user, kind=LoopKind.ONSITE, ends_on__gte=today)
        .order_by("starts_on", "id")
        .first()
    )
    return loop.starts_on if loop else None


def rounds_for_calendar(*, user) -> QuerySet[Round]:
    return (
        Round.objects.filter(loop__application__owner=user)
        .select_related("loop__application")
        .prefetch_related("principles")
        .order_by("starts_at", "id")
    )


def rounds_starting_between(
    *, user, start: datetime.datetime, end: datetime.datetime
) -> QuerySet[Round]:
    return rounds_for_calendar(user=user).filter(starts_at__gte=start, starts_at__lt=end)


def rounds_ended_between(*, user, start: datetime.datetime, end: datetime.datetime) -> list[Round]:
    """Rounds that ended in [start, end) and have no debrief yet."""
    rounds = (
        Round.objects.filter(
            loop__application__owner=user,
            starts_at__lt=end,
            starts_at__gte=start - datetime.timedelta(minutes=240),
            debrief__isnull=True,
        )
        .select_related("loop__application")
        .order_by("starts_at", "id")
    )
    return [r for r in rounds if start <= r.ends_at < end]


@dataclass(frozen=True)
class RoundEvent:
    """A round as a calendar event for the private ICS feed."""

    uid: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    summary: str
    description: str
    path: str


def round_calendar_events(*, user) -> list[RoundEvent]:
    events = []
    for round_ in rounds_for_calendar(user=user):
        application = round_.loop.application
        principles = ", ".join(p.name for p in round_.principles.all())
        who = ", ".join(p for p in (round_.interviewer_name, round_.interviewer_role) if p)
        lines = [f"{application.role} ({application.get_level_display()})"]
        if who:
            lines.append(f"Interviewer: {who}")
        if principles:
            lines.append(f"Principles: {principles}")
        events.append(
            RoundEvent(
                uid=f"interview-round-{round_.pk}-{user.pk}",
                starts_at=round_.starts_at,
                ends_at=round_.ends_at,
                summary=f"{application.company}: {round_.get_kind_display()} round",
                description="\n".join(lines),
                path=reverse("interviews:loop", args=[round_.loop_id]),
            )
        )
    return events


def application_portfolio_content(*, user, application_id: int, content):
    """The portfolio as one application should see it: only the case studies, decision
    records and stories chosen for it (a group with nothing chosen stays whole)."""
    import dataclasses

    from portfolio.selectors import linked_story_queryset

    application = application_get_for_user(user=user, pk=application_id)
    case_ids = set(application.portfolio_case_studies.values_list("pk", flat=True))
    record_ids = set(application.portfolio_decision_records.values_list("pk", flat=True))
    story_ids = list(application.portfolio_stories.values_list("pk", flat=True))
    selected = dataclasses.replace(
        content,
        case_studies=[c for c in content.case_studies if not case_ids or c.pk in case_ids],
        decision_records=[
            r for r in content.decision_records if not record_ids or r.pk in record_ids
        ],
    )
    if story_ids:
        stories = linked_story_queryset().filter(owner=user, pk__in=story_ids)
        chosen = {s.pk: s for s in stories}
        ordered = [s for s in selected.stories if s.pk in chosen]
        ordered += [chosen[pk] for pk in story_ids if pk in chosen and chosen[pk] not in ordered]
        selected.stories = ordered
        for story in ordered:
            selected._story_keys.setdefault(story.pk, f"story-{len(selected._story_keys) + 1}")
    return selected


# --- Account export (accounts.backup): this app's section ---------------------------------


def interviews_has_data_for_user(*, user) -> bool:
    return Application.objects.filter(owner=user).exists()


def interviews_export_for_user(*, user) -> dict:
    """Applications with their status history, portfolio selection, loops, rounds, the story
    plan and debriefs. Stories, usages, case studies and decision records are named by the
    keys of their own sections ("story-1", "usage-1", "case-1", "tdr-1")."""
    from portfolio.selectors import portfolio_item_keys_for_user
    from prepsite.rows import row_document

    story_keys = story_selectors.story_keys_for_user(user=user)
    usage_keys = story_selectors.story_usage_keys_for_user(user=user)
    case_keys, record_keys = portfolio_item_keys_for_user(user=user)
    applications = (
        Application.objects.filter(owner=user)
        .order_by("created_at", "id")
        .prefetch_related(
            "status_changes",
            "portfolio_case_studies",
            "portfolio_decision_records",
            "portfolio_stories",
            "loops__rounds__principles",
            "loops__rounds__assignments__principle",
            "loops__rounds__debrief__told",
        )
    )

    def round_document(round_: Round) -> dict:
        debrief = getattr(round_, "debrief", None)
        return {
            **row_document(round_),
            "principles": sorted(principle.slug for principle in round_.principles.all()),
            "assignments": sorted(
                (
                    {
                        "principle": assignment.principle.slug,
                        "story": story_keys[assignment.story_id],
                        **row_document(assignment),
                    }
                    for assignment in round_.assignments.all()
                ),
                key=lambda row: (row["principle"], row["backup"], row["story"]),
            ),
            "debrief": None
            if debrief is None
            else {
                **row_document(debrief),
                "told": sorted(
                    (
                        {
                            "story": story_keys[told.story_id],
                            "usage": usage_keys.get(told.usage_id),
                        }
                        for told in debrief.told.all()
                    ),
                    key=lambda row: row["story"],
                ),
            },
        }

    def key_list(rows, keys: dict[int, str]) -> list[str]:
        return sorted((keys[row.pk] for row in rows if row.pk in keys), key=_key_order)

    documents = []
    for index, application in enumerate(applications, 1):
        loops = sorted(application.loops.all(), key=lambda loop: (loop.starts_on, loop.pk))
        documents.append(
            {
                "key": f"application-{index}",
                **row_document(application),
                "portfolio_case_studies": key_list(
                    application.portfolio_case_studies.all(), case_keys
                ),
                "portfolio_decision_records": key_list(
                    application.portfolio_decision_records.all(), record_keys
                ),
                "portfolio_stories": key_list(application.portfolio_stories.all(), story_keys),
                "status_changes": [
                    row_document(change)
                    for change in sorted(
                        application.status_changes.all(),
                        key=lambda c: (c.changed_on, c.created_at, c.pk),
                    )
                ],
                "loops": [
                    {
                        **row_document(loop),
                        "rounds": [
                            round_document(round_)
                            for round_ in sorted(
                                loop.rounds.all(), key=lambda r: (r.starts_at, r.pk)
                            )
                        ],
                    }
                    for loop in loops
                ],
            }
        )
    return {"applications": documents}


def _key_order(key: str) -> tuple[str, int]:
    name, _, number = key.rpartition("-")
    return name, int(number)
