"""Writes and workflows for stories: create, save with stale detection, revisions,
soft delete, rehearsal scheduling, interview usage and practice-question links."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from fsrs import Card, Rating

from prepsite import limits
from prepsite.spacing import day_scheduler
from prepsite.user_cache import user_cache_invalidate
from stories import frameworks
from stories.content import METRIC_FIELDS, apply_input, prospective_snapshot, story_snapshot
from stories.models import (
    PracticeQuestion,
    Rehearsal,
    Status,
    Story,
    StoryMetric,
    StoryRevision,
    StoryUsage,
)

UNDO_DELETE_DAYS = 30
# The user-cache scope of numbers derived from the live bank (selectors.coverage_summary_cached).
STORY_CACHE_SCOPE = "stories"
# Autosaves within this window refine one revision instead of adding one per pause in typing.
AUTOSAVE_REVISION_WINDOW = datetime.timedelta(minutes=10)


class StaleStoryError(Exception):
    """The save was based on an older version than the one stored: nothing was written."""

    def __init__(self, story: Story):
        super().__init__(f"Story {story.pk} is at version {story.version}.")
        self.story = story


def _bank_numbers_changed(user_id: int) -> None:
    """Every write that adds, removes or re-classifies a live story calls this, so the
    dashboard's cached coverage counts are computed afresh once the write commits."""
    user_cache_invalidate(user_id, STORY_CACHE_SCOPE)


def _write_relations(story: Story, secondaries: list | None, metrics: list | None) -> None:
    if secondaries is not None:
        story.secondary_principles.set(secondaries)
    elif story.primary_principle_id:
        story.secondary_principles.remove(story.primary_principle_id)
    if metrics is not None:
        # Rows are matched by position so a metric keeps its id while it is edited in place.
        existing = list(story.metrics.order_by("position", "id"))
        for index, metric in enumerate(metrics):
            metric.story = story
            if index < len(existing):
                metric.pk = existing[index].pk
                metric.save(force_update=True)
            else:
                metric.save(force_insert=True)
        StoryMetric.objects.filter(pk__in=[m.pk for m in existing[len(metrics) :]]).delete()


def _portfolio_documents_changed(story: Story) -> None:
    """The portfolio's documents quote the stories its case studies link: re-render them."""
    # Imported here: the portfolio app imports this module.
    from portfolio.documents import portfolio_documents_invalidate

    if story.portfolio_case_studies.exists():
        portfolio_documents_invalidate(user_id=story.owner_id)


def _is_documented(story: Story) -> bool:
    """A story counts as documented the first time every required section of its framework
    is written, or it is marked ready or polished, whichever comes first."""
    filled = all(getattr(story, name).strip() for name in story.sections if _required(story, name))
    return filled or story.status in {Status.READY, Status.POLISHED}


def _required(story: Story, name: str) -> bool:
    return name in frameworks.required_section_names(story.framework)


def _feed_study_plan(story: Story) -> None:
    """The one call into the study plan: a documented story counts toward its week's goal."""
    from studyplan.services import activity_record_external

    user, documented_at, key, title = (
        story.owner,
        story.documented_at,
        f"stories.story:{story.pk}",
        story.title,
    )
    transaction.on_commit(
        lambda: activity_record_external(
            user=user, kind="star_story", occurred_at=documented_at, source_key=key, title=title
        )
    )


def _unfeed_study_plan(story: Story) -> None:
    from studyplan.services import activity_remove_external

    user, key = story.owner, f"stories.story:{story.pk}"
    transaction.on_commit(lambda: activity_remove_external(user=user, source_key=key))


def _record_revision(
    story: Story, snapshot: dict[str, Any], source: str, restored_from: int | None = None
) -> StoryRevision:
    latest = story.revisions.order_by("-number").first()
    now = timezone.now()
    if (
        latest is not None
        and source == StoryRevision.Source.AUTOSAVE
        and latest.source == StoryRevision.Source.AUTOSAVE
        and now - latest.created_at < AUTOSAVE_REVISION_WINDOW
    ):
        latest.snapshot = snapshot
        latest.save(update_fields=["snapshot"])
        return latest
    return StoryRevision.objects.create(
        story=story,
        number=(latest.number + 1) if latest else 1,
        created_at=now,
        source=source,
        restored_from=restored_from,
        snapshot=snapshot,
    )


