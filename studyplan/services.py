"""Writes and workflows of the study plan. Every rule that needs the plan's dates lives here,
so pages and API report the same field errors."""

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.utils import timezone

from accounts.models import User
from accounts.services import user_update_profile
from prepsite.user_cache import user_cache_invalidate
from prepsite.validators import validate_date_in_range
from stories.models import LeadershipPrinciple, Status
from studyplan import replanning
from studyplan.dates import local_date_of, local_today, monday_of
from studyplan.generation import (
    AREAS,
    GOAL_KINDS,
    MAX_WEEKS,
    MIN_WEEKS,
    generate_weeks,
    plan_length,
)
from studyplan.models import (
    MAX_ACTIVITY_MINUTES,
    Activity,
    ActivityKind,
    Area,
    Goal,
    GoalKind,
    MockInterview,
    Plan,
    PlanWeek,
    ReadinessAssessment,
    Replan,
    WeeklyReview,
)
from studyplan.plan_template import CURRENT_TEMPLATE_VERSION, load_plan_template
from studyplan.readiness import readiness_score

# The area whose hours an activity kind spends; study sessions and custom goals say their own.
KIND_AREAS: dict[str, str] = {
    ActivityKind.CODING: Area.CODING,
    ActivityKind.SYSTEM_DESIGN: Area.DESIGN,
    ActivityKind.STAR_STORY: Area.BEHAVIOURAL,
    ActivityKind.MOCK_INTERVIEW: Area.MOCKS,
}
# Kinds other apps may record; a mock interview needs its own row and comes through this app.
EXTERNAL_KINDS = {
    ActivityKind.CODING,
    ActivityKind.SYSTEM_DESIGN,
    ActivityKind.STAR_STORY,
    ActivityKind.STUDY_SESSION,
}
# A STAR story logged on the week page has a title only: in the story bank's terms, an idea.
LOGGED_STORY_STATUS = Status.IDEA
GOAL_KINDS_IN_ORDER = [
    GoalKind.SYSTEM_DESIGN,
    GoalKind.CODING,
    GoalKind.STAR_STORY,
    GoalKind.MOCK_INTERVIEW,
]


def validate_plan_dates(*, start_date: datetime.date, interview_date: datetime.date | None) -> None:
    for name, day in (("start_date", start_date), ("interview_date", interview_date)):
        try:
            validate_date_in_range(day)
        except ValidationError as error:
            raise ValidationError({name: error.messages}) from error
    if interview_date is None:
        return
    if interview_date <= start_date:
        raise ValidationError(
            {"interview_date": "The interview date must be after the start date."}
        )
    weeks = plan_length(start_date, interview_date)
    if not MIN_WEEKS <= weeks <= MAX_WEEKS:
        raise ValidationError(
            {
                "interview_date": (
                    f"The interview is {weeks} full weeks after the start; a plan needs "
                    f"between {MIN_WEEKS} and {MAX_WEEKS} weeks."
                )
            }
        )


def _create_weeks(plan: Plan) -> list[PlanWeek]:
    specs = generate_weeks(
        template=load_plan_template(plan.template_version),
        level=plan.level,
        start_date=plan.start_date,
        interview_date=plan.interview_date,
        hours_per_week=plan.hours_per_week,
    )
    weeks = PlanWeek.objects.bulk_create(
        PlanWeek(
            plan=plan,
            number=spec.number,
            starts_on=spec.starts_on,
            phase=spec.phase,
            template_week=spec.template_week,
            focus=spec.focus,
            goals_text=spec.goals_text,
            **{
                f"planned_{area}_minutes": minutes for area, minutes in spec.planned_minutes.items()
            },
        )
        for spec in specs
    )
    Goal.objects.bulk_create(
        Goal(
            week=week,
            kind=goal.kind,
            target=goal.target,
            position=GOAL_KINDS_IN_ORDER.index(goal.kind),
        )
        for week, spec in zip(weeks, specs, strict=True)
        for goal in spec.goals
    )
    return weeks


