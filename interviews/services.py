"""Writes and workflows for applications, loops, rounds, the story plan and debriefs."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from interviews import planner, selectors
from interviews.models import (
    Application,
    ApplicationStatus,
    Debrief,
    DebriefStory,
    Loop,
    Round,
    StatusChange,
    StoryAssignment,
)
from prepsite import limits
from prepsite.user_cache import user_cache_invalidate
from stories import selectors as story_selectors
from stories import services as story_services

APPLICATION_FIELDS = ("company", "role", "level", "link", "source", "notes")
LOOP_FIELDS = ("kind", "starts_on", "ends_on", "questions_to_ask", "notes")
ROUND_FIELDS = (
    "starts_at",
    "length_minutes",
    "kind",
    "interviewer_name",
    "interviewer_role",
    "questions_to_ask",
)

# A starting point for an Amazon onsite: each interviewer usually gets two or three
# principles and together they cover the ones most asked about. Editable per round.
AMAZON_SPLIT: list[tuple[str, ...]] = [
    ("customer-obsession", "ownership", "bias-for-action"),
    ("dive-deep", "invent-and-simplify", "think-big"),
    ("deliver-results", "insist-on-the-highest-standards", "frugality"),
    ("earn-trust", "have-backbone-disagree-and-commit", "learn-and-be-curious"),
    ("hire-and-develop-the-best", "are-right-a-lot", "strive-to-be-earths-best-employer"),
    ("success-and-scale-bring-broad-responsibility", "customer-obsession", "ownership"),
]


def _interviews_changed(owner_id: int) -> None:
    """Every write below calls this, so the owner's cached loop pages are computed afresh
    once it commits."""
    user_cache_invalidate(owner_id, selectors.INTERVIEWS_CACHE_SCOPE)


def _clean(instance, exclude: Iterable[str] = ()) -> None:
    instance.full_clean(exclude=list(exclude), validate_constraints=False)


# --- applications ---------------------------------------------------------------------------


@transaction.atomic
def application_create(
    *, owner, data: dict[str, Any], status_on: datetime.date | None = None
) -> Application:
    if Application.objects.filter(owner=owner).count() >= limits.APPLICATIONS_MAX:
        raise ValidationError(
            {"company": [f"You can track up to {limits.APPLICATIONS_MAX} applications."]}
        )
    application = Application(owner=owner, **{k: data[k] for k in APPLICATION_FIELDS if k in data})
    status = data.get("status") or ApplicationStatus.INTERESTED
    application.status = status
    application.status_changed_on = status_on or timezone.localdate()
    _clean(application, exclude=["owner"])
    application.save()
    StatusChange.objects.create(
        application=application,
        from_status="",
        to_status=status,
        changed_on=application.status_changed_on,
    )
    _interviews_changed(owner.pk)
    return application


@transaction.atomic
def application_update(*, application: Application, data: dict[str, Any]) -> Application:
    for name in APPLICATION_FIELDS:
        if name in data:
            setattr(application, name, data[name])
    application.updated_at = timezone.now()
    _clean(application, exclude=["owner"])
    application.save()
    if data.get("status") and data["status"] != application.status:
        application_move(application=application, status=data["status"])
    _interviews_changed(application.owner_id)
    return application


@transaction.atomic
def application_move(
    *, application: Application, status: str, on: datetime.date | None = None
) -> Application:
    """Move an application along its pipeline (or to an outcome), dating the change."""
    if status not in ApplicationStatus.values:
        raise ValidationError({"status": [f"Unknown status “{status}”."]})
    on = on or timezone.localdate()
    if not limits.DATE_MIN <= on <= limits.DATE_MAX:
        raise ValidationError({"changed_on": ["Choose a date between 1970 and 2100."]})
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status == status:
        return locked
    StatusChange.objects.create(
        application=locked, from_status=locked.status, to_status=status, changed_on=on
    )
    locked.status = status
    locked.status_changed_on = on
    locked.updated_at = timezone.now()
    locked.save(update_fields=["status", "status_changed_on", "updated_at"])
    _interviews_changed(locked.owner_id)
    return locked


@transaction.atomic
def application_delete(*, application: Application) -> None:
    application.delete()
    _interviews_changed(application.owner_id)


@transaction.atomic
def application_portfolio_set(
    *,
    application: Application,
    case_studies: list | None = None,
    decision_records: list | None = None,
    stories: list | None = None,
) -> Application:
    """Choose what this application's portfolio export shows; every item must be the owner's."""
    owner_id = application.owner_id
    for name, items in (
        ("case_studies", case_studies),
        ("decision_records", decision_records),
        ("stories", stories),
    ):
        if items is None:
            continue
        if len(items) > limits.PORTFOLIO_ITEMS_PER_APPLICATION_MAX:
            raise ValidationError(
                {name: [f"Choose at most {limits.PORTFOLIO_ITEMS_PER_APPLICATION_MAX}."]}
            )
        if any(_item_owner_id(item) != owner_id for item in items):
            raise ValidationError({name: ["Choose only items of your own."]})
    if case_studies is not None:
        application.portfolio_case_studies.set(case_studies)
    if decision_records is not None:
        application.portfolio_decision_records.set(decision_records)
    if stories is not None:
        application.portfolio_stories.set(stories)
    _interviews_changed(owner_id)
    return application


def _item_owner_id(item) -> int:
    if hasattr(item, "owner_id"):
        return item.owner_id
    return item.portfolio.owner_id


# --- loops and rounds -----------------------------------------------------------------------


def _validate_loop(loop: Loop) -> None:
    _clean(loop, exclude=["application"])
    if loop.ends_on < loop.starts_on:
        raise ValidationError({"ends_on": ["The loop cannot end before it starts."]})
    if (loop.ends_on - loop.starts_on).days >= limits.LOOP_DAYS_MAX:
        raise ValidationError({"ends_on": [f"A loop spans at most {limits.LOOP_DAYS_MAX} days."]})
    if loop.pk:
        tz = loop.application.owner.tzinfo
        for round_ in loop.rounds.all():
            day = timezone.localtime(round_.starts_at, tz).date()
            if not loop.starts_on <= day <= loop.ends_on:
                raise ValidationError(
                    {"starts_on": [f"A round is planned on {day:%d %b %Y}, outside these dates."]}
                )


@transaction.atomic
def loop_create(*, application: Application, data: dict[str, Any]) -> Loop:
    if application.loops.count() >= limits.LOOPS_PER_APPLICATION_MAX:
        raise ValidationError(
            {"kind": [f"An application has at most {limits.LOOPS_PER_APPLICATION_MAX} loops."]}
        )
    loop = Loop(application=application, **{k: data[k] for k in LOOP_FIELDS if k in data})
    if loop.ends_on is None and loop.starts_on is not None:
        loop.ends_on = loop.starts_on
    _validate_loop(loop)
    loop.save()
    _interviews_changed(application.owner_id)
    return loop


@transaction.atomic
def loop_update(*, loop: Loop, data: dict[str, Any]) -> Loop:
    for name in LOOP_FIELDS:
        if name in data:
            setattr(loop, name, data[name])
    _validate_loop(loop)
    loop.save()
    _interviews_changed(loop.application.owner_id)
    return loop


@transaction.atomic
def loop_delete(*, loop: Loop) -> None:
    loop.delete()
    _interviews_changed(loop.application.owner_id)


def _validate_round(round_: Round, principles: list) -> None:
    _clean(round_, exclude=["loop"])
    # Checked before any time-zone arithmetic, which overflows near year 1 or 9999.
    if not limits.DATE_MIN <= round_.starts_at.date() <= limits.DATE_MAX:
        raise ValidationError({"starts_at": ["Choose a time between 1970 and 2100."]})
    loop = round_.loop
    tz = loop.application.owner.tzinfo
    day = timezone.localtime(round_.starts_at, tz).date()
    if not loop.starts_on <= day <= loop.ends_on:
        span = f"{loop.starts_on:%d %b %Y}"
        if loop.ends_on != loop.starts_on:
            span += f" to {loop.ends_on:%d %b %Y}"
        raise ValidationError({"starts_at": [f"This loop runs {span}; pick a time within it."]})
    others = loop.rounds.exclude(pk=round_.pk) if round_.pk else loop.rounds.all()
    if round_.pk is None and others.count() >= limits.ROUNDS_PER_LOOP_MAX:
        raise ValidationError(
            {"starts_at": [f"A loop has at most {limits.ROUNDS_PER_LOOP_MAX} rounds."]}
        )
    for other in others:
        if round_.starts_at < other.ends_at and other.starts_at < round_.ends_at:
            local = timezone.localtime(other.starts_at, tz)
            raise ValidationError(
                {
                    "starts_at": [
                        f"Overlaps the {other.get_kind_display().lower()} round at "
                        f"{local:%H:%M} ({other.length_minutes} min)."
                    ]
                }
            )
    if len(principles) > limits.PRINCIPLES_PER_ROUND_MAX:
        raise ValidationError(
            {"principles": [f"Choose at most {limits.PRINCIPLES_PER_ROUND_MAX} principles."]}
        )


@transaction.atomic
def round_create(*, loop: Loop, data: dict[str, Any], principles: list | None = None) -> Round:
    principles = list(principles or [])
    round_ = Round(loop=loop, **{k: data[k] for k in ROUND_FIELDS if k in data})
    _validate_round(round_, principles)
    round_.save()
    round_.principles.set(principles)
    _interviews_changed(loop.application.owner_id)
    return round_


@transaction.atomic
def round_update(*, round_: Round, data: dict[str, Any], principles: list | None = None) -> Round:
    for name in ROUND_FIELDS:
        if name in data:
            setattr(round_, name, data[name])
    current = list(round_.principles.all())
    new_principles = current if principles is None else list(principles)
    _validate_round(round_, new_principles)
    round_.save()
    if principles is not None:
        round_.principles.set(new_principles)
        # A plan for a principle the round no longer covers is meaningless.
        round_.assignments.exclude(principle__in=new_principles).delete()
    _interviews_changed(round_.loop.application.owner_id)
    return round_


@transaction.atomic
def round_delete(*, round_: Round) -> None:
    round_.delete()
    _interviews_changed(round_.loop.application.owner_id)


@transaction.atomic
def loop_apply_amazon_split(*, loop: Loop) -> int:
    """Give each round of the loop the usual principles for its position; returns rounds set."""
    principles = {p.slug: p for p in story_selectors.leadership_principle_list()}
    rounds = list(loop.rounds.order_by("starts_at", "id"))
    for round_, slugs in zip(rounds, AMAZON_SPLIT, strict=False):
        round_.principles.set([principles[slug] for slug in slugs if slug in principles])
        round_.assignments.exclude(principle__slug__in=slugs).delete()
    _interviews_changed(loop.application.owner_id)
    return min(len(rounds), len(AMAZON_SPLIT))


# --- the story plan -------------------------------------------------------------------------


@transaction.atomic
def loop_plan(*, loop: Loop) -> planner.Plan:
    """(Re)plan the loop's stories: pinned slots stay, every other slot is solved afresh."""
    Loop.objects.select_for_update().filter(pk=loop.pk).first()
    user = loop.application.owner
    loaded = selectors.loop_get_for_user(user=user, pk=loop.pk, with_rounds=True)
    strengths = story_selectors.story_strengths_for_user(user=user)
    request = selectors.plan_request_for_loop(loaded, strengths)
    plan = planner.plan_loop(request)
    principles = {p.slug: p for p in story_selectors.leadership_principle_list()}
    StoryAssignment.objects.filter(loop=loop, pinned=False).delete()
    StoryAssignment.objects.bulk_create(
        [
            StoryAssignment(
                loop=loop,
                round_id=a.round_id,
                principle=principles[a.principle],
                story_id=a.story_id,
                backup=a.backup,
                pinned=False,
                score=a.score,
            )
            for a in plan.assignments
            if not a.pinned
        ]
    )
    _interviews_changed(user.pk)
    return plan