def _seal_autosave_revision(story: Story) -> None:
    """Save is a checkpoint: autosaves after it start a new revision instead of refining it."""
    latest = story.revisions.order_by("-number").first()
    if latest is not None and latest.source == StoryRevision.Source.AUTOSAVE:
        latest.source = StoryRevision.Source.EDITOR
        latest.save(update_fields=["source"])


def _after_content_change(story: Story, *, title_changed: bool = False) -> None:
    if story.documented_at is None and _is_documented(story):
        story.documented_at = timezone.now()
        story.save(update_fields=["documented_at"])
        _feed_study_plan(story)
    elif story.documented_at is not None and title_changed:
        # The plan lists the activity by title; recording again under the same key renames it.
        _feed_study_plan(story)


@transaction.atomic
def story_create(*, owner, data: dict[str, Any], source: str = "created") -> Story:
    """Create a story from a dict in StorySerializer's shape (principles by slug or object,
    metrics as a list of dicts). Only the title is required; nothing is saved on error."""
    if Story.all_objects.filter(owner=owner).count() >= limits.STORIES_MAX:
        raise ValidationError(
            {"non_field_errors": [f"You can keep at most {limits.STORIES_MAX} stories."]}
        )
    story = Story(owner=owner)
    secondaries, metrics = apply_input(story, data)
    story.save()
    _write_relations(story, secondaries, metrics)
    _record_revision(story, story_snapshot(story), source)
    _after_content_change(story)
    _bank_numbers_changed(owner.pk)
    return story


@transaction.atomic
def story_update(
    *,
    story: Story,
    data: dict[str, Any],
    expected_version: int | None = None,
    source: str = StoryRevision.Source.EDITOR,
) -> Story:
    """Save changes; a save based on an older version raises StaleStoryError.

    The version only moves, and a revision is only kept, when the content changed.
    """
    locked = (
        Story.objects.select_for_update(of=("self",))
        .select_related("primary_principle")
        .get(pk=story.pk)
    )
    before = story_snapshot(locked)
    secondaries, metrics = apply_input(locked, data)
    after = prospective_snapshot(locked, before, secondaries, metrics)
    if after == before:
        # Nothing to write; a "stale" save that matches the stored text loses nothing either,
        # which covers an autosave and a Save click racing from the same tab.
        if source == StoryRevision.Source.EDITOR:
            _seal_autosave_revision(locked)
        return Story.objects.get(pk=locked.pk)
    if expected_version is not None and expected_version != locked.version:
        raise StaleStoryError(Story.objects.select_related("primary_principle").get(pk=locked.pk))
    locked.version += 1
    locked.updated_at = timezone.now()
    locked.save()
    _write_relations(locked, secondaries, metrics)
    _record_revision(locked, story_snapshot(locked), source)
    _after_content_change(locked, title_changed=after["title"] != before["title"])
    _portfolio_documents_changed(locked)
    _bank_numbers_changed(locked.owner_id)
    return locked


def _metric_rows(story: Story) -> list[dict[str, Any]]:
    return [{name: getattr(m, name) for name in METRIC_FIELDS} for m in story.metrics.all()]


def _locked(story: Story) -> Story:
    return Story.objects.select_for_update(of=("self",)).get(pk=story.pk)


@transaction.atomic
def story_metric_add(*, story: Story, data: dict[str, Any]) -> StoryMetric:
    """Append one metric. The story row is locked while its list is read and rewritten, so
    parallel adds queue up instead of each rewriting the list it read (and losing rows)."""
    locked = _locked(story)
    rows = _metric_rows(locked)
    story_update(story=locked, data={"metrics": [*rows, data]}, source=StoryRevision.Source.API)
    return locked.metrics.get(position=len(rows))


@transaction.atomic
def story_metric_change(*, metric: StoryMetric, data: dict[str, Any]) -> StoryMetric:
    locked = _locked(metric.story)
    metrics = list(locked.metrics.all())
    rows = _metric_rows(locked)
    index = next((i for i, m in enumerate(metrics) if m.pk == metric.pk), None)
    if index is None:
        raise StoryMetric.DoesNotExist("The metric was removed meanwhile.")
    rows[index] = {**rows[index], **data}
    story_update(story=locked, data={"metrics": rows}, source=StoryRevision.Source.API)
    return locked.metrics.get(pk=metric.pk)