# The user-cache scope of numbers derived from the plan (selectors.plan_overview_cached).
PLAN_CACHE_SCOPE = "plan"


def _plan_numbers_changed(user_id: int) -> None:
    """Every write that changes a plan's weeks, goals, activities, mock interviews, reviews,
    re-plans or assessments calls this, so the dashboard's cached overview and the cached week
    pages are computed afresh once the write commits."""
    user_cache_invalidate(user_id, PLAN_CACHE_SCOPE)


class PlanExistsError(ValidationError):
    """The plan is one per user: a second create, even a parallel one, is a conflict."""

    def __init__(self) -> None:
        super().__init__("You already have a plan; regenerate it instead.")


@transaction.atomic
def plan_create(
    *,
    user: User,
    level: str,
    start_date: datetime.date,
    interview_date: datetime.date | None,
    hours_per_week: int,
    timezone_name: str,
    reminder_weekday: int,
    reminder_time: datetime.time,
    template_version: int = CURRENT_TEMPLATE_VERSION,
) -> Plan:
    """Onboarding: store the user's weekly rhythm and generate their plan from the template.

    template_version exists for plans that must match an older template (tests of version-1
    plans, which existing users still have); new plans use the current one.
    """
    if Plan.objects.filter(owner=user).exists():
        raise PlanExistsError
    validate_plan_dates(start_date=start_date, interview_date=interview_date)
    user_update_profile(
        user=user,
        timezone=timezone_name,
        reminder_weekday=reminder_weekday,
        reminder_time=reminder_time,
    )
    plan = Plan.objects.create(
        owner=user,
        level=level,
        start_date=start_date,
        interview_date=interview_date,
        hours_per_week=hours_per_week,
        template_version=template_version,
    )
    _create_weeks(plan)
    _plan_numbers_changed(user.pk)
    return plan


@transaction.atomic
def plan_regenerate(
    *,
    plan: Plan,
    level: str,
    start_date: datetime.date,
    interview_date: datetime.date | None,
    hours_per_week: int,
) -> Plan:
    """Rebuild the weeks from the current template.

    Activities, mock interviews, reviews and assessments hang on dates, not weeks, so they are
    untouched; custom goals move to the new week covering their old dates (or the last week).
    Edited targets, edited texts and breaks are replaced by the template's.
    """
    validate_plan_dates(start_date=start_date, interview_date=interview_date)
    custom_goals = list(
        Goal.objects.filter(week__plan=plan, kind=GoalKind.CUSTOM).select_related("week")
    )
    old_dates = {goal.pk: goal.week.starts_on for goal in custom_goals}
    Goal.objects.filter(week__plan=plan).exclude(kind=GoalKind.CUSTOM).delete()
    plan.level = level
    plan.start_date = start_date
    plan.interview_date = interview_date
    plan.hours_per_week = hours_per_week
    plan.template_version = CURRENT_TEMPLATE_VERSION
    plan.save()
    old_week_ids = list(plan.weeks.values_list("pk", flat=True))
    # Custom goals are re-pointed before the old weeks go, so the cascade cannot take them.
    weeks = _create_weeks(plan)
    by_date = {week.starts_on: week for week in weeks}
    for goal in custom_goals:
        goal.week = by_date.get(old_dates[goal.pk], weeks[-1])
    Goal.objects.bulk_update(custom_goals, ["week"])
    PlanWeek.objects.filter(pk__in=old_week_ids).delete()
    _plan_numbers_changed(plan.owner_id)
    return plan


def plan_date_range(plan: Plan) -> tuple[datetime.date, datetime.date]:
    bounds = plan.weeks.aggregate(first=Min("starts_on"), last=Max("starts_on"))
    return bounds["first"], bounds["last"] + datetime.timedelta(days=6)


def _validate_day(plan: Plan, day: datetime.date, field: str) -> None:
    first, last = plan_date_range(plan)
    if not first <= day <= last:
        raise ValidationError(
            {field: f"Pick a day inside your plan ({first:%d %b %Y} to {last:%d %b %Y})."}
        )
    if day > local_today(plan.owner.timezone):
        raise ValidationError({field: "That day is still ahead of you; log work once it is done."})


