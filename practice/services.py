"""Writes of the practice app: private items, hiding, sessions, spaced review, mock loops."""

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from practice import rubrics
from practice.models import (
    Area,
    HiddenItem,
    ItemReview,
    Kind,
    LibraryItem,
    MockLoop,
    MockLoopRound,
    PracticeSession,
)
from practice.rendering import format_duration
from practice.selectors import (
    PRACTICE_DUE_SCOPE,
    PRACTICE_SCORES_SCOPE,
    session_elapsed_seconds,
)
from prepsite.limits import (
    PRACTICE_LOOP_ROUNDS_MAX,
    PRACTICE_PRIVATE_ITEMS_MAX,
    PRACTICE_SESSION_SECONDS_MAX,
)
from prepsite.spacing import schedule_next
from prepsite.user_cache import user_cache_invalidate

# The plan activity a finished session counts as. A behavioural answer is practice, not a
# newly documented story, so it is a study session rather than the STAR-story goal's kind.
ACTIVITY_KINDS = {
    Area.DESIGN: "system_design",
    Area.CODING: "coding",
    Area.BEHAVIOURAL: "study_session",
    Area.MOCKS: "study_session",
}
LEVELS = ("L6", "L7")
# A submit arrives a moment after the timer's last tick: a time this much longer than the
# session has existed is still taken.
SESSION_DURATION_ALLOWANCE_SECONDS = 60


def item_create_private(*, user: User, **fields: object) -> LibraryItem:
    if LibraryItem.objects.filter(owner=user).count() >= PRACTICE_PRIVATE_ITEMS_MAX:
        raise ValidationError(
            {"title": [f"You can keep up to {PRACTICE_PRIVATE_ITEMS_MAX} items of your own."]}
        )
    item = LibraryItem(owner=user, source="own", **fields)
    item.full_clean(exclude=["owner", "principle", "slug"])
    item.save()
    return item


def item_update_private(*, item: LibraryItem, **fields: object) -> LibraryItem:
    if item.is_library:
        raise ValidationError("Library items cannot be edited; hide it and add your own.")
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean(exclude=["owner", "principle", "slug"])
    item.save()
    _due_reviews_changed(item.owner_id)
    return item


def item_delete_private(*, item: LibraryItem) -> None:
    if item.is_library:
        raise ValidationError("Library items cannot be deleted; hide it instead.")
    if item.sessions.exists():
        raise ValidationError("This item has practice sessions; hide it instead.")
    item.delete()
    _due_reviews_changed(item.owner_id)


def item_hide(*, user: User, item: LibraryItem) -> None:
    HiddenItem.objects.get_or_create(user=user, item=item)
    _due_reviews_changed(user.pk)


def item_unhide(*, user: User, item: LibraryItem) -> None:
    HiddenItem.objects.filter(user=user, item=item).delete()
    _due_reviews_changed(user.pk)


def session_start(
    *, user: User, item: LibraryItem, level: str, started_at: datetime.datetime | None = None
) -> PracticeSession:
    if item.kind == Kind.RESOURCE:
        raise ValidationError({"item": ["A resource is read, not timed; mark it as done."]})
    if level not in LEVELS:
        raise ValidationError({"level": ["Choose L6 or L7."]})
    session = PracticeSession(
        owner=user,
        item=item,
        area=item.area,
        level=level,
        started_at=started_at or timezone.now(),
        target_minutes=item.target_minutes,
    )
    session.save()
    return session


def validate_duration(
    duration_seconds: object,
    *,
    started_at: datetime.datetime | None = None,
    at: datetime.datetime | None = None,
) -> int:
    """A whole number of seconds, 0 to six hours, and no longer than the session has existed
    (from `started_at` to `at`, plus a short allowance for the submit itself)."""
    if isinstance(duration_seconds, bool) or not isinstance(duration_seconds, int):
        raise ValidationError({"duration_seconds": ["Give the time in whole seconds."]})
    if duration_seconds < 0:
        raise ValidationError({"duration_seconds": ["The time spent cannot be negative."]})
    if duration_seconds > PRACTICE_SESSION_SECONDS_MAX:
        raise ValidationError(
            {"duration_seconds": ["More than six hours is not one practice session."]}
        )
    if started_at is not None:
        existed = session_elapsed_seconds(started_at=started_at, at=at)
        maximum = existed + SESSION_DURATION_ALLOWANCE_SECONDS
        if duration_seconds > maximum:
            raise ValidationError(
                {
                    "duration_seconds": [
                        f"This session started {format_duration(existed)} ago, so the time "
                        f"spent can be at most {maximum} seconds."
                    ]
                }
            )
    return duration_seconds


