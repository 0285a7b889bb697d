"""Writes and workflows of the study plan. Every rule that needs the plan's dates lives here,
so pages and API report the same field errors."""

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from accounts.models import User
from accounts.services import user_update_profile
from prepsite.validators import validate_date_in_range
from stories.models import LeadershipPrinciple
from studyplan.dates import local_date_of, local_today
from studyplan.generation import MAX_WEEKS, MIN_WEEKS, generate_weeks, plan_length
from studyplan.models import (
    Activity,
    ActivityKind,
    Area,
    Goal,
    GoalKind,
    MockInterview,
    Plan,
    PlanWeek,
    ReadinessAssessment,
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
) -> Plan:
    """Onboarding: store the user's weekly rhythm and generate their plan from the template."""
    if Plan.objects.filter(owner=user).exists():
        raise ValidationError("You already have a plan; regenerate it instead.")
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
        template_version=CURRENT_TEMPLATE_VERSION,
    )
    _create_weeks(plan)
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
    return week


def goal_create_custom(*, week: PlanWeek, title: str, target: int) -> Goal:
    if week.is_break:
        raise ValidationError("A break week has no goals.")
    position = week.goals.aggregate(last=Max("position"))["last"] or 0
    return Goal.objects.create(
        week=week, kind=GoalKind.CUSTOM, title=title.strip(), target=target, position=position + 1
    )


def goal_delete(*, goal: Goal) -> None:
    """Only custom goals can go; the activities logged against them stay, unlinked."""
    if goal.kind != GoalKind.CUSTOM:
        raise ValidationError("Only custom goals can be removed; set a target of 0 instead.")
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
    """Log one activity on a day of the plan (never in the future)."""
    _validate_day(plan, occurred_on, "occurred_on")
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
    return activity


def activity_delete(*, activity: Activity) -> None:
    """Deleting the activity of a mock interview deletes the interview with it."""
    activity.delete()


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
    return mock


def mock_interview_delete(*, mock: MockInterview) -> None:
    mock.activity.delete()


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
    return assessment


def activity_record_external(
    *, user: User, kind: str, occurred_at: datetime.datetime, source_key: str, title: str
) -> None:
    """Create or update the activity another app reports under source_key (idempotent).

    The stories app sends kind="star_story" when a story is documented; it then counts toward
    the STAR-story goal of the week it happened in, like a story logged here. No plan, no-op.
    """
    if kind not in EXTERNAL_KINDS:
        raise ValueError(f"Activities of kind {kind!r} cannot be recorded from another app.")
    if not Plan.objects.filter(owner=user).exists():
        return
    Activity.objects.update_or_create(
        owner=user,
        source_key=source_key,
        defaults={
            "kind": kind,
            "area": KIND_AREAS.get(kind, Area.BEHAVIOURAL),
            "occurred_on": local_date_of(occurred_at, user.timezone),
            "title": title.strip()[:200] or "Untitled",
        },
    )


def activity_remove_external(*, user: User, source_key: str) -> None:
    """Withdraw what activity_record_external recorded; unknown keys and no plan are no-ops."""
    Activity.objects.filter(owner=user, source_key=source_key).delete()