def _renumber(plan: Plan) -> None:
    weeks = list(plan.weeks.order_by("starts_on"))
    for number, week in enumerate(weeks, start=1):
        week.number = number
    PlanWeek.objects.bulk_update(weeks, ["number"])


def _check_not_past(week: PlanWeek) -> None:
    if week.ends_on < local_today(week.plan.owner.timezone):
        raise ValidationError("A finished week cannot be paused or skipped.")


@transaction.atomic
def week_pause(*, week: PlanWeek) -> PlanWeek:
    """Make this week a break: its content and every later week move one week later."""
    _check_not_past(week)
    if week.is_break:
        raise ValidationError("This week is already a break.")
    break_starts_on = week.starts_on
    later = list(week.plan.weeks.filter(starts_on__gte=break_starts_on))
    for shifted in later:
        shifted.starts_on += datetime.timedelta(weeks=1)
    PlanWeek.objects.bulk_update(later, ["starts_on"])
    pause = PlanWeek.objects.create(
        plan=week.plan,
        number=week.number,
        starts_on=break_starts_on,
        phase=week.phase,
        is_break=True,
        focus="Break week",
    )
    _renumber(week.plan)
    _plan_numbers_changed(week.plan.owner_id)
    return pause


@transaction.atomic
def week_skip(*, week: PlanWeek) -> None:
    """Drop this week's content; every later week moves one week earlier.

    Skipping a break removes it. Custom goals move to the week that takes this week's dates.
    """
    _check_not_past(week)
    plan = week.plan
    later = list(plan.weeks.filter(starts_on__gt=week.starts_on))
    if not later and not plan.weeks.filter(starts_on__lt=week.starts_on).exists():
        raise ValidationError("The only week of a plan cannot be skipped.")
    heir = later[0] if later else plan.weeks.filter(starts_on__lt=week.starts_on).last()
    week.goals.filter(kind=GoalKind.CUSTOM).update(week=heir)
    week.delete()
    for shifted in later:
        shifted.starts_on -= datetime.timedelta(weeks=1)
    PlanWeek.objects.bulk_update(later, ["starts_on"])
    _renumber(plan)
    _plan_numbers_changed(plan.owner_id)


@transaction.atomic
def week_update(
    *, week: PlanWeek, focus: str, goals_text: str, targets: Mapping[int, int]
) -> PlanWeek:
    """Edit the user's copy of a week: its texts and the targets of its goals (by goal id)."""
    week.focus = focus.strip()
    week.goals_text = goals_text.strip()
    week.save(update_fields=["focus", "goals_text"])
    goals = list(week.goals.filter(pk__in=targets))
    for goal in goals:
        goal.target = targets[goal.pk]
    Goal.objects.bulk_update(goals, ["target"])
    _plan_numbers_changed(week.plan.owner_id)
    return week


def goal_create_custom(*, week: PlanWeek, title: str, target: int) -> Goal:
    if week.is_break:
        raise ValidationError("A break week has no goals.")
    position = week.goals.aggregate(last=Max("position"))["last"] or 0
    _plan_numbers_changed(week.plan.owner_id)
    return Goal.objects.create(
        week=week, kind=GoalKind.CUSTOM, title=title.strip(), target=target, position=position + 1
    )


def goal_delete(*, goal: Goal) -> None:
    """Only custom goals can go; the activities logged against them stay, unlinked."""
    if goal.kind != GoalKind.CUSTOM:
        raise ValidationError("Only custom goals can be removed; set a target of 0 instead.")
    _plan_numbers_changed(goal.week.plan.owner_id)
    goal.delete()


