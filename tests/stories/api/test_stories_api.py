import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stories import services
from stories.models import PracticeQuestion, Story, StoryMetric
from studyplan.services import mock_interview_log, plan_create
from tests.cache import clear_this_process_cache
from tests.stories.bank import add_stories
from tests.stories.examples import STRONG_STAR

pytestmark = pytest.mark.django_db

NEW_STORY = {
    "title": "Checkout latency rescue",
    "framework": "star_plus",
    **STRONG_STAR,
    "target_level": "L6",
    "primary_principle": "deliver-results",
    "secondary_principles": ["dive-deep"],
    "tags": ["payments"],
    "metrics": [
        {
            "label": "Latency",
            "before_value": "3",
            "before_unit": "s",
            "after_value": "180",
            "unit": "ms",
        },
        {"label": "Abandonment", "before_value": "23", "after_value": "5", "unit": "%"},
    ],
}


def _story(owner, **data) -> Story:
    return services.story_create(owner=owner, data={**NEW_STORY, **data})


def test_anonymous_call_is_401(api_client):
    assert api_client.get(reverse("api:story-list")).status_code == 401


def test_create_story_with_nested_metrics_and_principles(user_api_client, user):
    response = user_api_client.post(reverse("api:story-list"), NEW_STORY, format="json")
    assert response.status_code == 201, response.data
    body = response.json()
    assert body["primary_principle"] == "deliver-results"
    assert body["secondary_principles"] == ["dive-deep"]
    assert [m["change_percent"] for m in body["metrics"]] == ["-94", "-78"]
    assert body["version"] == 1
    assert Story.objects.get(owner=user).metrics.count() == 2


def test_every_listed_story_is_the_same_as_its_detail_on_every_page(
    user_api_client, user, other_user
):
    """The list reads a page's principles and metrics in two queries of its own; the detail
    reads one story: they must agree."""
    _story(user, secondary_principles=["ownership", "dive-deep"])  # listed in display order
    add_stories(user, 27)
    _story(other_user, secondary_principles=["ownership"])
    first = user_api_client.get(reverse("api:story-list")).json()
    listed = first["results"] + user_api_client.get(first["next"]).json()["results"]
    assert len(listed) == 28
    for item in listed:
        detail = user_api_client.get(reverse("api:story-detail", args=[item["id"]])).json()
        assert item == detail
    assert any(item["metrics"] for item in listed)
    assert any(len(item["secondary_principles"]) == 2 for item in listed)


def test_list_pages_25_stories_by_default_and_page_size_asks_for_more(user_api_client, user):
    add_stories(user, 30)
    url = reverse("api:story-list")
    first = user_api_client.get(url).json()
    assert (len(first["results"]), first["count"]) == (25, 30)
    rest = user_api_client.get(first["next"]).json()["results"]
    listed = {s["id"] for s in first["results"]} | {s["id"] for s in rest}
    assert listed == set(Story.objects.filter(owner=user).values_list("pk", flat=True))
    assert len(user_api_client.get(url, {"page_size": 30}).json()["results"]) == 30


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"primary_principle": "be-nice"}, "primary_principle"),
        ({"secondary_principles": ["ownership", "nope"]}, "secondary_principles"),
        ({"metrics": [{"label": "Cost", "before_value": "lots", "after_value": "1"}]}, "metrics"),
        ({"action": "x" * 1_000_000}, "action"),
        ({"title": ""}, "title"),
        ({"confidence": 9}, "confidence"),
        ({"status": "finished"}, "status"),
    ],
)
def test_bad_input_is_400_with_field_error_and_nothing_saved(user_api_client, change, field):
    response = user_api_client.post(
        reverse("api:story-list"), {**NEW_STORY, **change}, format="json"
    )
    assert response.status_code == 400
    # Nested errors come flattened to dotted keys (metrics.0.before_value).
    assert field in {key.split(".")[0] for key in response.json()["fields"]}
    assert not Story.all_objects.exists()
    assert not StoryMetric.objects.exists()


def test_list_filters_and_searches(user_api_client, user, other_user):
    _story(user)
    _story(user, title="Team growth", primary_principle="hire-and-develop-the-best", action="")
    _story(other_user, title="Someone else")
    url = reverse("api:story-list")
    titles = [s["title"] for s in user_api_client.get(url).json()["results"]]
    assert sorted(titles) == ["Checkout latency rescue", "Team growth"]
    filtered = user_api_client.get(url, {"principle": "hire-and-develop-the-best"}).json()
    assert [s["title"] for s in filtered["results"]] == ["Team growth"]
    found = user_api_client.get(url, {"search": "profiling"}).json()
    assert [s["title"] for s in found["results"]] == ["Checkout latency rescue"]


def test_update_with_stale_version_is_409_with_current_story(user_api_client, user):
    story = _story(user)
    url = reverse("api:story-detail", args=[story.pk])
    first = user_api_client.patch(url, {"task": "Tab A", "version": 1}, format="json")
    assert first.status_code == 200 and first.json()["version"] == 2
    second = user_api_client.patch(url, {"task": "Tab B", "version": 1}, format="json")
    assert second.status_code == 409
    assert second.json()["code"] == "stale"
    assert second.json()["current"]["task"] == "Tab A"
    story.refresh_from_db()
    assert story.task == "Tab A"


