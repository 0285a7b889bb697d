import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from stories import selectors, services
from stories.api.serializers import StorySerializer
from stories.models import Rehearsal, Story, StoryMetric, StoryRevision
from studyplan.models import Activity
from studyplan.services import plan_create
from tests.factories import StoryFactory
from tests.stories.coverage_oracle import full_coverage_matrix
from tests.stories.examples import STRONG_STAR

pytestmark = pytest.mark.django_db

FULL_DATA = {
    "title": "Checkout latency rescue",
    "framework": "star_plus",
    **STRONG_STAR,
    "role": "Lead engineer",
    "team_size": 6,
    "target_level": "L6",
    "category": "crisis",
    "primary_principle": "deliver-results",
    "secondary_principles": ["dive-deep", "bias-for-action"],
    "tags": ["payments", "latency"],
    "status": "ready",
    "confidence": 4,
    "metrics": [
        {
            "label": "Checkout latency",
            "before_value": "3",
            "before_unit": "s",
            "after_value": "180",
            "unit": "ms",
            "period": "sale day",
        },
        {"label": "Abandoned carts", "before_value": "23", "after_value": "5", "unit": "%"},
    ],
}


def _plan_for(user):
    return plan_create(
        user=user,
        level="L6",
        start_date=timezone.localdate() - datetime.timedelta(days=7),
        interview_date=None,
        hours_per_week=10,
        timezone_name="UTC",
        reminder_weekday=0,
        reminder_time=datetime.time(8, 0),
    )


def test_story_create_takes_serializer_shape_and_keeps_first_revision(user):
    story = services.story_create(owner=user, data=FULL_DATA)
    assert story.primary_principle.slug == "deliver-results"
    assert sorted(p.slug for p in story.secondary_principles.all()) == [
        "bias-for-action",
        "dive-deep",
    ]
    assert [m.change_percent for m in story.metrics.all()] == [-94, -78]
    assert story.revisions.get().number == 1
    assert story.tags == ["payments", "latency"]


def test_serializer_data_round_trips_into_an_equal_story(user, other_user):
    story = services.story_create(owner=user, data=FULL_DATA)
    exported = StorySerializer(selectors.story_get_for_user(user=user, pk=story.pk)).data
    serializer = StorySerializer(data=exported, context={"owner": other_user})
    assert serializer.is_valid(), serializer.errors
    copy = serializer.save()
    again = StorySerializer(selectors.story_get_for_user(user=other_user, pk=copy.pk)).data
    ignored = {"id", "created_at", "updated_at", "documented_at", "version"}
    assert {k: v for k, v in again.items() if k not in ignored} | {"metrics": None} == {
        k: v for k, v in exported.items() if k not in ignored
    } | {"metrics": None}
    assert [{k: v for k, v in m.items() if k != "id"} for m in again["metrics"]] == [
        {k: v for k, v in m.items() if k != "id"} for m in exported["metrics"]
    ]


def test_unknown_principle_saves_nothing(user):
    with pytest.raises(ValidationError) as error:
        services.story_create(owner=user, data={**FULL_DATA, "primary_principle": "be-nice"})
    assert "primary_principle" in error.value.message_dict
    assert not Story.all_objects.exists()


def test_non_numeric_metric_saves_nothing(user):
    story = services.story_create(owner=user, data={"title": "Draft"})
    bad = {"metrics": [{"label": "Cost", "before_value": "lots", "after_value": "1"}]}
    with pytest.raises(ValidationError) as error:
        services.story_update(story=story, data={"situation": "Changed", **bad})
    assert "metrics" in error.value.message_dict
    story.refresh_from_db()
    assert story.situation == ""
    assert not StoryMetric.objects.exists()


def test_oversized_section_is_refused(user):
    with pytest.raises(ValidationError) as error:
        services.story_create(owner=user, data={"title": "Big", "action": "x" * 1_000_000})
    assert "action" in error.value.message_dict


def test_stale_save_raises_and_keeps_the_newer_text(user):
    story = services.story_create(owner=user, data={"title": "Draft"})
    services.story_update(story=story, data={"situation": "Tab A"}, expected_version=1)
    with pytest.raises(services.StaleStoryError) as stale:
        services.story_update(story=story, data={"situation": "Tab B"}, expected_version=1)
    assert stale.value.story.situation == "Tab A"
    story.refresh_from_db()
    assert (story.situation, story.version) == ("Tab A", 2)


def test_save_without_change_keeps_version_and_history(user):
    story = services.story_create(owner=user, data={"title": "Draft", "task": "Own it"})
    services.story_update(story=story, data={"task": "Own it"}, expected_version=1)
    story.refresh_from_db()
    assert story.version == 1
    assert story.revisions.count() == 1