@transaction.atomic
def assignment_pin(*, round_: Round, principle, story, backup: bool = False) -> StoryAssignment:
    """The user's own choice for a slot: pinned, so re-planning keeps it."""
    loop = round_.loop
    if story.owner_id != loop.application.owner_id:
        raise ValidationError({"story": ["Choose one of your own stories."]})
    if not round_.principles.filter(pk=principle.pk).exists():
        raise ValidationError({"principle": ["This round does not cover that principle."]})
    Loop.objects.select_for_update().filter(pk=loop.pk).first()
    elsewhere = selectors.assignment_elsewhere_in_loop(
        round_=round_, principle=principle, story=story, backup=backup
    )
    if elsewhere is not None:
        if elsewhere.pinned:
            raise ValidationError(
                {
                    "story": [
                        f"“{story.title}” is already pinned for another slot of this loop; "
                        "unpin it there first."
                    ]
                }
            )
        # An unpinned plan entry gives way to the user's choice; re-plan fills its slot.
        elsewhere.delete()
    assignment, _ = StoryAssignment.objects.update_or_create(
        round=round_,
        principle=principle,
        backup=backup,
        defaults={"loop": loop, "story": story, "pinned": True},
    )
    _interviews_changed(loop.application.owner_id)
    return assignment


@transaction.atomic
def assignment_unpin(*, assignment: StoryAssignment) -> StoryAssignment:
    assignment.pinned = False
    assignment.save(update_fields=["pinned"])
    _interviews_changed(assignment.loop.application.owner_id)
    return assignment


