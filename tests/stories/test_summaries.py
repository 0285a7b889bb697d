"""Paginated lists and SQL summaries give the same numbers as the full computations."""

import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.selectors import account_export
from accounts.services import account_import
from stories import selectors, services
from stories.models import LeadershipPrinciple, Story
from stories.views import MATRIX_COLUMNS_PER_PAGE, STORIES_PER_PAGE
from tests.factories import StoryFactory, UserFactory
from tests.stories.bank import add_stories
from tests.stories.coverage_oracle import full_coverage_matrix

pytestmark = pytest.mark.django_db

SLUGS = [
    "customer-obsession",
    "ownership",
    "dive-deep",
    "deliver-results",
    "think-big",
]


def _summary_matches_matrix(user) -> None:
    matrix = full_coverage_matrix(user)
    summary = selectors.coverage_summary(user=user)
    assert summary.story_count == matrix.story_count
    assert summary.counts == {row.principle.slug: row.story_count for row in matrix.rows}
    assert [p.slug for p in summary.gaps] == [p.slug for p in matrix.gaps]
    assert summary.progress_percent == matrix.progress_percent


def test_coverage_summary_follows_every_story_service(user):
    first = services.story_create(
        owner=user,
        data={
            "title": "Primary and secondary on one principle",
            "primary_principle": "ownership",
            "secondary_principles": ["ownership", "dive-deep"],
        },
    )
    _summary_matches_matrix(user)
    second = services.story_create(
        owner=user, data={"title": "Second", "primary_principle": "dive-deep"}
    )
    services.story_create(owner=user, data={"title": "No principle yet"})
    StoryFactory(primary_principle=LeadershipPrinciple.objects.get(slug="ownership"))
    _summary_matches_matrix(user)

    second = services.story_update(
        story=second,
        data={"title": "Second", "primary_principle": "think-big"},
        expected_version=second.version,
    )
    _summary_matches_matrix(user)
    second = services.story_autosave(
        story=second,
        data={"title": "Second", "secondary_principles": ["deliver-results"]},
        expected_version=second.version,
    )
    _summary_matches_matrix(user)
    services.story_soft_delete(story=first)
    summary = selectors.coverage_summary(user=user)
    assert summary.story_count == 2 and summary.counts["ownership"] == 0
    _summary_matches_matrix(user)
    services.story_undo_delete(story=Story.all_objects.get(pk=first.pk))
    _summary_matches_matrix(user)
    revision = second.revisions.order_by("number").first()
    services.story_restore_revision(story=second, revision=revision)
    _summary_matches_matrix(user)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.sampled_from(SLUGS)),
            st.sets(st.sampled_from(SLUGS), max_size=3),
            st.booleans(),
        ),
        max_size=8,
    )
)
def test_coverage_summary_equals_the_matrix_for_every_bank(user, bank):
    Story.all_objects.filter(owner=user).delete()
    principles = {p.slug: p for p in LeadershipPrinciple.objects.all()}
    for primary, secondaries, deleted in bank:
        story = StoryFactory(owner=user, primary_principle=principles.get(primary))
        story.secondary_principles.set([principles[slug] for slug in secondaries])
        if deleted:
            Story.all_objects.filter(pk=story.pk).update(deleted_at=story.created_at)
    _summary_matches_matrix(user)


def _full_marks(user) -> dict[str, dict[int, str]]:
    return {row.principle.slug: dict(row.marks) for row in full_coverage_matrix(user).rows}


def test_coverage_api_pages_together_list_every_marked_story_once(user_api_client, user):
    add_stories(user, 25)
    Story.objects.filter(owner=user, title__endswith="3").update(primary_principle=None)
    matrix = full_coverage_matrix(user)
    seen: dict[str, dict[int, str]] = {row.principle.slug: {} for row in matrix.rows}
    page, page_count = 1, None
    while page_count is None or page <= page_count:
        body = user_api_client.get(
            reverse("api:story-coverage"), {"page": page, "page_size": 10}
        ).json()
        assert body["story_count"] == matrix.story_count == 25
        assert body["gaps"] == [principle.slug for principle in matrix.gaps]
        page_count = body["page_count"]
        for row in body["principles"]:
            assert row["story_count"] == len(_full_marks(user)[row["slug"]])
            for story in row["stories"]:
                assert story["id"] not in seen[row["slug"]]
                seen[row["slug"]][story["id"]] = story["mark"]
        page += 1
    assert page_count == 3
    assert seen == _full_marks(user)


@pytest.mark.parametrize(
    "params", [{"page": "0"}, {"page": "two"}, {"page_size": "0"}, {"page_size": "201"}]
)
def test_coverage_api_refuses_a_bad_page(user_api_client, params):
    response = user_api_client.get(reverse("api:story-coverage"), params)
    assert response.status_code == 400
    assert set(response.json()["fields"]) == set(params)