@transaction.atomic
def story_metric_remove(*, metric: StoryMetric) -> None:
    locked = _locked(metric.story)
    metrics = list(locked.metrics.all())
    rows = [row for m, row in zip(metrics, _metric_rows(locked), strict=True) if m.pk != metric.pk]
    story_update(story=locked, data={"metrics": rows}, source=StoryRevision.Source.API)


def story_autosave(*, story: Story, data: dict[str, Any], expected_version: int) -> Story:
    return story_update(
        story=story,
        data=data,
        expected_version=expected_version,
        source=StoryRevision.Source.AUTOSAVE,
    )


@transaction.atomic
def story_restore_revision(*, story: Story, revision: StoryRevision) -> Story:
    """Bring back a revision's content as a new revision; history is never rewritten."""
    if revision.story_id != story.pk:
        raise ValueError("The revision belongs to another story.")
    snapshot = dict(revision.snapshot)
    locked = Story.objects.select_for_update().get(pk=story.pk)
    title_before = locked.title
    secondaries, metrics = apply_input(locked, snapshot)
    locked.version += 1
    locked.updated_at = timezone.now()
    locked.save()
    _write_relations(locked, secondaries, metrics)
    _record_revision(locked, story_snapshot(locked), StoryRevision.Source.RESTORE, revision.number)
    _after_content_change(locked, title_changed=locked.title != title_before)
    _portfolio_documents_changed(locked)
    _bank_numbers_changed(locked.owner_id)
    return locked


@transaction.atomic
def story_soft_delete(*, story: Story) -> Story:
    story.deleted_at = timezone.now()
    story.save(update_fields=["deleted_at"])
    _bank_numbers_changed(story.owner_id)
    if story.documented_at:
        _unfeed_study_plan(story)
    _portfolio_documents_changed(story)
    return story


@transaction.atomic
def story_undo_delete(*, story: Story) -> Story:
    if story.deleted_at is None:
        return story
    if timezone.now() - story.deleted_at > datetime.timedelta(days=UNDO_DELETE_DAYS):
        raise ValidationError(f"Deleted more than {UNDO_DELETE_DAYS} days ago: it cannot return.")
    story.deleted_at = None
    story.save(update_fields=["deleted_at"])
    _bank_numbers_changed(story.owner_id)
    if story.documented_at:
        _feed_study_plan(story)
    _portfolio_documents_changed(story)
    return story


def story_purge_expired_deletions() -> int:
    """Erase stories whose undo window has closed; returns how many were erased.

    Deleted stories stay restorable for UNDO_DELETE_DAYS; after that nothing can bring them
    back, so keeping their text (and its revisions) would only hold data the user discarded.
    """
    cutoff = timezone.now() - datetime.timedelta(days=UNDO_DELETE_DAYS)
    expired = Story.all_objects.filter(deleted_at__lt=cutoff)
    owner_ids = set(expired.values_list("owner_id", flat=True))
    _, erased_by_model = expired.delete()
    # Erasing a story also erases the interview plans that still named it.
    for owner_id in owner_ids:
        _bank_numbers_changed(owner_id)
    return erased_by_model.get(Story._meta.label, 0)


# Days, not minutes: "Good" never brings a story back sooner than tomorrow.
_scheduler = day_scheduler


@transaction.atomic
def story_rehearse(
    *,
    story: Story,
    duration_seconds: int,
    self_rating: int,
    rehearsed_at: datetime.datetime | None = None,
) -> Rehearsal:
    """Log a rehearsal and let fsrs schedule the next one from the self-rating."""
    # fsrs insists on UTC; any aware offset names the same instant.
    rehearsed_at = (rehearsed_at or timezone.now()).astimezone(datetime.UTC)
    if not limits.DATE_MIN <= rehearsed_at.date() <= limits.DATE_MAX:
        raise ValidationError(
            {"rehearsed_at": [f"Use a time between {limits.DATE_MIN} and {limits.DATE_MAX}."]}
        )
    if story.rehearsals.count() >= limits.REHEARSALS_PER_STORY_MAX:
        raise ValidationError(
            {"non_field_errors": [f"At most {limits.REHEARSALS_PER_STORY_MAX} rehearsals."]}
        )
    card = Card.from_dict(story.rehearsal_card) if story.rehearsal_card else Card()
    card, _ = _scheduler.review_card(card, Rating(self_rating), review_datetime=rehearsed_at)
    rehearsal = Rehearsal(
        story=story,
        rehearsed_at=rehearsed_at,
        duration_seconds=duration_seconds,
        self_rating=self_rating,
        next_due_at=card.due,
    )
    rehearsal.full_clean(exclude=["story"])
    rehearsal.save()
    story.rehearsal_card = card.to_dict()
    story.next_rehearsal_at = card.due
    story.save(update_fields=["rehearsal_card", "next_rehearsal_at"])
    return rehearsal