@transaction.atomic
def session_save_draft(
    *, session: PracticeSession, notes: str, diagram: str = ""
) -> PracticeSession:
    """Keep the notes and diagram of a running session as typed: a reload or a refused
    submit then loses nothing. Finishing stores the final text and scores it."""
    session = PracticeSession.objects.select_for_update().get(pk=session.pk)
    if session.is_finished:
        raise ValidationError("This session is finished: its notes no longer change.")
    session.notes, session.diagram = notes, diagram
    session.full_clean(exclude=["owner", "item"])
    session.save(update_fields=["notes", "diagram"])
    return session


@transaction.atomic
def session_finish(
    *,
    session: PracticeSession,
    duration_seconds: int,
    rubric_scores: Mapping[str, int],
    notes: str | None = None,
    diagram: str | None = None,
    finished_at: datetime.datetime | None = None,
) -> PracticeSession:
    """Score a session, schedule the item's next review and count it on the study plan.

    A session finishes once: finishing again is refused, so the plan sees one activity.
    Notes or a diagram left out (None) keep the draft saved while the session ran.
    """
    session = PracticeSession.objects.select_for_update().get(pk=session.pk)
    if session.is_finished:
        raise ValidationError("This session is already finished.")
    finished_at = finished_at or timezone.now()
    validate_duration(duration_seconds, started_at=session.started_at, at=finished_at)
    rubric = rubrics.rubric_for(session.area, session.level)
    if rubric is not None:
        errors = rubrics.rubric_errors(rubric, rubric_scores)
        if errors:
            raise ValidationError({"rubric_scores": errors})
        session.rubric_scores = {key: rubric_scores[key] for key in rubric.keys}
        session.score = rubrics.percent(rubric, session.rubric_scores)
    session.duration_seconds = duration_seconds
    if notes is not None:
        session.notes = notes
    if diagram is not None:
        session.diagram = diagram
    session.finished_at = finished_at
    session.full_clean(exclude=["owner", "item"])
    session.save()
    _scores_changed(session.owner_id)
    _review(session.owner, session.item, rubrics.review_rating(session.score), session.finished_at)
    _feed_study_plan(session)
    return session


@transaction.atomic
def item_mark_done(
    *, user: User, item: LibraryItem, level: str, done_at: datetime.datetime | None = None
) -> PracticeSession:
    """Log an item as done without a timer: a finished session with no score."""
    if level not in LEVELS:
        raise ValidationError({"level": ["Choose L6 or L7."]})
    done_at = done_at or timezone.now()
    session = PracticeSession.objects.create(
        owner=user,
        item=item,
        area=item.area,
        level=level,
        started_at=done_at,
        finished_at=done_at,
        target_minutes=item.target_minutes,
    )
    _review(user, item, rubrics.review_rating(None), done_at)
    _feed_study_plan(session)
    return session


def _scores_changed(user_id: int) -> None:
    user_cache_invalidate(user_id, PRACTICE_SCORES_SCOPE)


def _due_reviews_changed(user_id: int) -> None:
    """The dashboard's cached list of reviews due (practice.selectors.items_due_cached)."""
    user_cache_invalidate(user_id, PRACTICE_DUE_SCOPE)


def _review(user: User, item: LibraryItem, rating: int, at: datetime.datetime) -> ItemReview:
    _due_reviews_changed(user.pk)
    review = ItemReview.objects.select_for_update().filter(user=user, item=item).first()
    card, due = schedule_next(review.card if review else None, rating, at)
    if review is None:
        return ItemReview.objects.create(
            user=user,
            item=item,
            card=card,
            due_at=due,
            review_count=1,
            last_rating=rating,
            last_reviewed_at=at,
        )
    review.card, review.due_at, review.last_rating, review.last_reviewed_at = card, due, rating, at
    review.review_count += 1
    review.save()
    return review


def _feed_study_plan(session: PracticeSession) -> None:
    """The one call into the study plan, after commit: a finished session is an activity."""
    from studyplan.services import activity_record_external

    user, kind, at, key = (
        session.owner,
        ACTIVITY_KINDS[session.area],
        session.finished_at,
        session.plan_source_key,
    )
    title = f"Practice: {session.item.title}"
    minutes = round((session.duration_seconds or 0) / 60)
    transaction.on_commit(
        lambda: activity_record_external(
            user=user, kind=kind, occurred_at=at, source_key=key, title=title, minutes=minutes
        )
    )


