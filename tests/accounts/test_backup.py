"""Account export → import into an empty account → export gives the same document."""

import datetime
import json

import pytest
import time_machine
from django.apps import apps
from django.db import models
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts import backup
from accounts.demo import demo_account_load
from accounts.models import User
from accounts.selectors import account_export
from accounts.services import account_delete, account_import, api_token_create
from reminders import services as reminder_services
from reminders.tokens import read_unsubscribe_token, unsubscribe_token
from stories.models import Story
from studyplan.models import Activity, MockInterview
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_account(db, django_capture_on_commit_callbacks) -> User:
    """The demo account: sample data in every area, with a story told in a mock, plus a row
    of every practice and interviews model and a study-plan re-plan."""
    user, _ = demo_account_load()
    story = Story.all_objects.filter(owner=user).first()
    mock = MockInterview.objects.filter(owner=user).first()
    if story and mock:
        story.usages.create(mock_interview=mock, told_on=mock.held_on, notes="went well")
    with django_capture_on_commit_callbacks(execute=True):
        _fill_practice(user)
    _fill_interviews(user)
    _fill_replan(user)
    return user


def _fill_practice(user: User) -> None:
    from practice import services as practice_services
    from practice.models import LibraryItem
    from stories.models import LeadershipPrinciple
    from studyplan.models import Plan

    ownership = LeadershipPrinciple.objects.get(slug="ownership")
    own = practice_services.item_create_private(
        user=user, area="behavioural", kind="question", title="Why this team?", prompt="Say why."
    )
    LibraryItem.objects.filter(pk=own.pk).update(principle=ownership)
    practice_services.item_create_private(
        user=user, area="design", kind="problem", title="Design a ledger", difficulty="hard"
    )
    design = LibraryItem.objects.get(slug="design-url-shortener")
    practice_services.item_hide(user=user, item=LibraryItem.objects.get(slug="lp-ownership-1"))
    # Started an hour ago: the 2,400 s spent must fit since the start.
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    session = practice_services.session_start(
        user=user, item=design, level="L7", started_at=an_hour_ago
    )
    practice_services.session_finish(
        session=session,
        duration_seconds=2400,
        rubric_scores={
            key: 3 for key in ("requirements", "estimates", "trade_offs", "operations", "cost")
        },
        notes="Ran out of time on cost.",
        diagram="graph TD; A-->B",
    )
    practice_services.item_mark_done(user=user, item=own, level="L6")
    practice_services.session_start(user=user, item=own, level="L6")  # left unfinished
    loop = practice_services.mock_loop_create(
        user=user,
        title="Friday mock loop",
        held_on=Plan.objects.get(owner=user).start_date + datetime.timedelta(days=14),
        rounds=[
            {"interview_type": "behavioural", "principles": [ownership]},
            {"interview_type": "system_design"},
        ],
    )
    practice_services.mock_round_score(
        loop_round=loop.rounds.first(), score=3, feedback="Clear answers."
    )


def _fill_interviews(user: User) -> None:
    from interviews import services as interview_services
    from interviews.models import Application, Round
    from portfolio.models import CaseStudy, DecisionRecord

    application = Application.objects.filter(owner=user, company="Amazon").get()
    stories = list(Story.objects.filter(owner=user).order_by("id")[:2])
    interview_services.application_portfolio_set(
        application=application,
        case_studies=list(CaseStudy.objects.filter(portfolio__owner=user)[:1]),
        decision_records=list(DecisionRecord.objects.filter(portfolio__owner=user)[:1]),
        stories=stories,
    )
    round_ = Round.objects.filter(loop__application=application).order_by("starts_at").first()
    principle = round_.principles.first()
    taken = set(round_.loop.assignments.values_list("story_id", flat=True))
    free = Story.objects.filter(owner=user).exclude(pk__in=taken).first()
    interview_services.assignment_pin(round_=round_, principle=principle, story=free)
    with time_machine.travel(round_.ends_at, tick=False):  # debriefed once it has taken place
        interview_services.debrief_save(
            round_=round_,
            asked="Tell me about a time you owned an outage.",
            self_score=3,
            notes="Good follow-ups.",
            stories=stories,
        )