def test_autosaves_in_a_burst_share_one_revision_but_editor_saves_do_not(user):
    story = services.story_create(owner=user, data={"title": "Draft"})
    services.story_autosave(story=story, data={"action": "I"}, expected_version=1)
    services.story_autosave(story=story, data={"action": "I profiled"}, expected_version=2)
    assert story.revisions.count() == 2
    services.story_update(story=story, data={"action": "I profiled it"}, expected_version=3)
    assert list(story.revisions.values_list("source", flat=True)) == [
        "editor",
        "autosave",
        "created",
    ]
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11)):
        services.story_autosave(story=story, data={"action": "Later"}, expected_version=4)
    assert story.revisions.count() == 4


def test_restoring_a_revision_adds_a_new_one_with_old_content(user):
    story = services.story_create(owner=user, data=FULL_DATA)
    services.story_update(story=story, data={"result": "Rewritten", "metrics": []})
    first = story.revisions.get(number=1)
    restored = services.story_restore_revision(story=story, revision=first)
    assert restored.result == STRONG_STAR["result"]
    assert restored.metrics.count() == 2
    latest = restored.revisions.first()
    assert (latest.number, latest.source, latest.restored_from) == (3, "restore", 1)


def test_metric_ids_survive_edits_in_place(user):
    story = services.story_create(owner=user, data=FULL_DATA)
    ids = list(story.metrics.values_list("id", flat=True))
    rows = [{**m, "label": m["label"] + "!"} for m in FULL_DATA["metrics"]]
    services.story_update(story=story, data={"metrics": rows})
    assert list(story.metrics.values_list("id", flat=True)) == ids


def test_documented_story_feeds_the_study_plan_once(user, django_capture_on_commit_callbacks):
    _plan_for(user)
    with django_capture_on_commit_callbacks(execute=True):
        story = services.story_create(owner=user, data={"title": "Outline"})
    assert story.documented_at is None
    with django_capture_on_commit_callbacks(execute=True):
        story = services.story_update(story=story, data=STRONG_STAR)
    assert story.documented_at is not None
    activity = Activity.objects.get(owner=user, source_key=f"stories.story:{story.pk}")
    assert activity.kind == "star_story"
    with django_capture_on_commit_callbacks(execute=True):
        services.story_update(story=story, data={"title": "Renamed"})
    activity.refresh_from_db()
    assert activity.title == "Renamed"

    with django_capture_on_commit_callbacks(execute=True):
        services.story_soft_delete(story=story)
    assert not Activity.objects.filter(source_key=f"stories.story:{story.pk}").exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.story_undo_delete(story=story)
    assert Activity.objects.filter(source_key=f"stories.story:{story.pk}").count() == 1