@transaction.atomic
def activity_log(
    *,
    plan: Plan,
    kind: str,
    occurred_on: datetime.date,
    title: str,
    minutes: int = 0,
    area: str = "",
    goal: Goal | None = None,
    **details: object,
) -> Activity:
    """Log one activity on a day of the plan (never in the future).

    A STAR story has one home, the story bank: logging one here adds it there (with the status
    LOGGED_STORY_STATUS) and keeps the time as behavioural study. It counts toward the
    STAR-story goal once it is documented in the story bank (which reports it through
    activity_record_external).
    """
    _validate_day(plan, occurred_on, "occurred_on")
    _plan_numbers_changed(plan.owner_id)
    if kind == ActivityKind.STAR_STORY:
        return _star_story_start(plan, occurred_on=occurred_on, title=title, minutes=minutes)
    if kind == ActivityKind.CUSTOM:
        if goal is None or goal.kind != GoalKind.CUSTOM:
            raise ValidationError({"goal": "Choose one of this week's custom goals."})
        if not goal.week.starts_on <= occurred_on <= goal.week.ends_on:
            raise ValidationError({"occurred_on": "Log a custom goal on a day of its own week."})
    activity = Activity(
        owner=plan.owner,
        kind=kind,
        area=KIND_AREAS.get(kind, area),
        occurred_on=occurred_on,
        title=title.strip(),
        minutes=minutes,
        goal=goal,
        **details,
    )
    activity.full_clean(exclude=["owner", "goal"])
    activity.save()
    return activity


def _star_story_start(
    plan: Plan, *, occurred_on: datetime.date, title: str, minutes: int
) -> Activity:
    from stories.services import story_create

    story = story_create(
        owner=plan.owner, data={"title": title.strip(), "status": LOGGED_STORY_STATUS}
    )
    activity = Activity(
        owner=plan.owner,
        kind=ActivityKind.STUDY_SESSION,
        area=Area.BEHAVIOURAL,
        occurred_on=occurred_on,
        title=f"STAR story {LOGGED_STORY_STATUS.label.lower()}: {story.title}"[:200],
        minutes=minutes,
    )
    activity.full_clean(exclude=["owner", "goal"])
    activity.save()
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, plan: Plan, **changes: object) -> Activity:
    if "occurred_on" in changes:
        _validate_day(plan, changes["occurred_on"], "occurred_on")
    for name, value in changes.items():
        setattr(activity, name, value)
    if activity.kind in KIND_AREAS:
        activity.area = KIND_AREAS[activity.kind]
    activity.full_clean(exclude=["owner", "goal"])
    activity.save()
    if hasattr(activity, "mock_interview") and "occurred_on" in changes:
        MockInterview.objects.filter(activity=activity).update(held_on=activity.occurred_on)
    _plan_numbers_changed(activity.owner_id)
    return activity


def activity_delete(*, activity: Activity) -> None:
    """Deleting the activity of a mock interview deletes the interview with it."""
    activity.delete()
    _plan_numbers_changed(activity.owner_id)


def _validate_mock(plan: Plan, mock: MockInterview) -> None:
    """A mock may be dated ahead (planned) but only scored once its day has come."""
    first, last = plan_date_range(plan)
    if not first <= mock.held_on <= last:
        raise ValidationError(
            {"held_on": f"Pick a day inside your plan ({first:%d %b %Y} to {last:%d %b %Y})."}
        )
    if mock.score is not None and mock.held_on > local_today(plan.owner.timezone):
        raise ValidationError({"score": "You can score a mock once it has happened."})
    mock.full_clean(exclude=["owner", "activity"])


@transaction.atomic
def mock_interview_log(
    *,
    plan: Plan,
    interview_type: str,
    held_on: datetime.date,
    score: int | None = None,
    interviewer: str = "",
    minutes: int = 60,
    principles: Iterable[LeadershipPrinciple] = (),
    feedback: str = "",
    follow_ups: str = "",
) -> MockInterview:
    """Log a mock interview, or plan one: a future day and no score yet.

    Its activity makes it count toward the mock goal and hours once it is held (see
    MockInterview); a planned mock's minutes are the time set aside for it.
    """
    mock = MockInterview(
        owner=plan.owner,
        interview_type=interview_type,
        held_on=held_on,
        interviewer=interviewer.strip(),
        score=score,
        feedback=feedback,
        follow_ups=follow_ups,
    )
    _validate_mock(plan, mock)
    mock.activity = Activity.objects.create(
        owner=plan.owner,
        kind=ActivityKind.MOCK_INTERVIEW,
        area=Area.MOCKS,
        occurred_on=held_on,
        title=f"{mock.get_interview_type_display()} mock interview",
        minutes=minutes,
    )
    mock.save()
    mock.principles.set(principles)
    _plan_numbers_changed(plan.owner_id)
    return mock