def _fill_replan(user: User) -> None:
    from studyplan.models import Plan
    from studyplan.services import plan_replan

    plan = Plan.objects.get(owner=user)
    weeks = list(plan.weeks.order_by("starts_on"))
    plan_replan(plan=plan, today=weeks[len(weeks) // 2].starts_on)


def _counts(user: User) -> dict[str, int]:
    document = account_export(user=user)
    return backup.section_counts(document)


def test_export_covers_every_area_and_matches_the_schema(full_account):
    document = account_export(user=full_account)

    backup.document_validate(document)
    counts = backup.section_counts(document)
    for name in ["plan weeks", "activities", "mock interviews", "stories", "story revisions"]:
        assert counts[name] > 0, name
    assert document["sections"]["portfolio"]["case_studies"]
    assert document["sections"]["reminders"]["preferences"] is not None
    assert document["sections"]["studyplan"]["plan"]["replans"]
    for name in ["items", "hidden_items", "item_reviews", "sessions", "mock_loops"]:
        assert document["sections"]["practice"][name], name
    assert document["sections"]["interviews"]["applications"]
    json.dumps(document, allow_nan=False)


def test_round_trip_into_an_empty_account_gives_the_same_document(full_account):
    original = account_export(user=full_account)
    fresh = UserFactory()

    result = account_import(user=fresh, document=json.loads(json.dumps(original)))

    assert not result.dry_run
    assert account_export(user=fresh) == original
    # Links between sections point at the new account's rows, not the old ones.
    for activity in Activity.objects.filter(owner=fresh, source_key__startswith="stories."):
        story_id = int(activity.source_key.split(":")[1])
        assert Story.all_objects.filter(owner=fresh, pk=story_id).exists()
    usage_mocks = {
        usage.mock_interview.owner_id
        for story in Story.all_objects.filter(owner=fresh)
        for usage in story.usages.exclude(mock_interview=None)
    }
    assert usage_mocks == {fresh.pk}


# Every model of the apps that joined the export after it was first written.
_NEW_MODELS = {
    "practice.LibraryItem": "owner",
    "practice.HiddenItem": "user",
    "practice.ItemReview": "user",
    "practice.PracticeSession": "owner",
    "practice.MockLoop": "owner",
    "practice.MockLoopRound": "loop__owner",
    "interviews.Application": "owner",
    "interviews.StatusChange": "application__owner",
    "interviews.Loop": "application__owner",
    "interviews.Round": "loop__application__owner",
    "interviews.StoryAssignment": "loop__application__owner",
    "interviews.Debrief": "round__loop__application__owner",
    "interviews.DebriefStory": "debrief__round__loop__application__owner",
    "studyplan.Replan": "plan__owner",
}


def _new_model_counts(user: User) -> dict[str, int]:
    return {
        label: apps.get_model(label).objects.filter(**{lookup: user}).count()
        for label, lookup in _NEW_MODELS.items()
    }


def test_round_trip_restores_every_practice_interviews_and_replan_row(full_account):
    from interviews.models import Application, DebriefStory
    from practice.models import MockLoopRound, PracticeSession

    before = _new_model_counts(full_account)
    assert all(before.values()), before
    assert set(_NEW_MODELS) >= {
        model._meta.label for model in apps.get_app_config("practice").get_models()
    } | {model._meta.label for model in apps.get_app_config("interviews").get_models()}
    original = account_export(user=full_account)
    fresh = UserFactory()

    account_import(user=fresh, document=json.loads(json.dumps(original)))

    assert _new_model_counts(fresh) == before
    assert account_export(user=fresh) == original
    # Cross-section links point at the new account's rows.
    for activity in Activity.objects.filter(owner=fresh, source_key__startswith="practice."):
        session_id = int(activity.source_key.split(":")[1])
        assert PracticeSession.objects.filter(owner=fresh, pk=session_id).exists()
    assert {r.mock.owner_id for r in MockLoopRound.objects.filter(loop__owner=fresh)} == {fresh.pk}
    told = DebriefStory.objects.filter(debrief__round__loop__application__owner=fresh)
    assert {t.usage.story.owner_id for t in told} == {fresh.pk}
    application = Application.objects.get(owner=fresh, company="Amazon")
    assert {c.portfolio.owner_id for c in application.portfolio_case_studies.all()} == {fresh.pk}
    assert {s.owner_id for s in application.portfolio_stories.all()} == {fresh.pk}


def test_an_export_made_before_practice_and_interviews_still_imports(full_account):
    document = account_export(user=full_account)
    del document["sections"]["practice"]
    del document["sections"]["interviews"]
    del document["sections"]["studyplan"]["plan"]["replans"]
    for activity in document["sections"]["studyplan"]["activities"]:
        if (activity["source_key"] or "").startswith("practice."):
            activity["source_key"] = None
    fresh = UserFactory()

    account_import(user=fresh, document=document)

    restored = account_export(user=fresh)
    assert restored["sections"]["stories"] == document["sections"]["stories"]
    assert restored["sections"]["practice"]["sessions"] == []
    assert restored["sections"]["interviews"] == {"applications": []}


def test_import_with_a_row_listed_twice_writes_nothing(full_account):
    document = account_export(user=full_account)
    hidden = document["sections"]["practice"]["hidden_items"]
    hidden.append(dict(hidden[0]))
    fresh = UserFactory()

    with pytest.raises(backup.BackupError, match="twice"):
        account_import(user=fresh, document=document)
    assert not Story.all_objects.filter(owner=fresh).exists()
    assert not any(_new_model_counts(fresh).values())


def test_import_with_an_unknown_library_item_writes_nothing(full_account):
    document = account_export(user=full_account)
    document["sections"]["practice"]["hidden_items"][0]["item"] = "library:no-such-item"
    fresh = UserFactory()

    with pytest.raises(backup.BackupError):
        account_import(user=fresh, document=document)
    assert not Story.all_objects.filter(owner=fresh).exists()
    assert not any(_new_model_counts(fresh).values())


def test_dry_run_reports_counts_and_writes_nothing(full_account):
    original = account_export(user=full_account)
    fresh = UserFactory()

    result = account_import(user=fresh, document=original, dry_run=True)

    assert result.dry_run
    assert result.counts["stories"] == len(original["sections"]["stories"]["stories"])
    assert not Story.all_objects.filter(owner=fresh).exists()
    assert not Activity.objects.filter(owner=fresh).exists()


def test_import_refuses_an_account_that_has_data(full_account):
    document = account_export(user=full_account)
    before = _counts(full_account)

    with pytest.raises(backup.BackupError, match="empty account"):
        account_import(user=full_account, document=document)
    assert _counts(full_account) == before


def test_import_with_an_invalid_value_writes_nothing(full_account):
    document = account_export(user=full_account)
    document["sections"]["stories"]["stories"][-1]["confidence"] = 99
    fresh = UserFactory()

    with pytest.raises(backup.BackupError):
        account_import(user=fresh, document=document)
    assert not Story.all_objects.filter(owner=fresh).exists()
    assert not Activity.objects.filter(owner=fresh).exists()


@pytest.mark.parametrize(
    "document",
    [
        [],
        {"format": "something-else", "schema_version": 1, "sections": {}},
        {"format": backup.FORMAT, "schema_version": 2, "sections": {}},
        {"format": backup.FORMAT, "schema_version": 1, "sections": {"profile": {}}},
    ],
)
def test_documents_that_are_not_account_exports_are_refused(document):
    with pytest.raises(backup.BackupError):
        backup.document_validate(document)


def test_deeply_nested_json_is_refused_without_a_crash():
    nested = "[" * 100_000 + "]" * 100_000
    with pytest.raises(backup.BackupError):
        backup.document_validate(backup.document_parse(nested))


def _user_paths(model: type[models.Model], depth: int = 5, seen: tuple = ()) -> list[str]:
    """Lookups from `model` to a user through foreign keys ("owner", "loop__application__owner"),
    so rows whose owner is only reached through a parent are checked too."""
    paths = []
    for field in model._meta.get_fields():
        if not isinstance(field, models.ForeignKey | models.OneToOneField) or field.auto_created:
            continue
        if field.related_model is User:
            paths.append(field.name)
        elif depth > 1 and field.related_model not in (*seen, model):
            paths.extend(
                f"{field.name}__{rest}"
                for rest in _user_paths(field.related_model, depth - 1, (*seen, model))
            )
    return paths


def test_deleting_the_account_removes_everything_it_owns(full_account):
    other, _ = UserFactory(), None
    other_story = Story.objects.create(owner=other, title="Other's story")
    _, token_value = api_token_create(user=full_account, name="laptop")
    feed = reminder_services.calendar_feed_reset(user=full_account).calendar_token
    link = unsubscribe_token(user_id=full_account.pk, kind="weekly_digest")
    user_id = full_account.pk
    assert all(_new_model_counts(full_account).values())
    owned_before = {
        (model._meta.label, path): getattr(model, "all_objects", model._default_manager)
        .filter(**{f"{path}_id": user_id})
        .count()
        for model in apps.get_models()
        for path in _user_paths(model)
    }
    for label, lookup in _NEW_MODELS.items():
        assert owned_before[(label, lookup)] > 0, label

    account_delete(user=full_account)

    assert not User.objects.filter(pk=user_id).exists()
    for model in apps.get_models():
        for path in _user_paths(model):
            manager = getattr(model, "all_objects", model._default_manager)
            assert manager.filter(**{f"{path}_id": user_id}).count() == 0, (model, path)
    assert read_unsubscribe_token(link) is None
    from reminders.selectors import calendar_owner_for_token

    assert calendar_owner_for_token(token=feed) is None
    assert Story.objects.filter(pk=other_story.pk).exists()
    assert token_value


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=60)
_decimal = st.decimals(
    min_value=-(10**9), max_value=10**9, places=4, allow_nan=False, allow_infinity=False
)


@settings(max_examples=10, deadline=None)
@given(
    title=_text.filter(str.strip),
    situation=_text,
    tags=st.lists(st.text(alphabet="abcxyz-", min_size=1, max_size=10), max_size=3),
    metrics=st.lists(st.tuples(_text.filter(str.strip), _decimal, _decimal), max_size=3),
    activity_title=_text.filter(str.strip),
    minutes=st.integers(min_value=0, max_value=24 * 60),
)
def test_any_stored_values_survive_the_round_trip(
    title, situation, tags, metrics, activity_title, minutes
):
    import datetime
    import uuid

    from stories.models import StoryMetric

    # Plain rows, no password hashing: each example needs two fresh accounts.
    owner = User.objects.create(email=f"{uuid.uuid4().hex}@example.com")
    story = Story.objects.create(owner=owner, title=title, situation=situation, tags=tags)
    for position, (label, before, after) in enumerate(metrics):
        StoryMetric.objects.create(
            story=story, label=label, before_value=before, after_value=after, position=position
        )
    Activity.objects.create(
        owner=owner,
        kind="coding",
        area="coding",
        occurred_on=datetime.date(2026, 3, 1),
        title=activity_title,
        minutes=minutes,
    )
    original = account_export(user=owner)
    fresh = User.objects.create(email=f"{uuid.uuid4().hex}@example.com")

    account_import(user=fresh, document=json.loads(json.dumps(original)))

    assert account_export(user=fresh) == original
