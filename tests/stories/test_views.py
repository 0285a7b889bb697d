import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stories import selectors, services
from stories.models import LeadershipPrinciple, PracticeQuestion, Story
from tests.cache import clear_this_process_cache
from tests.factories import StoryFactory, StoryMetricFactory
from tests.stories.bank import add_stories
from tests.stories.examples import STRONG_STAR

pytestmark = pytest.mark.django_db

XSS = "<script>alert('x')</script>"


def _editor_post(story: Story, **changes) -> dict:
    data = {
        "title": story.title,
        "framework": story.framework,
        "version": story.version,
        "status": story.status,
        "confidence": story.confidence,
        "metrics-TOTAL_FORMS": "0",
        "metrics-INITIAL_FORMS": "0",
        "metrics-MIN_NUM_FORMS": "0",
        "metrics-MAX_NUM_FORMS": "30",
    }
    data.update(changes)
    return data


def _rich_story(owner) -> Story:
    story = services.story_create(
        owner=owner,
        data={
            "title": "Checkout latency rescue",
            **STRONG_STAR,
            "primary_principle": "deliver-results",
            "secondary_principles": ["dive-deep"],
            "metrics": [{"label": "Latency", "before_value": 3000, "after_value": 180}],
        },
    )
    services.story_rehearse(story=story, duration_seconds=150, self_rating=3)
    services.story_usage_add(story=story, told_on=timezone.localdate(), interview="Acme loop")
    return story


def _queries(client, url: str) -> int:
    # Counted with the per-user numbers computed afresh: tests add stories in bulk, past the
    # services that would drop the cached ones.
    clear_this_process_cache()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    ["stories:list", "stories:create", "stories:matrix", "stories:questions", "stories:trash"],
)
def test_anonymous_visitor_is_sent_to_login(client, url):
    response = client.get(reverse(url))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_create_page_starts_a_story_with_only_a_title(user_client, user):
    response = user_client.post(
        reverse("stories:create"), {"title": "Hiring loop redesign", "framework": "star_plus"}
    )
    story = Story.objects.get(owner=user)
    assert response["Location"] == reverse("stories:edit", args=[story.pk])
    assert story.revisions.count() == 1