def test_matrix_pages_together_show_every_mark_with_whole_bank_counts(user_client, user):
    add_stories(user, MATRIX_COLUMNS_PER_PAGE + 5)
    full = full_coverage_matrix(user)
    seen: dict[str, dict[int, str]] = {row.principle.slug: {} for row in full.rows}
    for number in (1, 2):
        matrix, page = selectors.coverage_matrix_page(
            user=user, number=number, per_page=MATRIX_COLUMNS_PER_PAGE
        )
        assert matrix.story_count == full.story_count
        assert [p.slug for p in matrix.gaps] == [p.slug for p in full.gaps]
        for row, full_row in zip(matrix.rows, full.rows, strict=True):
            assert row.story_count == full_row.story_count
            assert [story for story, _ in row.cells] == list(page.object_list)
            seen[row.principle.slug].update(row.marks)
        body = user_client.get(reverse("stories:matrix"), {"page": number}).content.decode()
        assert body.count('class="small story-col"') == len(page.object_list)
    assert seen == _full_marks(user)


def _listed_ids(body: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'href="/stories/(\d+)/"', body)]


def test_story_list_pages_together_show_the_whole_filtered_bank(user_client, user):
    add_stories(user, 2 * STORIES_PER_PAGE + 3)
    Story.objects.filter(owner=user, title__endswith="7").update(status="ready")
    for params in ({}, {"status": "ready"}, {"q": "Bulk", "sort": "title"}):
        full = selectors.story_list_for_user(
            user=user,
            status=params.get("status", ""),
            search=params.get("q", ""),
            sort=params.get("sort", "updated"),
        )
        expected = [story.pk for story in full]
        first = user_client.get(reverse("stories:list"), params)
        assert first.status_code == 200
        seen = _listed_ids(first.content.decode())
        page = 2
        while len(seen) < len(expected):
            more = user_client.get(
                reverse("stories:list"), {**params, "page": page}, headers={"HX-Request": "true"}
            )
            body = more.content.decode()
            assert "<h1" not in body  # the htmx answer is only the next stories
            seen += _listed_ids(body)
            page += 1
        assert seen == expected
        assert f"{len(expected)} stor" in first.content.decode()


def test_show_more_link_keeps_search_and_filters(user_client, user):
    add_stories(user, STORIES_PER_PAGE + 1)
    body = user_client.get(reverse("stories:list"), {"q": "Bulk", "status": "idea"}).content
    assert b"q=Bulk&amp;status=idea&amp;page=2" in body


def test_matrix_page_counts_cover_the_whole_bank_while_showing_one_page(user_client, user):
    add_stories(user, MATRIX_COLUMNS_PER_PAGE + 4)
    matrix = full_coverage_matrix(user)
    counts = {row.principle.slug: row.story_count for row in matrix.rows}
    for page in (1, 2):
        response = user_client.get(reverse("stories:matrix"), {"page": page})
        body = response.content.decode()
        shown = re.findall(
            r'data-principle="([a-z-]+)">\s*<th[^>]*>[^<]*</th>\s*'
            r'<td class="text-center" data-count>(\d+)',
            body,
        )
        assert {slug: int(count) for slug, count in shown} == counts
        columns = response.context["page"].object_list
        expected = MATRIX_COLUMNS_PER_PAGE if page == 1 else 4
        assert len(columns) == expected


def test_story_list_and_matrix_queries_do_not_grow_with_the_bank(
    user_client, user, django_assert_max_num_queries
):
    add_stories(user, 3)
    with django_assert_max_num_queries(8):
        user_client.get(reverse("stories:list"))
    with django_assert_max_num_queries(10):
        user_client.get(reverse("stories:matrix"))
    add_stories(user, 150)
    with django_assert_max_num_queries(8):
        assert user_client.get(reverse("stories:list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert user_client.get(reverse("stories:matrix")).status_code == 200


def test_cached_coverage_summary_follows_every_story_service(
    user, django_capture_on_commit_callbacks
):
    def same_as_fresh(write=None, *, owner=user) -> selectors.CoverageSummary:
        if write is not None:
            with django_capture_on_commit_callbacks(execute=True):
                write()
        cached = selectors.coverage_summary_cached(user=owner)
        assert cached == selectors.coverage_summary(user=owner)
        return cached

    same_as_fresh()
    stories = {}
    same_as_fresh(
        lambda: stories.update(
            first=services.story_create(
                owner=user, data={"title": "First", "primary_principle": "ownership"}
            )
        )
    )
    first = stories["first"]
    same_as_fresh(
        lambda: stories.update(
            first=services.story_update(
                story=first,
                data={"title": "First", "primary_principle": "dive-deep"},
                expected_version=first.version,
            )
        )
    )
    first = stories["first"]
    same_as_fresh(
        lambda: stories.update(
            first=services.story_autosave(
                story=first,
                data={"title": "First", "secondary_principles": ["think-big"]},
                expected_version=first.version,
            )
        )
    )
    first = stories["first"]
    assert same_as_fresh().counts["think-big"] == 1
    same_as_fresh(
        lambda: services.story_restore_revision(
            story=first, revision=first.revisions.order_by("number").first()
        )
    )
    assert same_as_fresh().counts == {
        **{slug: 0 for slug in same_as_fresh().counts},
        "ownership": 1,
    }
    same_as_fresh(lambda: services.story_soft_delete(story=first))
    assert same_as_fresh().story_count == 0
    same_as_fresh(lambda: services.story_undo_delete(story=Story.all_objects.get(pk=first.pk)))

    fresh = UserFactory()
    assert same_as_fresh(owner=fresh).story_count == 0
    document = account_export(user=user)
    imported = same_as_fresh(lambda: account_import(user=fresh, document=document), owner=fresh)
    assert imported.story_count == 1
