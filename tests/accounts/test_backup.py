"""Account export → import into an empty account → export gives the same document."""

import json

import pytest
from django.apps import apps
from django.db import models
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
def full_account(db) -> User:
    """The demo account: sample data in every area, with a story told in a mock."""
    user, _ = demo_account_load()
    story = Story.all_objects.filter(owner=user).first()
    mock = MockInterview.objects.filter(owner=user).first()
    if story and mock:
        story.usages.create(mock_interview=mock, told_on=mock.held_on, notes="went well")
    return user


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


def _user_fields(model: type[models.Model]) -> list[str]:
    return [
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey | models.OneToOneField)
        and field.related_model is User
    ]


def test_deleting_the_account_removes_everything_it_owns(full_account):
    other, _ = UserFactory(), None
    other_story = Story.objects.create(owner=other, title="Other's story")
    _, token_value = api_token_create(user=full_account, name="laptop")
    feed = reminder_services.calendar_feed_reset(user=full_account).calendar_token
    link = unsubscribe_token(user_id=full_account.pk, kind="weekly_digest")
    user_id = full_account.pk

    account_delete(user=full_account)

    assert not User.objects.filter(pk=user_id).exists()
    for model in apps.get_models():
        for field in _user_fields(model):
            manager = getattr(model, "all_objects", model._default_manager)
            assert manager.filter(**{f"{field}_id": user_id}).count() == 0, model
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