def test_put_replaces_metrics_and_keeps_a_revision(user_api_client, user):
    story = _story(user)
    payload = {**NEW_STORY, "metrics": [NEW_STORY["metrics"][1]], "version": 1}
    response = user_api_client.put(
        reverse("api:story-detail", args=[story.pk]), payload, format="json"
    )
    assert response.status_code == 200
    assert len(response.json()["metrics"]) == 1
    revisions = user_api_client.get(reverse("api:story-revisions", args=[story.pk])).json()
    assert [(r["number"], r["source"]) for r in revisions] == [(2, "api"), (1, "created")]


def test_revision_get_and_restore(user_api_client, user):
    story = _story(user)
    user_api_client.patch(
        reverse("api:story-detail", args=[story.pk]), {"result": "Gone"}, format="json"
    )
    revision = user_api_client.get(reverse("api:story-revision-detail", args=[story.pk, 1]))
    assert revision.json()["snapshot"]["result"] == STRONG_STAR["result"]
    restored = user_api_client.post(reverse("api:story-revision-restore", args=[story.pk, 1]))
    assert restored.status_code == 200
    assert restored.json()["result"] == STRONG_STAR["result"]
    assert restored.json()["version"] == 3


def test_delete_is_soft_and_undelete_restores(user_api_client, user):
    story = _story(user)
    detail = reverse("api:story-detail", args=[story.pk])
    assert user_api_client.delete(detail).status_code == 204
    assert user_api_client.get(detail).status_code == 404
    deleted = user_api_client.get(reverse("api:story-deleted")).json()
    assert [s["id"] for s in deleted] == [story.pk]
    response = user_api_client.post(reverse("api:story-undelete", args=[story.pk]))
    assert response.status_code == 200
    assert user_api_client.get(detail).status_code == 200


def test_quality_report(user_api_client, user):
    story = _story(user)
    body = user_api_client.get(reverse("api:story-quality", args=[story.pk])).json()
    assert body["all_passed"] is True
    assert {c["key"] for c in body["checks"]} >= {"sections", "metric", "first_person"}
    assert body["times_told"] == 0


def test_coverage_matrix_endpoint(user_api_client, user, other_user):
    story = _story(user)
    _story(other_user)
    body = user_api_client.get(reverse("api:story-coverage")).json()
    assert body["story_count"] == 1
    assert (body["goal_min"], body["goal_max"]) == (20, 30)
    rows = {row["slug"]: row for row in body["principles"]}
    assert rows["deliver-results"]["stories"] == [
        {"id": story.pk, "title": story.title, "mark": "primary"}
    ]
    assert len(body["gaps"]) == 16


def test_nested_metrics_crud_goes_through_story_history(user_api_client, user):
    story = _story(user)
    url = reverse("api:story-metric-list", args=[story.pk])
    created = user_api_client.post(
        url, {"label": "Cost", "before_value": "100", "after_value": "60", "unit": "$k"}
    )
    assert created.status_code == 201, created.data
    assert created.json()["change_percent"] == "-40"
    metric_url = reverse("api:story-metric-detail", args=[story.pk, created.json()["id"]])
    patched = user_api_client.patch(metric_url, {"after_value": "50"})
    assert patched.json()["change_percent"] == "-50"
    bad = user_api_client.patch(metric_url, {"after_value": "cheap"})
    assert bad.status_code == 400 and "after_value" in bad.json()["fields"]
    assert user_api_client.delete(metric_url).status_code == 204
    assert story.metrics.count() == 2
    assert story.revisions.count() == 4


def test_rehearsal_log_and_due_list(user_api_client, user):
    story = _story(user)
    url = reverse("api:rehearsal-list", args=[story.pk])
    response = user_api_client.post(url, {"duration_seconds": 160, "self_rating": 2})
    assert response.status_code == 201
    due_on = response.json()["next_due_at"][:10]
    assert len(user_api_client.get(url).json()["results"]) == 1
    due = user_api_client.get(reverse("api:story-due"), {"on": due_on}).json()
    assert [s["id"] for s in due] == [story.pk]
    bad = user_api_client.post(url, {"duration_seconds": 0, "self_rating": 7})
    assert bad.status_code == 400
    assert set(bad.json()["fields"]) == {"duration_seconds", "self_rating"}