def story_usage_add(
    *,
    story: Story,
    told_on: datetime.date | None = None,
    mock_interview=None,
    interview: str = "",
    notes: str = "",
) -> StoryUsage:
    told_on = told_on or timezone.localdate()
    if not limits.DATE_MIN <= told_on <= limits.DATE_MAX:
        raise ValidationError(
            {"told_on": [f"Use a date between {limits.DATE_MIN} and {limits.DATE_MAX}."]}
        )
    if story.usages.count() >= limits.USAGES_PER_STORY_MAX:
        raise ValidationError(
            {"non_field_errors": [f"At most {limits.USAGES_PER_STORY_MAX} tellings per story."]}
        )
    if mock_interview is not None and mock_interview.owner_id != story.owner_id:
        raise ValidationError({"mock_interview": ["Choose one of your own mock interviews."]})
    usage = StoryUsage(
        story=story,
        mock_interview=mock_interview,
        interview=interview.strip(),
        told_on=told_on,
        notes=notes.strip(),
    )
    if mock_interview is None and not usage.interview:
        raise ValidationError({"interview": ["Pick a mock interview or name the interview."]})
    usage.full_clean(exclude=["story", "mock_interview"])
    usage.save()
    return usage


def story_usage_delete(*, usage: StoryUsage) -> None:
    usage.delete()


def story_link_question(*, story: Story, question: PracticeQuestion) -> None:
    story.practice_questions.add(question)


def story_unlink_question(*, story: Story, question: PracticeQuestion) -> None:
    story.practice_questions.remove(question)


# --- Account import (accounts.backup): this app's section ---------------------------------


@transaction.atomic
def stories_import_for_user(*, user, data: dict, refs: dict) -> None:
    """Write exported stories, exactly as exported, into an account that has none.

    No revision is added and the study plan is not fed: the exported activities and
    revisions already record both. Activities the plan keeps for a story are re-pointed at
    the new story; `refs["stories"]` receives the new stories by document key.
    """
    from prepsite.rows import row_fields
    from stories.models import LeadershipPrinciple
    from studyplan.services import activity_source_keys_remap

    _bank_numbers_changed(user.pk)
    principles = {principle.slug: principle for principle in LeadershipPrinciple.objects.all()}
    mocks = refs.get("mock_interviews", {})
    created = refs.setdefault("stories", {})
    for story_data in data["stories"]:
        story = Story(owner=user, **row_fields(Story, story_data))
        primary = story_data.get("primary_principle")
        story.primary_principle = principles[primary] if primary else None
        story.full_clean(exclude=["owner", "primary_principle"])
        story.save()
        story.secondary_principles.set(
            [principles[slug] for slug in story_data["secondary_principles"]]
        )
        story.practice_questions.set(
            PracticeQuestion.objects.filter(text__in=story_data["practice_questions"])
        )
        for model, rows in (
            (StoryMetric, story_data["metrics"]),
            (StoryRevision, story_data["revisions"]),
            (Rehearsal, story_data["rehearsals"]),
        ):
            for row in rows:
                item = model(story=story, **row_fields(model, row))
                item.full_clean(exclude=["story"])
                item.save()
        for usage_data in story_data["usages"]:
            usage = StoryUsage(story=story, **row_fields(StoryUsage, usage_data))
            if usage_data.get("mock_interview"):
                usage.mock_interview = mocks[usage_data["mock_interview"]]
            usage.full_clean(exclude=["story", "mock_interview"])
            usage.save()
        created[story_data["key"]] = story
    activity_source_keys_remap(
        user=user,
        mapping={f"stories.story:@{key}": f"stories.story:{s.pk}" for key, s in created.items()},
    )


def story_usages_delete_for_user(*, user) -> int:
    """Delete the usages of the user's stories ahead of the account. In one cascade Django
    nulls a usage's mock interview before it deletes the usage (once a debrief points at
    usages they are no longer fast-deleted), which the usage's own check refuses."""
    deleted, _ = StoryUsage.objects.filter(story__owner=user).delete()
    return deleted