@transaction.atomic
def mock_interview_update(
    *,
    mock: MockInterview,
    plan: Plan,
    principles: Iterable[LeadershipPrinciple] | None = None,
    minutes: int | None = None,
    **changes: object,
) -> MockInterview:
    """Change a mock, e.g. record the score and feedback of a planned one after it happened."""
    for name, value in changes.items():
        setattr(mock, name, value)
    _validate_mock(plan, mock)
    mock.save()
    activity = mock.activity
    activity.occurred_on = mock.held_on
    activity.title = f"{mock.get_interview_type_display()} mock interview"
    if minutes is not None:
        activity.minutes = minutes
    activity.full_clean(exclude=["owner", "goal"])
    activity.save()
    if principles is not None:
        mock.principles.set(principles)
    _plan_numbers_changed(plan.owner_id)
    return mock


def mock_interview_delete(*, mock: MockInterview) -> None:
    mock.activity.delete()
    _plan_numbers_changed(mock.owner_id)


def review_save(
    *,
    plan: Plan,
    week: PlanWeek,
    went_well: str,
    blockers: str,
    next_week_focus: str,
    self_rating: int,
) -> WeeklyReview:
    """One review per week (created or replaced); a week still ahead cannot be reviewed."""
    if week.starts_on > local_today(plan.owner.timezone):
        raise ValidationError("This week has not started yet; review it once it has.")
    review, _ = WeeklyReview.objects.update_or_create(
        owner=plan.owner,
        week_starts_on=week.starts_on,
        defaults={
            "went_well": went_well,
            "blockers": blockers,
            "next_week_focus": next_week_focus,
            "self_rating": self_rating,
        },
    )
    _plan_numbers_changed(plan.owner_id)
    return review


def readiness_assessment_create(
    *,
    user: User,
    level: str,
    ratings: Mapping[str, int],
    checklist: Iterable[str],
    notes: str = "",
    assessed_at: datetime.datetime | None = None,
) -> ReadinessAssessment:
    level_data = load_plan_template().levels[level]
    valid_keys = [item.key for item in level_data.checklist]
    ticked = [key for key in valid_keys if key in set(checklist)]
    assessment = ReadinessAssessment(
        owner=user,
        level=level,
        assessed_at=assessed_at or timezone.now(),
        checklist=ticked,
        score=readiness_score(level_data=level_data, ratings=ratings, checklist=ticked),
        notes=notes,
        **ratings,
    )
    assessment.full_clean(exclude=["owner"])
    assessment.save()
    _plan_numbers_changed(user.pk)
    return assessment


def activity_record_external(
    *,
    user: User,
    kind: str,
    occurred_at: datetime.datetime,
    source_key: str,
    title: str,
    minutes: int | None = None,
) -> None:
    """Create or update the activity another app reports under source_key (idempotent).

    The stories app sends kind="star_story" when a story is documented; it then counts toward
    the STAR-story goal of the week it happened in, like a story logged here. A timed practice
    session also sends its minutes, which count toward the area's hours; without minutes, those
    already on the activity (typed on the week page) are kept. No plan, no-op.
    """
    if kind not in EXTERNAL_KINDS:
        raise ValueError(f"Activities of kind {kind!r} cannot be recorded from another app.")
    if not Plan.objects.filter(owner=user).exists():
        return
    defaults = {
        "kind": kind,
        "area": KIND_AREAS.get(kind, Area.BEHAVIOURAL),
        "occurred_on": local_date_of(occurred_at, user.timezone),
        "title": title.strip()[:200] or "Untitled",
    }
    if minutes is not None:
        defaults["minutes"] = max(0, min(minutes, MAX_ACTIVITY_MINUTES))
    Activity.objects.update_or_create(owner=user, source_key=source_key, defaults=defaults)
    _plan_numbers_changed(user.pk)