def test_usages_log_real_interviews(user_api_client, user):
    story = _story(user)
    url = reverse("api:story-usage-list", args=[story.pk])
    response = user_api_client.post(
        url, {"interview": "Acme onsite", "told_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 201, response.data
    missing = user_api_client.post(url, {"told_on": timezone.localdate().isoformat()})
    assert missing.status_code == 400
    assert story.usages.count() == 1


def test_practice_questions_link_unlink_and_unanswered(user_api_client, user, other_user):
    story = _story(user)
    foreign = _story(other_user)
    question = PracticeQuestion.objects.first()
    link = reverse("api:practice-question-link", args=[question.pk])
    assert user_api_client.post(link, {"story": foreign.pk}).status_code == 404
    response = user_api_client.post(link, {"story": story.pk})
    assert response.status_code == 201 and response.json()["stories"] == [story.pk]
    unanswered = user_api_client.get(reverse("api:practice-question-list"), {"unanswered": "1"})
    assert question.pk not in [q["id"] for q in unanswered.json()]
    assert len(unanswered.json()) == PracticeQuestion.objects.count() - 1
    unlink = reverse("api:practice-question-unlink", args=[question.pk, story.pk])
    assert user_api_client.delete(unlink).status_code == 204
    assert not story.practice_questions.exists()


def test_markdown_exports_escape_html(user_api_client, user):
    story = _story(user, title="<script>alert(1)</script>", situation="<b>bold</b>")
    one = user_api_client.get(reverse("api:story-markdown", args=[story.pk]))
    assert one["Content-Type"].startswith("text/markdown")
    text = one.content.decode()
    assert "## &lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "| Latency | 3 s | 180 ms | \u221294 %, better |" in text
    bank = user_api_client.get(reverse("api:story-bank-markdown")).content.decode()
    assert "<script>" not in bank and "# STAR story bank" in bank


@pytest.mark.parametrize(
    ("name", "method", "extra"),
    [
        ("api:story-detail", "get", []),
        ("api:story-detail", "patch", []),
        ("api:story-detail", "delete", []),
        ("api:story-quality", "get", []),
        ("api:story-markdown", "get", []),
        ("api:story-revisions", "get", []),
        ("api:story-revision-detail", "get", [1]),
        ("api:story-revision-restore", "post", [1]),
        ("api:story-metric-list", "get", []),
        ("api:story-metric-list", "post", []),
        ("api:rehearsal-list", "get", []),
        ("api:rehearsal-list", "post", []),
        ("api:story-usage-list", "get", []),
        ("api:story-undelete", "post", []),
    ],
)
def test_other_users_story_is_404_through_every_route(
    user_api_client, other_user, name, method, extra
):
    story = _story(other_user)
    response = getattr(user_api_client, method)(reverse(name, args=[story.pk, *extra]), {})
    assert response.status_code == 404
    story.refresh_from_db()
    assert story.deleted_at is None and story.version == 1


def test_other_users_metric_is_404_even_under_own_story(user_api_client, user, other_user):
    mine = _story(user)
    foreign_metric = _story(other_user).metrics.first()
    for story_pk in (mine.pk, foreign_metric.story_id):
        url = reverse("api:story-metric-detail", args=[story_pk, foreign_metric.pk])
        assert user_api_client.get(url).status_code == 404
        assert user_api_client.delete(url).status_code == 404
    assert StoryMetric.objects.filter(pk=foreign_metric.pk).exists()


def _count(client, url) -> int:
    # The per-user numbers computed afresh: the stories below are added in bulk, past the
    # services that would drop the cached ones.
    clear_this_process_cache()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url_name", ["api:story-list", "api:story-coverage", "api:practice-question-list"]
)
def test_list_endpoints_run_constant_queries(user_api_client, user, url_name):
    _story(user)
    small = _count(user_api_client, reverse(url_name))
    add_stories(user, 199)
    assert _count(user_api_client, reverse(url_name) + "?page_size=200") == small


def test_schema_lists_story_endpoints(user_api_client):
    schema = user_api_client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    for path in [
        "/api/stories/",
        "/api/stories/{id}/quality/",
        "/api/stories/coverage/",
        "/api/stories/{story_pk}/revisions/{number}/restore/",
        "/api/stories/{story_pk}/metrics/{id}/",
        "/api/stories/{story_pk}/rehearsals/",
        "/api/stories/markdown/",
        "/api/practice-questions/",
    ]:
        assert path in paths, path


def test_usage_links_own_mock_interview_but_not_someone_elses(user_api_client, user, other_user):
    def mock_for(owner):
        plan = plan_create(
            user=owner,
            level="L6",
            start_date=timezone.localdate() - datetime.timedelta(days=7),
            interview_date=None,
            hours_per_week=10,
            timezone_name="UTC",
            reminder_weekday=0,
            reminder_time=datetime.time(8, 0),
        )
        return mock_interview_log(
            plan=plan, interview_type="behavioural", held_on=timezone.localdate(), score=4
        )

    story = _story(user)
    url = reverse("api:story-usage-list", args=[story.pk])
    today = timezone.localdate().isoformat()
    foreign = user_api_client.post(
        url, {"mock_interview": mock_for(other_user).pk, "told_on": today}
    )
    assert foreign.status_code == 400 and "mock_interview" in foreign.json()["fields"]
    own = user_api_client.post(url, {"mock_interview": mock_for(user).pk, "told_on": today})
    assert own.status_code == 201, own.json()
    assert story.usages.get().mock_interview.owner == user