def mock_loop_create(
    *, user: User, title: str, held_on: datetime.date, rounds: Iterable[Mapping]
) -> MockLoop:
    """Plan a loop: each round becomes a mock interview on the study plan, scored later.

    rounds: {"interview_type": ..., "principles": [LeadershipPrinciple, ...]}.
    """
    from studyplan.selectors import plan_for_user
    from studyplan.services import mock_interview_log

    rounds = list(rounds)
    if not rounds:
        raise ValidationError({"rounds": ["Plan at least one round."]})
    if len(rounds) > PRACTICE_LOOP_ROUNDS_MAX:
        raise ValidationError(
            {"rounds": [f"A loop has at most {PRACTICE_LOOP_ROUNDS_MAX} rounds."]}
        )
    plan = plan_for_user(user=user)
    if plan is None:
        raise ValidationError("Create your study plan first: loop rounds are plan mocks.")
    with transaction.atomic():
        loop = MockLoop(owner=user, title=title.strip(), held_on=held_on)
        loop.full_clean(exclude=["owner"])
        loop.save()
        for position, round_ in enumerate(rounds, start=1):
            mock = mock_interview_log(
                plan=plan,
                interview_type=round_["interview_type"],
                held_on=held_on,
                principles=round_.get("principles", ()),
            )
            MockLoopRound.objects.create(loop=loop, mock=mock, position=position)
    return loop


def mock_round_score(
    *, loop_round: MockLoopRound, score: int, feedback: str = "", follow_ups: str = ""
) -> MockLoopRound:
    from studyplan.selectors import plan_for_user
    from studyplan.services import mock_interview_update

    plan = plan_for_user(user=loop_round.loop.owner)
    if plan is None:
        raise ValidationError("Your study plan is gone; the round cannot be scored.")
    mock_interview_update(
        mock=loop_round.mock, plan=plan, score=score, feedback=feedback, follow_ups=follow_ups
    )
    return loop_round


# --- Account import (accounts.backup): this app's section ---------------------------------


@transaction.atomic
def practice_import_for_user(*, user: User, data: dict | None, refs: dict) -> None:
    """Write an exported practice section, exactly as exported, into an account with none.

    Nothing is re-scored or re-scheduled and the study plan is not fed: the exported cards
    and activities already hold both. Activities a session counts as are re-pointed at the
    new sessions; a loop round links the mock interview the studyplan section wrote.
    """
    from prepsite.rows import row_fields
    from stories.models import LeadershipPrinciple
    from studyplan.services import activity_source_keys_remap

    if not data:
        return
    principles = {principle.slug: principle for principle in LeadershipPrinciple.objects.all()}
    items: dict[str, LibraryItem] = {}
    for item_data in data["items"]:
        item = LibraryItem(owner=user, **row_fields(LibraryItem, item_data))
        principle = item_data.get("principle")
        item.principle = principles[principle] if principle else None
        item.full_clean(exclude=["owner", "principle", "slug"])
        item.save()
        items[item_data["key"]] = item

    library: dict[str, LibraryItem] = {}

    def item_for(ref: str) -> LibraryItem:
        if not ref.startswith("library:"):
            return items[ref]
        slug = ref.removeprefix("library:")
        if slug not in library:
            found = LibraryItem.objects.filter(owner__isnull=True, slug=slug).first()
            if found is None:
                raise ValidationError({"item": [f"No library item {slug!r} in this PrepSite."]})
            library[slug] = found
        return library[slug]

    for model, rows, owner_field in (
        (HiddenItem, data["hidden_items"], "user"),
        (ItemReview, data["item_reviews"], "user"),
    ):
        for row in rows:
            instance = model(
                **{owner_field: user}, item=item_for(row["item"]), **row_fields(model, row)
            )
            instance.full_clean(exclude=[owner_field, "item"])
            instance.save()

    sessions: dict[str, PracticeSession] = {}
    for session_data in data["sessions"]:
        session = PracticeSession(
            owner=user,
            item=item_for(session_data["item"]),
            **row_fields(PracticeSession, session_data),
        )
        session.full_clean(exclude=["owner", "item"])
        session.save()
        sessions[session_data["key"]] = session
    _scores_changed(user.pk)
    _due_reviews_changed(user.pk)
    activity_source_keys_remap(
        user=user,
        mapping={
            f"practice.session:@{key}": session.plan_source_key for key, session in sessions.items()
        },
    )

    mocks = refs.get("mock_interviews", {})
    for loop_data in data["mock_loops"]:
        loop = MockLoop(owner=user, **row_fields(MockLoop, loop_data))
        loop.full_clean(exclude=["owner"])
        loop.save()
        for round_data in loop_data["rounds"]:
            loop_round = MockLoopRound(
                loop=loop, mock=mocks[round_data["mock"]], position=round_data["position"]
            )
            loop_round.full_clean(exclude=["loop", "mock"])
            loop_round.save()


def practice_sessions_delete_for_user(*, user: User) -> int:
    """Delete the user's sessions ahead of the account: a session PROTECTs its item, so the
    cascade from the user alone cannot remove the user's own items that have sessions."""
    deleted, _ = PracticeSession.objects.filter(owner=user).delete()
    _scores_changed(user.pk)
    return deleted