def activity_remove_external(*, user: User, source_key: str) -> None:
    """Withdraw what activity_record_external recorded; unknown keys and no plan are no-ops."""
    Activity.objects.filter(owner=user, source_key=source_key).delete()
    _plan_numbers_changed(user.pk)


def plan_interview_date_follow(*, user: User, interview_date: datetime.date) -> Plan:
    """Another app (interviews: the next onsite) asks the plan to aim at a new interview date.

    Only on the user's explicit request; the weeks are rebuilt as a regeneration would."""
    plan = Plan.objects.filter(owner=user).first()
    if plan is None:
        raise ValidationError("You have no study plan yet; create one first.")
    if plan.interview_date == interview_date:
        return plan
    return plan_regenerate(
        plan=plan,
        level=plan.level,
        start_date=plan.start_date,
        interview_date=interview_date,
        hours_per_week=plan.hours_per_week,
    )


# Re-planning ---------------------------------------------------------------------------------


def _baseline(plan: Plan) -> tuple[dict[str, int], dict[str, int]]:
    """The whole plan's minutes per area and items per goal kind, as generated."""
    specs = generate_weeks(
        template=load_plan_template(plan.template_version),
        level=plan.level,
        start_date=plan.start_date,
        interview_date=plan.interview_date,
        hours_per_week=plan.hours_per_week,
    )
    minutes = {area: sum(spec.planned_minutes[area] for spec in specs) for area in AREAS}
    items: dict[str, int] = {kind: 0 for kind in GOAL_KINDS}
    for spec in specs:
        for goal in spec.goals:
            items[goal.kind] = items.get(goal.kind, 0) + goal.target
    return minutes, items


def _week_load(week: PlanWeek) -> replanning.WeekLoad:
    return replanning.WeekLoad(
        key=week.pk,
        number=week.number,
        phase=week.phase,
        minutes={area: week.planned_minutes(area) for area in AREAS},
        targets={goal.kind: goal.target for goal in week.goals.all() if goal.kind in GOAL_KINDS},
    )


def _apply_loads(weeks: dict[int, PlanWeek], loads: Iterable[replanning.WeekLoad]) -> None:
    """Write minutes and targets; a target of 0 removes the week's goal of that kind."""
    loads = list(loads)
    for load in loads:
        week = weeks[load.key]
        for area in AREAS:
            setattr(week, f"planned_{area}_minutes", load.minutes.get(area, 0))
    PlanWeek.objects.bulk_update(
        [weeks[load.key] for load in loads], [f"planned_{area}_minutes" for area in AREAS]
    )
    existing = {
        (goal.week_id, goal.kind): goal
        for goal in Goal.objects.filter(week__in=[load.key for load in loads], kind__in=GOAL_KINDS)
    }
    to_update, to_create, to_delete = [], [], []
    for load in loads:
        for kind in GOAL_KINDS:
            target = load.targets.get(kind, 0)
            goal = existing.get((load.key, kind))
            if goal and target == 0:
                to_delete.append(goal.pk)
            elif goal and goal.target != target:
                goal.target = target
                to_update.append(goal)
            elif goal is None and target > 0:
                to_create.append(
                    Goal(
                        week_id=load.key,
                        kind=kind,
                        target=target,
                        position=GOAL_KINDS_IN_ORDER.index(kind),
                    )
                )
    Goal.objects.filter(pk__in=to_delete).delete()
    Goal.objects.bulk_update(to_update, ["target"])
    Goal.objects.bulk_create(to_create)