# --- debriefs -------------------------------------------------------------------------------


def _usage_label(round_: Round) -> str:
    application = round_.loop.application
    who = ", ".join(part for part in (round_.interviewer_name, round_.interviewer_role) if part)
    text = f"{application.company}: {round_.loop.get_kind_display().lower()}, "
    text += f"{round_.get_kind_display().lower()} round"
    if who:
        text += f" ({who})"
    return text[:160]


@transaction.atomic
def debrief_save(
    *, round_: Round, asked: str, self_score: int, notes: str = "", stories: list
) -> Debrief:
    """Record how a round went; each story told is logged as a usage in the story bank (so
    the bank's overuse warnings count it), and re-saving replaces the earlier usages."""
    owner_id = round_.loop.application.owner_id
    if not round_.has_started():
        starts = timezone.localtime(round_.starts_at, round_.loop.application.owner.tzinfo)
        raise ValidationError(
            f"This round starts {starts:%a %d %b %Y at %H:%M}: record its debrief once it has "
            "taken place."
        )
    if any(story.owner_id != owner_id for story in stories):
        raise ValidationError({"stories": ["Choose only your own stories."]})
    if len(stories) > limits.PRINCIPLES_PER_ROUND_MAX * 2:
        raise ValidationError(
            {"stories": [f"Pick at most {limits.PRINCIPLES_PER_ROUND_MAX * 2} stories."]}
        )
    debrief = Debrief.objects.select_for_update().filter(round=round_).first()
    if debrief is None:
        debrief = Debrief(round=round_)
    debrief.asked = asked.strip()
    debrief.self_score = self_score
    debrief.notes = notes.strip()
    debrief.recorded_at = timezone.now()
    _clean(debrief, exclude=["round"])
    try:
        with transaction.atomic():
            debrief.save()
    except IntegrityError as error:
        raise ValidationError({"asked": ["This round was debriefed meanwhile; reload."]}) from error
    told_on = timezone.localtime(round_.starts_at, round_.loop.application.owner.tzinfo).date()
    previous = {told.story_id: told for told in debrief.told.select_related("usage")}
    wanted = {story.pk: story for story in stories}
    for story_id, told in previous.items():
        if story_id not in wanted:
            if told.usage is not None:
                story_services.story_usage_delete(usage=told.usage)
            told.delete()
    label = _usage_label(round_)
    for story_id, story in wanted.items():
        if story_id in previous:
            continue
        usage = story_services.story_usage_add(story=story, told_on=told_on, interview=label)
        DebriefStory.objects.create(debrief=debrief, story=story, usage=usage)
    _interviews_changed(owner_id)
    return debrief