def test_create_without_title_shows_field_error(user_client):
    response = user_client.post(reverse("stories:create"), {"title": "", "framework": "psi"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Story.all_objects.exists()


def test_editor_shows_prompts_and_quality_checks(user_client, user):
    story = _rich_story(user)
    page = user_client.get(reverse("stories:edit", args=[story.pk])).content.decode()
    assert "The heart of the answer" in page
    assert "Quality checks" in page
    assert 'data-check="metric" data-status="pass"' in page


def test_editor_save_keeps_incomplete_draft_and_metrics(user_client, user):
    story = services.story_create(owner=user, data={"title": "Draft"})
    data = _editor_post(
        story,
        situation="Only the situation so far.",
        primary_principle=LeadershipPrinciple.objects.get(slug="ownership").pk,
        **{
            "metrics-TOTAL_FORMS": "1",
            "metrics-0-label": "Deploy time",
            "metrics-0-before_value": "45",
            "metrics-0-after_value": "3",
            "metrics-0-unit": "min",
        },
    )
    response = user_client.post(reverse("stories:edit", args=[story.pk]), data)
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.situation == "Only the situation so far."
    assert story.version == 2
    assert story.metrics.get().change_percent == -93


def test_editor_refuses_non_numeric_metric_and_saves_nothing(user_client, user):
    story = services.story_create(owner=user, data={"title": "Draft"})
    data = _editor_post(
        story,
        situation="Changed",
        **{
            "metrics-TOTAL_FORMS": "1",
            "metrics-0-label": "Cost",
            "metrics-0-before_value": "a lot",
            "metrics-0-after_value": "3",
        },
    )
    response = user_client.post(reverse("stories:edit", args=[story.pk]), data)
    assert response.status_code == 200
    assert "Enter a number." in response.content.decode()
    story.refresh_from_db()
    assert story.situation == ""


def test_editor_refuses_a_megabyte_section(user_client, user):
    story = services.story_create(owner=user, data={"title": "Draft"})
    data = _editor_post(story, action="x" * 1_000_000)
    response = user_client.post(reverse("stories:edit", args=[story.pk]), data)
    assert "Ensure this value has at most 10000 characters" in response.content.decode()
    story.refresh_from_db()
    assert story.action == ""


def test_stale_editor_save_shows_both_versions_and_overwrites_only_when_asked(user_client, user):
    story = services.story_create(owner=user, data={"title": "Draft"})
    services.story_update(story=story, data={"task": "Saved in tab A"}, expected_version=1)
    url = reverse("stories:edit", args=[story.pk])
    response = user_client.post(url, _editor_post(story, version=1, task="Typed in tab B"))
    page = response.content.decode()
    assert response.status_code == 409
    assert "Another tab saved this story" in page
    assert "Saved in tab A" in page and "Typed in tab B" in page
    story.refresh_from_db()
    assert story.task == "Saved in tab A"
    response = user_client.post(
        url, _editor_post(story, version=1, task="Typed in tab B", overwrite_version=2)
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.task == "Typed in tab B"


def test_autosave_saves_draft_and_reports_time_and_version(user_client, user):
    story = services.story_create(owner=user, data={"title": "Draft"})
    response = user_client.post(
        reverse("stories:autosave", args=[story.pk]),
        _editor_post(story, action="I rebuilt the pipeline."),
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "Saved at" in body
    assert 'name="version" value="2"' in body
    story.refresh_from_db()
    assert story.action == "I rebuilt the pipeline."


def test_autosave_from_stale_tab_shows_conflict_and_writes_nothing(user_client, user):
    story = services.story_create(owner=user, data={"title": "Draft"})
    services.story_update(story=story, data={"action": "Newer"}, expected_version=1)
    response = user_client.post(
        reverse("stories:autosave", args=[story.pk]),
        _editor_post(story, version=1, action="Older tab"),
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "Not saved: another tab changed this story" in body
    assert "Keep this tab" in body
    story.refresh_from_db()
    assert story.action == "Newer"


def test_autosave_without_title_reports_the_error(user_client, user):
    story = services.story_create(owner=user, data={"title": "Draft"})
    response = user_client.post(
        reverse("stories:autosave", args=[story.pk]), _editor_post(story, title="")
    )
    assert "Not saved" in response.content.decode()
    story.refresh_from_db()
    assert story.title == "Draft"


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("stories:detail", "get"),
        ("stories:edit", "get"),
        ("stories:autosave", "post"),
        ("stories:history", "get"),
        ("stories:delete", "get"),
        ("stories:delete", "post"),
        ("stories:rehearse", "post"),
        ("stories:usage_add", "post"),
        ("stories:export", "get"),
    ],
)
def test_other_users_story_is_404(user_client, other_user, name, method):
    story = _rich_story(other_user)
    response = getattr(user_client, method)(reverse(name, args=[story.pk]))
    assert response.status_code == 404
    story.refresh_from_db()
    assert story.deleted_at is None


def test_other_users_revision_and_usage_are_404(user_client, user, other_user):
    story = _rich_story(other_user)
    mine = StoryFactory(owner=user)
    restore = reverse("stories:restore_revision", args=[story.pk, 1])
    assert user_client.post(restore).status_code == 404
    usage = story.usages.get()
    assert (
        user_client.post(reverse("stories:usage_delete", args=[mine.pk, usage.pk])).status_code
        == 404
    )
    assert story.usages.exists()


def test_other_users_deleted_story_cannot_be_restored(user_client, other_user):
    story = StoryFactory(owner=other_user)
    services.story_soft_delete(story=story)
    assert user_client.post(reverse("stories:undo_delete", args=[story.pk])).status_code == 404


def test_delete_offers_undo_and_undo_brings_story_back(user_client, user):
    story = StoryFactory(owner=user, title="Pager fatigue")
    confirm = user_client.get(reverse("stories:delete", args=[story.pk]))
    assert "30 days" in confirm.content.decode()
    response = user_client.post(reverse("stories:delete", args=[story.pk]), follow=True)
    page = response.content.decode()
    assert "was deleted" in page and "Undo delete" in page
    assert "Pager fatigue" not in page.split("was deleted")[1]
    user_client.post(reverse("stories:undo_delete", args=[story.pk]))
    story.refresh_from_db()
    assert story.deleted_at is None


def test_history_shows_diff_and_restore_creates_new_revision(user_client, user):
    story = services.story_create(owner=user, data={"title": "Draft", "task": "First words"})
    services.story_update(story=story, data={"task": "Second words"})
    page = user_client.get(reverse("stories:history", args=[story.pk])).content.decode()
    assert '<del class="bg-danger-subtle">First</del>' in page
    assert '<ins class="bg-success-subtle">Second</ins>' in page
    user_client.post(reverse("stories:restore_revision", args=[story.pk, 1]))
    story.refresh_from_db()
    assert story.task == "First words"
    assert story.revisions.count() == 3


def test_detail_shows_metrics_usage_and_rehearsal(user_client, user):
    story = _rich_story(user)
    page = user_client.get(reverse("stories:detail", args=[story.pk])).content.decode()
    assert "\u221294 %" in page
    assert "Told 1 time" in page
    assert "Next rehearsal due" in page
    assert "data-rehearsal-timer" in page


def test_rehearse_and_log_usage_from_story_page(user_client, user):
    story = StoryFactory(owner=user)
    user_client.post(
        reverse("stories:rehearse", args=[story.pk]), {"duration_seconds": 140, "self_rating": 3}
    )
    user_client.post(
        reverse("stories:usage_add", args=[story.pk]),
        {"interview": "Acme onsite", "told_on": timezone.localdate().isoformat()},
    )
    story.refresh_from_db()
    assert story.next_rehearsal_at is not None
    assert story.usages.get().interview == "Acme onsite"


def test_bad_rehearsal_is_refused_with_message(user_client, user):
    story = StoryFactory(owner=user)
    response = user_client.post(
        reverse("stories:rehearse", args=[story.pk]),
        {"duration_seconds": "soon", "self_rating": 9},
        follow=True,
    )
    assert "Not logged" in response.content.decode()
    assert not story.rehearsals.exists()


def test_html_in_any_field_is_escaped_in_pages_and_exports(user_client, user):
    story = services.story_create(
        owner=user,
        data={
            "title": XSS,
            "action": XSS,
            "tags": [XSS[:30]],
            "metrics": [{"label": XSS, "before_value": 1, "after_value": 2}],
        },
    )
    services.story_usage_add(story=story, told_on=timezone.localdate(), interview=XSS)
    for url in [
        reverse("stories:list"),
        reverse("stories:detail", args=[story.pk]),
        reverse("stories:edit", args=[story.pk]),
        reverse("stories:history", args=[story.pk]),
        reverse("stories:matrix"),
        reverse("stories:export", args=[story.pk]),
        reverse("stories:bank_export"),
        reverse("dashboard"),
    ]:
        body = user_client.get(url).content.decode()
        assert "<script>alert" not in body, url
    assert (
        "&lt;script&gt;"
        in user_client.get(reverse("stories:detail", args=[story.pk])).content.decode()
    )


def test_list_row_counts_the_metrics_the_detail_shows(user_client, user):
    story = StoryFactory(owner=user, title="Two numbers")
    StoryMetricFactory(story=story, label="Latency")
    StoryMetricFactory(story=story, label="Cost", position=1)
    StoryFactory(owner=user, title="No numbers")
    page = user_client.get(reverse("stories:list")).content.decode()
    detail = user_client.get(reverse("stories:detail", args=[story.pk])).content.decode()
    assert "Latency" in detail and "Cost" in detail
    assert page.count("2 metrics") == 1 and page.count("0 metrics") == 1


def test_every_page_of_the_bank_gives_each_story_the_numbers_its_own_page_gives(
    user_client, user, other_user
):
    """The rows count per page (three grouped queries over the page's stories); the story's
    own page counts the one story: the two must agree on page 1 and on "Show more"."""
    add_stories(user, 30)
    stories = list(Story.objects.filter(owner=user).order_by("-updated_at", "-id"))
    today = timezone.localdate()
    for story in (stories[0], stories[-1]):  # one on each page
        services.story_usage_add(story=story, told_on=today, interview="Acme loop")
        services.story_usage_add(
            story=story, told_on=today + datetime.timedelta(days=3), interview="Planned"
        )
        StoryMetricFactory(story=story, label="Latency", position=9)
        story.secondary_principles.set(LeadershipPrinciple.objects.filter(slug="dive-deep"))
    services.story_usage_add(
        story=StoryFactory(owner=other_user), told_on=today, interview="Someone else's loop"
    )
    first = user_client.get(reverse("stories:list")).content.decode()
    more = user_client.get(reverse("stories:list"), {"page": 2}, HTTP_HX_REQUEST="true")
    rows = first + more.content.decode()

    for story in (stories[0], stories[-1]):
        story.refresh_from_db()
        detail_link = f'href="{reverse("stories:detail", args=[story.pk])}"'
        row = " ".join(rows.split(detail_link, 1)[1].split("</a>", 1)[0].split())
        summary = selectors.story_usage_summary(story)
        metrics = story.metrics.count()
        secondary = story.secondary_principles.order_by("display_order")
        assert (
            f"<strong>{story.primary_principle.name}</strong>"
            + "".join(f" · {principle.name}" for principle in secondary)
            in row
        ), story.title
        assert (
            f"{metrics} metric{'s' if metrics != 1 else ''} · confidence {story.confidence}/5 · "
            f"told {summary.times_told}× (last {summary.last_told:%-d %b %Y})"  # noqa: RUF001 - the page prints a multiplication sign
        ) in row, story.title


def test_filtered_list_still_counts_the_whole_bank(user_client, user):
    StoryFactory(owner=user, title="Alpha crisis", category="crisis")
    StoryFactory(owner=user, title="Beta team", category="team_building")
    page = user_client.get(reverse("stories:list"), {"category": "crisis"}).content.decode()
    assert "<strong>2</strong> stories in your bank" in page
    assert "1 story match." in page


def test_list_filters_search_and_sort(user_client, user):
    StoryFactory(owner=user, title="Alpha crisis", category="crisis", status="ready")
    StoryFactory(owner=user, title="Beta team", category="team_building", target_level="L7")
    story = services.story_create(
        owner=user, data={"title": "Gamma", "primary_principle": "frugality"}
    )
    url = reverse("stories:list")
    assert "Beta team" not in user_client.get(url, {"category": "crisis"}).content.decode()
    assert "Alpha crisis" not in user_client.get(url, {"level": "L7"}).content.decode()
    page = user_client.get(url, {"principle": "frugality"}).content.decode()
    assert story.title in page and "Alpha crisis" not in page
    assert '<option value="frugality" selected>' in page
    assert '<option value="dive-deep">' in page
    page = user_client.get(url, {"q": "beta"}).content.decode()
    assert "Beta team" in page and "Alpha crisis" not in page
    page = user_client.get(url, {"sort": "title"}).content.decode()
    assert page.index("Alpha crisis") < page.index("Beta team") < page.index("Gamma")


def test_matrix_links_cells_to_stories_and_flags_gaps(user_client, user, other_user):
    story = _rich_story(user)
    foreign = _rich_story(other_user)
    page = user_client.get(reverse("stories:matrix")).content.decode()
    assert reverse("stories:detail", args=[story.pk]) in page
    assert reverse("stories:detail", args=[foreign.pk]) not in page
    assert page.count('badge text-bg-warning">gap') == 16


def test_practice_questions_link_and_unlink_a_story(user_client, user, other_user):
    story = StoryFactory(owner=user, title="Mine")
    foreign = StoryFactory(owner=other_user)
    question = PracticeQuestion.objects.first()
    url = reverse("stories:question_link")
    assert user_client.post(url, {"question": question.pk, "story": foreign.pk}).status_code == 404
    user_client.post(url, {"question": question.pk, "story": story.pk})
    assert list(story.practice_questions.all()) == [question]
    page = user_client.get(reverse("stories:questions"), {"unanswered": "1"}).content.decode()
    assert f'id="question-{question.pk}"' not in page
    user_client.post(url, {"question": question.pk, "story": story.pk, "unlink": "1"})
    assert not story.practice_questions.exists()


def test_every_principle_has_at_least_three_practice_questions():
    for principle in LeadershipPrinciple.objects.all():
        assert principle.practice_questions.count() >= 3, principle.slug


def test_dashboard_card_shows_goal_gaps_and_due_stories(user_client, user):
    story = StoryFactory(
        owner=user, title="Due one", next_rehearsal_at=timezone.now() - datetime.timedelta(1)
    )
    page = user_client.get(reverse("dashboard")).content.decode()
    assert "of 20-30 stories" in page
    assert "16 principles with fewer than two stories" in page
    assert reverse("stories:detail", args=[story.pk]) in page


@pytest.mark.parametrize(
    "url_name",
    [
        "stories:list",
        "stories:matrix",
        "stories:edit",
        "stories:detail",
        "stories:questions",
        "dashboard",
    ],
)
def test_pages_run_the_same_number_of_queries_for_1_and_200_stories(user_client, user, url_name):
    first = _rich_story(user)
    needs_pk = url_name in {"stories:edit", "stories:detail"}
    url = reverse(url_name, args=[first.pk] if needs_pk else [])
    small = _queries(user_client, url)
    add_stories(user, 199)
    assert Story.objects.filter(owner=user).count() == 200
    assert _queries(user_client, url) == small


def test_editor_cannot_touch_another_users_metric_through_the_formset(user_client, user):
    story = services.story_create(owner=user, data={"title": "Mine"})
    foreign = StoryMetricFactory(label="Theirs")
    data = _editor_post(
        story,
        **{
            "metrics-TOTAL_FORMS": "1",
            "metrics-INITIAL_FORMS": "1",
            "metrics-0-id": str(foreign.pk),
            "metrics-0-label": "Hijacked",
            "metrics-0-before_value": "1",
            "metrics-0-after_value": "2",
        },
    )
    user_client.post(reverse("stories:edit", args=[story.pk]), data)
    foreign.refresh_from_db()
    assert (foreign.label, foreign.story.owner) != ("Hijacked", user)
    assert foreign.label == "Theirs"
    assert story.metrics.get().pk != foreign.pk


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="server-side cursors are PostgreSQL's"
)
def test_story_list_reads_its_principle_menu_in_one_round_trip(user_client):
    with CaptureQueriesContext(connection) as queries:
        assert user_client.get(reverse("stories:list")).status_code == 200

    assert not [q["sql"] for q in queries.captured_queries if q["sql"].startswith("DECLARE")]


def test_admin_lists_stories_including_deleted(admin_client, user):
    story = StoryFactory(owner=user, title="Bin me")
    services.story_soft_delete(story=story)
    assert "Bin me" in admin_client.get(reverse("admin:stories_story_changelist")).content.decode()


def test_admin_deleting_a_story_drops_the_owners_cached_bank_counts(
    admin_client, user, django_capture_on_commit_callbacks
):
    kept = StoryFactory(owner=user, title="Kept")
    binned = StoryFactory(owner=user, title="Binned in the admin")
    services.story_soft_delete(story=binned)
    assert selectors.coverage_summary_cached(user=user).story_count == 1

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:stories_story_delete", args=[kept.pk]), {"post": "yes"})

    assert not Story.all_objects.filter(pk=kept.pk).exists()
    assert selectors.coverage_summary_cached(user=user).story_count == 0


def test_story_page_suggests_questions_for_its_principles_and_links_one(user_client, user):
    story = services.story_create(owner=user, data={"title": "X", "primary_principle": "frugality"})
    question = PracticeQuestion.objects.filter(principle__slug="frugality").first()
    page = user_client.get(reverse("stories:detail", args=[story.pk])).content.decode()
    assert question.text in page
    response = user_client.post(
        reverse("stories:question_link"),
        {"question": question.pk, "story": story.pk, "next_page": "story"},
    )
    assert response["Location"] == reverse("stories:detail", args=[story.pk])
    assert list(story.practice_questions.all()) == [question]


def test_times_are_shown_in_the_users_time_zone(user_client, user):
    user.timezone = "Asia/Tokyo"
    user.save(update_fields=["timezone"])
    due = datetime.datetime(2026, 1, 1, 23, 30, tzinfo=datetime.UTC)
    story = StoryFactory(owner=user, next_rehearsal_at=due)
    page = user_client.get(reverse("stories:detail", args=[story.pk])).content.decode()
    assert "Next rehearsal due Fri 2 Jan, 08:30" in page