@transaction.atomic
def plan_replan(
    *,
    plan: Plan,
    today: datetime.date,
    source: str = Replan.Source.ON_DEMAND,
    closed_week_starts_on: datetime.date | None = None,
    weak_areas: Iterable[str] | None = None,
) -> Replan:
    """Rebalance the weeks ahead from what the weeks before them got done.

    The weekly re-plan runs once a week has closed and starts from the week just begun. On
    demand, the week under way keeps its targets: the re-plan starts from the next week and
    counts this week as planned, or as done where the user already did more.
    """
    from studyplan import selectors

    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    this_monday = monday_of(today)
    first_ahead = this_monday
    if source == Replan.Source.ON_DEMAND:
        first_ahead += datetime.timedelta(weeks=1)
    weeks = list(plan.weeks.prefetch_related("goals").order_by("starts_on"))
    remaining = [w for w in weeks if w.starts_on >= first_ahead and not w.is_break]
    done_minutes = dict.fromkeys(AREAS, 0)
    done_items = dict.fromkeys(GOAL_KINDS, 0)
    this_week_minutes = dict.fromkeys(AREAS, 0)
    this_week_items = dict.fromkeys(GOAL_KINDS, 0)
    if weeks and weeks[0].starts_on < first_ahead:
        rows = selectors.activity_rows(
            user=plan.owner,
            first=weeks[0].starts_on,
            last=first_ahead - datetime.timedelta(days=1),
        )
        for row in rows:
            minutes, items = (
                (this_week_minutes, this_week_items)
                if row["occurred_on"] >= this_monday
                else (done_minutes, done_items)
            )
            if row["area"] in minutes:
                minutes[row["area"]] += row["minutes"] or 0
            if row["kind"] in items:
                items[row["kind"]] += row["n"]
    # On demand, the week under way counts as planned, or as done where that is more.
    under_way = next((w for w in weeks if this_monday <= w.starts_on < first_ahead), None)
    if under_way is not None:
        load = _week_load(under_way)
        for area in AREAS:
            done_minutes[area] += max(load.minutes[area], this_week_minutes[area])
        for kind in GOAL_KINDS:
            done_items[kind] += max(load.targets.get(kind, 0), this_week_items[kind])
    if weak_areas is None:
        weak_areas = [item.plan_area for item in selectors.readiness_weakest_areas(user=plan.owner)]
    baseline_minutes, baseline_items = _baseline(plan)
    before = [_week_load(week) for week in remaining]
    result = replanning.rebalance(
        template=load_plan_template(plan.template_version),
        remaining=before,
        baseline_minutes=baseline_minutes,
        baseline_items=baseline_items,
        done_minutes=done_minutes,
        done_items=done_items,
        cap_minutes=plan.hours_per_week * 60,
        weak_areas=list(weak_areas),
    )
    _apply_loads({week.pk: week for week in remaining}, result.weeks)
    _plan_numbers_changed(plan.owner_id)
    return Replan.objects.create(
        plan=plan,
        source=source,
        closed_week_starts_on=closed_week_starts_on,
        explanation=result.explanation,
        before={
            str(load.key): {"minutes": dict(load.minutes), "targets": dict(load.targets)}
            for load in before
        },
        first_week_number=remaining[0].number if remaining else 0,
    )


@transaction.atomic
def replan_undo(*, replan: Replan) -> None:
    """Put the weeks back as they were before this re-plan; only the latest can be undone."""
    latest = Replan.objects.filter(plan=replan.plan, undone_at__isnull=True).first()
    if latest is None or latest.pk != replan.pk:
        raise ValidationError("Only the latest re-plan can be undone.")
    weeks = {week.pk: week for week in replan.plan.weeks.filter(pk__in=map(int, replan.before))}
    _apply_loads(
        weeks,
        (
            replanning.WeekLoad(int(key), 0, "", value["minutes"], value["targets"])
            for key, value in replan.before.items()
            if int(key) in weeks
        ),
    )
    replan.undone_at = timezone.now()
    replan.save(update_fields=["undone_at"])
    _plan_numbers_changed(replan.plan.owner_id)