def test_marking_ready_documents_a_story_without_a_plan(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        story = services.story_create(owner=user, data={"title": "Idea", "status": "ready"})
    assert story.documented_at is not None
    assert not Activity.objects.exists()


def test_soft_deleted_story_leaves_lists_and_returns_within_30_days(user):
    story = StoryFactory(owner=user)
    services.story_soft_delete(story=story)
    assert not selectors.story_list_for_user(user=user).exists()
    assert list(selectors.deleted_story_list_for_user(user=user)) == [story]
    later = timezone.now() + datetime.timedelta(days=31)
    with time_machine.travel(later), pytest.raises(ValidationError):
        services.story_undo_delete(story=story)
    services.story_undo_delete(story=story)
    assert selectors.story_list_for_user(user=user).get() == story


def test_rehearsal_schedules_the_next_one_and_due_list_follows(user):
    story = StoryFactory(owner=user)
    now = timezone.now()
    rehearsal = services.story_rehearse(story=story, duration_seconds=150, self_rating=3)
    assert rehearsal.next_due_at > now
    story.refresh_from_db()
    assert story.next_rehearsal_at == rehearsal.next_due_at
    today = timezone.localdate()
    assert not selectors.stories_due_for_rehearsal(user=user, on=today - datetime.timedelta(1))
    due_day = timezone.localdate(rehearsal.next_due_at)
    assert list(selectors.stories_due_for_rehearsal(user=user, on=due_day)) == [story]
    services.story_soft_delete(story=story)
    assert not selectors.stories_due_for_rehearsal(user=user, on=due_day)


def test_easy_rehearsal_pushes_the_next_one_further_than_again(user):
    first, second = StoryFactory(owner=user), StoryFactory(owner=user)
    again = services.story_rehearse(story=first, duration_seconds=200, self_rating=1)
    easy = services.story_rehearse(story=second, duration_seconds=140, self_rating=4)
    assert easy.next_due_at > again.next_due_at
    assert Rehearsal.objects.count() == 2


def test_due_list_is_ordered_by_due_date(user):
    later = StoryFactory(owner=user, next_rehearsal_at=timezone.now() - datetime.timedelta(hours=1))
    sooner = StoryFactory(owner=user, next_rehearsal_at=timezone.now() - datetime.timedelta(days=2))
    StoryFactory(owner=user, next_rehearsal_at=timezone.now() + datetime.timedelta(days=9))
    StoryFactory(next_rehearsal_at=timezone.now() - datetime.timedelta(days=3))
    due = selectors.stories_due_for_rehearsal(user=user, on=timezone.localdate())
    assert list(due) == [sooner, later]


def test_usage_needs_an_interview_and_warns_when_told_often(user):
    story = StoryFactory(owner=user)
    with pytest.raises(ValidationError):
        services.story_usage_add(story=story, told_on=timezone.localdate())
    for _ in range(3):
        services.story_usage_add(story=story, told_on=timezone.localdate(), interview="Acme")
    summary = selectors.story_usage_summary(story)
    assert summary.times_told == 3
    assert summary.last_told == timezone.localdate()
    assert any("Told 3 times" in warning for warning in summary.warnings)


def test_usage_refuses_another_users_mock_interview(user, other_user):
    plan = _plan_for(other_user)
    from studyplan.services import mock_interview_log

    mock = mock_interview_log(
        plan=plan, interview_type="behavioural", held_on=timezone.localdate(), score=3
    )
    with pytest.raises(ValidationError):
        services.story_usage_add(
            story=StoryFactory(owner=user), told_on=timezone.localdate(), mock_interview=mock
        )


def test_coverage_matrix_counts_primary_and_secondary_and_flags_gaps(user):
    services.story_create(owner=user, data=FULL_DATA)
    services.story_create(
        owner=user, data={"title": "Second", "primary_principle": "deliver-results"}
    )
    StoryFactory()  # someone else's story never shows up
    matrix = full_coverage_matrix(user)
    rows = {row.principle.slug: row for row in matrix.rows}
    assert matrix.story_count == 2
    assert rows["deliver-results"].story_count == 2
    assert not rows["deliver-results"].is_gap
    assert rows["dive-deep"].story_count == 1 and rows["dive-deep"].is_gap
    assert len(matrix.gaps) == 15
    assert [mark for _, mark in rows["dive-deep"].cells] == ["secondary", ""]


def test_search_finds_words_in_sections(user):
    StoryFactory(owner=user, title="Kafka migration", action="I moved billing to streaming.")
    StoryFactory(owner=user, title="Hiring loop")
    found = selectors.story_list_for_user(user=user, search="billing")
    assert [s.title for s in found] == ["Kafka migration"]


def test_revision_snapshot_is_json_friendly(user):
    story = services.story_create(owner=user, data=FULL_DATA)
    snapshot = StoryRevision.objects.get(story=story).snapshot
    assert snapshot["metrics"][0]["before_value"] == "3"
    assert snapshot["primary_principle"] == "deliver-results"


def test_stale_save_with_identical_content_is_not_a_conflict(user):
    story = services.story_create(owner=user, data={"title": "Draft"})
    services.story_autosave(story=story, data={"action": "Same words"}, expected_version=1)
    saved = services.story_update(story=story, data={"action": "Same words"}, expected_version=1)
    assert (saved.action, saved.version) == ("Same words", 2)


def test_editor_save_seals_the_autosave_revision(user):
    story = services.story_create(owner=user, data={"title": "Draft"})
    services.story_autosave(story=story, data={"task": "Typed"}, expected_version=1)
    services.story_update(story=story, data={"task": "Typed"}, expected_version=2)
    services.story_autosave(story=story, data={"task": "Typed more"}, expected_version=2)
    assert list(story.revisions.values_list("number", "source")) == [
        (3, "autosave"),
        (2, "editor"),
        (1, "created"),
    ]


def test_purge_erases_only_stories_past_the_undo_window(user):
    long_gone = StoryFactory(owner=user, title="Long gone")
    recently_deleted = StoryFactory(owner=user, title="Recently deleted")
    kept = StoryFactory(owner=user, title="Kept")
    with time_machine.travel(timezone.now() - datetime.timedelta(days=31)):
        services.story_soft_delete(story=long_gone)
    services.story_soft_delete(story=recently_deleted)

    erased = services.story_purge_expired_deletions()

    assert erased == 1
    remaining = set(Story.all_objects.filter(owner=user).values_list("title", flat=True))
    assert remaining == {"Recently deleted", "Kept"}
    assert kept.pk in Story.objects.values_list("pk", flat=True)


def test_purge_task_runs_the_purge(user):
    from stories.tasks import stories_purge_expired_deletions_task

    story = StoryFactory(owner=user)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=40)):
        services.story_soft_delete(story=story)

    stories_purge_expired_deletions_task.apply()

    assert not Story.all_objects.filter(pk=story.pk).exists()


def test_a_telling_planned_for_a_future_interview_is_not_counted_yet(user):
    story = StoryFactory(owner=user)
    today = timezone.localdate()
    services.story_usage_add(story=story, told_on=today, interview="Acme loop")
    services.story_usage_add(
        story=story, told_on=today + datetime.timedelta(days=5), interview="Globex onsite"
    )

    summary = selectors.story_usage_summary(story)
    [listed] = selectors.bank_page_tallies(user=user, stories=[story])

    assert (summary.times_told, summary.last_told) == (1, today)
    assert len(summary.usages) == 2
    assert (listed.times_told, listed.last_told) == (1, today)