def study_plan_follow_loop(*, loop: Loop):
    """Point the study plan's interview date at this loop's first day (asked, never automatic)."""
    from studyplan.services import plan_interview_date_follow

    return plan_interview_date_follow(user=loop.application.owner, interview_date=loop.starts_on)


# --- Account import (accounts.backup): this app's section ---------------------------------


@transaction.atomic
def interviews_import_for_user(*, user, data: dict | None, refs: dict) -> None:
    """Write exported applications, exactly as exported, into an account that has none.

    No status change, usage or reminder is added: the exported history and the stories
    section already hold them. Stories come from `refs["stories"]`; usages, case studies and
    decision records are found again by the keys their sections give the new rows.
    """
    from portfolio.selectors import portfolio_item_keys_for_user
    from prepsite.rows import row_fields
    from stories.models import LeadershipPrinciple, StoryUsage

    if not data:
        return
    principles = {principle.slug: principle for principle in LeadershipPrinciple.objects.all()}
    stories = refs.get("stories", {})
    usage_ids = {
        key: pk for pk, key in story_selectors.story_usage_keys_for_user(user=user).items()
    }
    usages = StoryUsage.objects.in_bulk(list(usage_ids.values()))
    case_keys, record_keys = portfolio_item_keys_for_user(user=user)
    case_ids = {key: pk for pk, key in case_keys.items()}
    record_ids = {key: pk for pk, key in record_keys.items()}

    def full_clean(instance, exclude) -> None:
        instance.full_clean(exclude=exclude)

    for application_data in data["applications"]:
        application = Application(owner=user, **row_fields(Application, application_data))
        full_clean(application, ["owner"])
        application.save()
        application.portfolio_case_studies.set(
            [case_ids[key] for key in application_data["portfolio_case_studies"]]
        )
        application.portfolio_decision_records.set(
            [record_ids[key] for key in application_data["portfolio_decision_records"]]
        )
        application.portfolio_stories.set(
            [stories[key] for key in application_data["portfolio_stories"]]
        )
        for change_data in application_data["status_changes"]:
            change = StatusChange(application=application, **row_fields(StatusChange, change_data))
            full_clean(change, ["application"])
            change.save()
        for loop_data in application_data["loops"]:
            loop = Loop(application=application, **row_fields(Loop, loop_data))
            full_clean(loop, ["application"])
            loop.save()
            for round_data in loop_data["rounds"]:
                round_ = Round(loop=loop, **row_fields(Round, round_data))
                full_clean(round_, ["loop"])
                round_.save()
                round_.principles.set([principles[slug] for slug in round_data["principles"]])
                for assignment_data in round_data["assignments"]:
                    assignment = StoryAssignment(
                        loop=loop,
                        round=round_,
                        principle=principles[assignment_data["principle"]],
                        story=stories[assignment_data["story"]],
                        **row_fields(StoryAssignment, assignment_data),
                    )
                    full_clean(assignment, ["loop", "round", "principle", "story"])
                    assignment.save()
                debrief_data = round_data.get("debrief")
                if debrief_data:
                    debrief = Debrief(round=round_, **row_fields(Debrief, debrief_data))
                    full_clean(debrief, ["round"])
                    debrief.save()
                    for told_data in debrief_data["told"]:
                        usage_key = told_data.get("usage")
                        DebriefStory.objects.create(
                            debrief=debrief,
                            story=stories[told_data["story"]],
                            usage=usages[usage_ids[usage_key]] if usage_key else None,
                        )
    _interviews_changed(user.pk)