def plans_replan_weekly(*, now: datetime.datetime | None = None) -> int:
    """The beat job: re-plan every plan whose last week has closed in the owner's time zone.

    Idempotent (one weekly re-plan per closed week, enforced by a unique constraint); a
    closed break week, a plan not started or a plan already over gets none.
    """
    count = 0
    for plan in Plan.objects.select_related("owner"):
        today = local_today(plan.owner.timezone, now)
        closed = monday_of(today) - datetime.timedelta(weeks=1)
        closed_week = plan.weeks.filter(starts_on=closed).first()
        if closed_week is None or closed_week.is_break:
            continue
        if not plan.weeks.filter(starts_on__gte=monday_of(today), is_break=False).exists():
            continue
        if Replan.objects.filter(
            plan=plan, source=Replan.Source.WEEKLY, closed_week_starts_on=closed
        ).exists():
            continue
        try:
            plan_replan(
                plan=plan,
                today=today,
                source=Replan.Source.WEEKLY,
                closed_week_starts_on=closed,
            )
        except IntegrityError:
            continue  # another worker got there first
        count += 1
    return count


# --- Account import (accounts.backup): this app's section ---------------------------------


@transaction.atomic
def studyplan_import_for_user(*, user: User, data: dict, refs: dict) -> None:
    """Write an exported study-plan section into an account that has none.

    Rows are written as they were exported (no re-generation, no side effects); every row is
    validated first, so a bad value raises ValidationError and the caller rolls back.
    `refs["mock_interviews"]` receives the new mock interviews by document key.
    """
    from prepsite.rows import row_fields

    _plan_numbers_changed(user.pk)
    goals: dict[str, Goal] = {}
    if data.get("plan"):
        plan = Plan(owner=user, **row_fields(Plan, data["plan"]))
        plan.full_clean(exclude=["owner"])
        plan.save()
        week_ids: dict[str, str] = {}
        for index, week_data in enumerate(data["plan"]["weeks"], 1):
            week = PlanWeek(plan=plan, **row_fields(PlanWeek, week_data))
            week.full_clean(exclude=["plan"])
            week.save()
            week_ids[f"week-{index}"] = str(week.pk)
            for goal_data in week_data["goals"]:
                goal = Goal(week=week, **row_fields(Goal, goal_data))
                goal.full_clean(exclude=["week"])
                goal.save()
                goals[goal_data["key"]] = goal
        for replan_data in data["plan"].get("replans", []):
            replan = Replan(plan=plan, **row_fields(Replan, replan_data, exclude=["before"]))
            replan.before = {week_ids[key]: value for key, value in replan_data["before"].items()}
            replan.full_clean(exclude=["plan"])
            replan.save()
            # created_at is set on insert; the re-plan's own date is part of its history.
            Replan.objects.filter(pk=replan.pk).update(created_at=replan_data["created_at"])

    mocks = refs.setdefault("mock_interviews", {})
    principles = {principle.slug: principle for principle in LeadershipPrinciple.objects.all()}
    for activity_data in data["activities"]:
        activity = Activity(owner=user, **row_fields(Activity, activity_data))
        if activity_data.get("goal"):
            activity.goal = goals[activity_data["goal"]]
        activity.full_clean(exclude=["owner", "goal"])
        activity.save()
        mock_data = activity_data.get("mock_interview")
        if mock_data:
            mock = MockInterview(
                owner=user, activity=activity, **row_fields(MockInterview, mock_data)
            )
            mock.full_clean(exclude=["owner", "activity"])
            mock.save()
            mock.principles.set([principles[slug] for slug in mock_data["principles"]])
            mocks[mock_data["key"]] = mock

    for review_data in data["weekly_reviews"]:
        review = WeeklyReview(owner=user, **row_fields(WeeklyReview, review_data))
        review.full_clean(exclude=["owner"])
        review.save()
    for assessment_data in data["readiness_assessments"]:
        assessment = ReadinessAssessment(
            owner=user, **row_fields(ReadinessAssessment, assessment_data)
        )
        assessment.full_clean(exclude=["owner"])
        assessment.save()


def activity_source_keys_remap(*, user: User, mapping: Mapping[str, str]) -> None:
    """Point imported activities at the rows another app created for them (by source key)."""
    for old, new in mapping.items():
        Activity.objects.filter(owner=user, source_key=old).update(source_key=new)
    _plan_numbers_changed(user.pk)
