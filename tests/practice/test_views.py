import datetime as dt
import re

import pytest
from django.urls import reverse

from practice import services
from practice.models import LibraryItem, PracticeSession
from studyplan.models import Activity
from tests.practice.conftest import NOW, current_week, make_plan, start_session

pytestmark = pytest.mark.django_db


def _private_items(user, count):
    LibraryItem.objects.bulk_create(
        LibraryItem(owner=user, title=f"Mine {n}", area="coding", source="own", week=5)
        for n in range(count)
    )


def test_library_page_lists_and_filters(user_client):
    filters = {"area": "design", "level": "L7"}
    response = user_client.get(reverse("practice:library"), filters)
    assert response.status_code == 200
    pages = [response.content.decode()]
    while "Next</a>" in pages[-1]:
        next_page = {**filters, "page": len(pages) + 1}
        pages.append(user_client.get(reverse("practice:library"), next_page).content.decode())
    body = "".join(pages)
    assert "Shared ML platform" in body and "Two Sum" not in body
    assert "Hotel reservation" not in body  # an L6-only problem
    # Every page keeps the filters in its links, and the menus show them chosen.
    assert "area=design&amp;level=L7&amp;page=2" in pages[0]
    assert '<option value="design" selected>' in pages[0]
    assert '<option value="L7" selected>' in pages[0]


def test_library_filter_form_shows_what_was_typed_and_ticked(user_client):
    body = user_client.get(
        reverse("practice:library"), {"q": "<b>cache</b>", "week": "3", "due": "on"}
    ).content.decode()
    assert (
        'name="q" id="id_q" class="form-control" maxlength="200" value="&lt;b&gt;cache&lt;/b&gt;"'
        in body
    )
    assert 'name="week" id="id_week" class="form-control" min="1" max="52" value="3">' in body
    assert 'name="due" id="id_due" class="form-check-input" checked' in body


def test_library_filter_with_bad_week_is_shown_as_an_error(user_client):
    response = user_client.get(reverse("practice:library"), {"week": "-3", "area": "zzz"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "greater than or equal to 1" in body
    # Each refused filter is marked invalid and points at its message.
    for name in ("week", "area"):
        assert f'aria-invalid="true" aria-describedby="id_{name}_error"' in body
        assert f'id="id_{name}_error"' in body


def test_library_pattern_filter_is_a_list_of_readable_names(user_client):
    url = reverse("practice:library")
    page = user_client.get(url).content.decode()
    assert '<option value="sliding-window">Sliding window</option>' in page
    window = user_client.get(url, {"pattern": "sliding-window"}).content.decode()
    assert "8 items" in window and "Pattern: Sliding window" in window
    unknown = user_client.get(url, {"pattern": "sliding window"}).content.decode()
    assert "Select a valid choice" in unknown


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("practice:library"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_other_users_private_item_and_session_are_404(user_client, other_user, design_item):
    theirs = services.item_create_private(user=other_user, title="Secret", area="design")
    session = services.session_start(user=other_user, item=design_item, level="L6")
    assert user_client.get(reverse("practice:item", args=[theirs.pk])).status_code == 404
    assert user_client.get(reverse("practice:session", args=[session.pk])).status_code == 404
    finish = reverse("practice:session_finish", args=[session.pk])
    assert user_client.post(finish, {"duration_seconds": 10}).status_code == 404


def test_session_journey_through_pages(
    user_client, user, plan, design_item, django_capture_on_commit_callbacks
):
    response = user_client.post(reverse("practice:session_start", args=[design_item.pk]))
    session = PracticeSession.objects.get(owner=user)
    assert response["Location"] == reverse("practice:session", args=[session.pk])
    page = user_client.get(response["Location"]).content.decode()
    assert 'id="timer"' in page and "Diagram (Mermaid)" in page and "Scale estimates" in page
    # 45 minutes later on the server's clock.
    PracticeSession.objects.filter(pk=session.pk).update(started_at=NOW - dt.timedelta(minutes=46))
    data = {
        "duration_seconds": 2700,
        "notes": "**Cache** the redirects <script>alert(1)</script>",
        "diagram": "graph TD\n  A[Client] --> B[API]",
    } | {f"rubric_{key}": 3 for key in ("requirements", "estimates", "trade_offs", "operations")}
    data["rubric_cost"] = 2
    with django_capture_on_commit_callbacks(execute=True):
        done = user_client.post(reverse("practice:session_finish", args=[session.pk]), data)
    assert done.status_code == 302
    result = user_client.get(done["Location"]).content.decode()
    assert "<strong>Cache</strong>" in result and "<script>alert" not in result
    assert 'data-mermaid-source="diagram-source-' in result and "60%" in result
    assert "time 45 min (target 45 min)" in result
    assert Activity.objects.filter(owner=user, kind="system_design").count() == 1


@pytest.mark.parametrize("seconds", ["-5", "21601"])
def test_bad_timer_result_is_a_field_error_and_nothing_is_saved(
    user_client, user, design_item, seconds
):
    session = start_session(user, design_item)
    data = {"duration_seconds": seconds} | {
        f"rubric_{key}": 3
        for key in ("requirements", "estimates", "trade_offs", "operations", "cost")
    }
    response = user_client.post(reverse("practice:session_finish", args=[session.pk]), data)
    assert response.status_code == 400
    assert re.search(r"cannot be negative|six hours", response.content.decode())
    session.refresh_from_db()
    assert not session.is_finished


def test_reloading_a_running_session_continues_the_timer_and_keeps_the_draft(
    user_client, user, design_item, frozen_now
):
    session = start_session(user, design_item, minutes_ago=7)
    url = reverse("practice:session", args=[session.pk])
    status = user_client.post(
        reverse("practice:session_draft", args=[session.pk]),
        {"notes": "Cache <em>hot</em> keys", "diagram": "graph TD\n  A --> B"},
    ).content.decode()
    assert "Draft saved at 12:00:00" in status
    page = user_client.get(url).content.decode()
    assert 'data-elapsed-seconds="420"' in page and '<span id="timer-elapsed">07:00</span>' in page
    assert "Cache &lt;em&gt;hot&lt;/em&gt; keys</textarea>" in page
    assert "A --&gt; B</textarea>" in page


def test_a_refused_submit_keeps_everything_typed_with_the_field_error(
    user_client, user, design_item, frozen_now
):
    session = start_session(user, design_item, minutes_ago=1)
    data = {
        "duration_seconds": "2400",
        "notes": "My **notes**",
        "diagram": "graph LR\n  Client --> API",
        "rubric_requirements": "4",
        "rubric_cost": "2",
    }
    url = reverse("practice:session_finish", args=[session.pk])
    response = user_client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "This session started 1 min ago, so the time spent can be at most 120 seconds." in body
    assert 'value="2400"' in body  # the refused time stays, next to its error
    assert "My **notes**</textarea>" in body and "Client --&gt; API</textarea>" in body
    assert re.search(r'name="rubric_requirements" value="4"[^>]*checked', body)
    assert re.search(r'name="rubric_cost" value="2"[^>]*checked', body)
    session.refresh_from_db()
    assert not session.is_finished
    # Kept as the draft too: a reload after the refusal still shows the text.
    assert (session.notes, session.diagram) == ("My **notes**", "graph LR\n  Client --> API")


def test_draft_of_a_finished_session_is_refused(user_client, user, design_item):
    session = services.item_mark_done(user=user, item=design_item, level="L6")
    status = user_client.post(
        reverse("practice:session_draft", args=[session.pk]), {"notes": "late"}
    ).content.decode()
    assert "Draft not saved: This session is finished" in status
    session.refresh_from_db()
    assert session.notes == ""


def test_a_design_session_brief_has_a_heading_per_list(user_client, user, design_item):
    session = start_session(user, design_item)
    page = user_client.get(reverse("practice:session", args=[session.pk])).content.decode()
    brief = page.split('id="design-brief"')[1].split("</details>")[0]
    for heading in ("Clarify first", "Scale to assume", "Trade-offs to discuss", "L6 versus L7"):
        assert f'<h2 class="h5">{heading}</h2>' in brief


def test_behavioural_session_shows_follow_ups_after_the_answer(user_client, user, behavioural_item):
    session = services.session_start(user=user, item=behavioural_item, level="L6")
    page = user_client.get(reverse("practice:session", args=[session.pk])).content.decode()
    assert 'id="follow-ups"' in page and "Give me another example" in page
    assert "STAR structure" in page and "Mermaid" not in page.split("<form")[1]


def test_private_item_form_adds_and_rejects_bad_input(user_client, user):
    url = reverse("practice:item_new")
    bad = user_client.post(
        url, {"title": "", "area": "design", "level": "L6", "difficulty": "hard", "week": 99}
    )
    assert bad.status_code == 200 and not LibraryItem.objects.filter(owner=user).exists()
    good = user_client.post(
        url,
        {
            "title": "Design my team's pager",
            "area": "design",
            "level": "L6",
            "difficulty": "hard",
            "week": 8,
        },
    )
    item = LibraryItem.objects.get(owner=user)
    assert good["Location"] == reverse("practice:item", args=[item.pk])


def test_hide_and_show_again(user_client, user, design_item):
    url = reverse("practice:item_hide", args=[design_item.pk])
    link = f'href="{reverse("practice:item", args=[design_item.pk])}"'
    library = reverse("practice:library")
    user_client.post(url, {"hide": "1"})
    assert link not in user_client.get(library, {"area": "design"}).content.decode()
    user_client.post(url, {"hide": "0"})
    assert link in user_client.get(library, {"area": "design"}).content.decode()


def _week_practice(client, week, back: str) -> str:
    """The suggestions the week page loads after itself (htmx)."""
    url = reverse("studyplan:week_practice", args=[week.pk])
    response = client.get(url, {"next": back}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def test_week_page_suggests_items_and_log_done_counts(
    user_client, user, plan, django_capture_on_commit_callbacks
):
    week_url = reverse("studyplan:week_current")
    practice_url = reverse("studyplan:week_practice", args=[current_week(plan).pk])
    assert practice_url in user_client.get(week_url).content.decode()
    body = _week_practice(user_client, current_week(plan), week_url)
    assert "Practise this week" in body and "Hotel reservation system" in body
    assert f'name="next" value="{week_url}"' in body
    item = LibraryItem.objects.get(slug="design-hotel-reservation")
    with django_capture_on_commit_callbacks(execute=True):
        response = user_client.post(
            reverse("practice:item_done", args=[item.pk]), {"next": week_url}
        )
    assert response["Location"] == week_url
    body = user_client.get(week_url).content.decode()
    assert "Practice: Hotel reservation system" in body  # the logged activity
    assert Activity.objects.filter(owner=user, kind="system_design").count() == 1


def test_log_done_refuses_an_outside_redirect(user_client, design_item):
    response = user_client.post(
        reverse("practice:item_done", args=[design_item.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("practice:item", args=[design_item.pk])


def test_dashboard_shows_items_due_today(user_client, user, design_item, frozen_now):
    import datetime as dt

    import time_machine

    services.item_mark_done(user=user, item=design_item, level="L6")
    assert "Nothing due today" in user_client.get(reverse("dashboard")).content.decode()
    nothing_due = _queries(user_client, reverse("dashboard"))
    with time_machine.travel(frozen_now + dt.timedelta(days=2), tick=False):
        body = user_client.get(reverse("dashboard")).content.decode()
        # The card reads the item's title and area with the review: no query per item.
        assert _queries(user_client, reverse("dashboard")) == nothing_due
    item_url = reverse("practice:item", args=[design_item.pk])
    assert f'<a href="{item_url}">URL shortener</a>' in body
    assert "· System design" in body


def _queries(client, url, params=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


def test_library_page_query_count_is_the_same_for_1_and_500_own_items(user_client, user):
    url, params = reverse("practice:library"), {"q": "Mine"}
    _private_items(user, 1)
    small = _queries(user_client, url, params)
    _private_items(user, 499)
    assert _queries(user_client, url, params) == small
    print(f"library page: {small} queries")


def test_week_page_query_count_does_not_grow_with_practice(user_client, user, plan, design_item):
    url = reverse("studyplan:week_current")
    user_client.get(url)
    before = _queries(user_client, url)
    _private_items(user, 500)
    for item in LibraryItem.objects.filter(area="coding")[:30]:
        services.item_mark_done(user=user, item=item, level="L6")
    assert _queries(user_client, url) == before


def _mock_loop_post(user_client, title: str, rounds: dict):
    """Plan a mock loop through its page today; `rounds` holds the round formset's fields
    without their prefix ("0-interview_type")."""
    from tests.practice.conftest import NOW

    data = {
        "title": title,
        "held_on": NOW.date().isoformat(),
        "rounds-TOTAL_FORMS": "4",
        "rounds-INITIAL_FORMS": "0",
        **{f"rounds-{name}": value for name, value in rounds.items()},
    }
    return user_client.post(reverse("practice:loops"), data)


def test_mock_loop_pages_plan_score_and_chart(user_client, user, plan):
    response = _mock_loop_post(
        user_client,
        "Loop one",
        {
            "0-interview_type": "system_design",
            "1-interview_type": "bar_raiser",
            "1-principles": ["2"],
        },
    )
    assert response.status_code == 302
    loop_url = response["Location"]
    page = user_client.get(loop_url).content.decode()
    assert "System design" in page and "Bar raiser" in page
    loop_id = int(loop_url.rstrip("/").split("/")[-1])
    from practice.models import MockLoopRound

    for loop_round in MockLoopRound.objects.filter(loop_id=loop_id):
        url = reverse("practice:round_score", args=[loop_id, loop_round.pk])
        user_client.post(url, {"score": 4, "feedback": "Good depth"})
    trends = user_client.get(reverse("practice:loops")).content.decode()
    assert "<svg" in trends and "<polyline" in trends and "Scores by round type" in trends


def test_scored_rounds_without_principles_say_why_the_principle_chart_is_empty(
    user_client, user, plan
):
    from practice.models import MockLoopRound

    response = _mock_loop_post(
        user_client, "Loop without principles", {"0-interview_type": "coding"}
    )
    loop_url = response["Location"]
    loop_id = int(loop_url.rstrip("/").split("/")[-1])
    loop_round = MockLoopRound.objects.get(loop_id=loop_id)
    user_client.post(reverse("practice:round_score", args=[loop_id, loop_round.pk]), {"score": 3})
    trends = user_client.get(reverse("practice:loops")).content.decode()
    assert "Scores by round type" in trends and "<polyline" in trends
    assert "No scored round names a principle yet" in trends
    assert "No scored rounds yet." not in trends


def test_mock_loop_without_rounds_is_refused(user_client, user, plan):
    data = {
        "title": "Empty",
        "held_on": "2026-11-18",
        "rounds-TOTAL_FORMS": "4",
        "rounds-INITIAL_FORMS": "0",
    }
    response = user_client.post(reverse("practice:loops"), data)
    assert response.status_code == 400 and "at least one round" in response.content.decode()


def test_other_users_loop_is_404(user_client, other_user, frozen_now):
    from practice.models import MockLoop

    loop = MockLoop.objects.create(owner=other_user, title="x", held_on=frozen_now.date())
    assert user_client.get(reverse("practice:loop", args=[loop.pk])).status_code == 404


def test_week_of_current_plan_is_template_week_seven(plan):
    assert current_week(plan).template_week == 7


def test_first_week_proposes_items_from_the_weeks_ahead(user_client, user, plan):
    # The library's problems start at template week 2 and coding at week 5: a new user's first
    # week still gets something to practise in every area, each marked as getting ahead.
    first = plan.weeks.order_by("starts_on").first()
    assert first.template_week == 1
    body = _week_practice(user_client, first, reverse("studyplan:week", args=[first.pk]))
    assert "Practise this week" in body
    assert "You have done everything" not in body
    assert "no problem or question for this week" not in body
    assert "from week 2: get ahead" in body and "from week 5: get ahead" in body
    assert body.count("Start session") >= 3


def test_week_practice_is_a_page_of_its_own_without_javascript(user_client, plan):
    week = current_week(plan)
    response = user_client.get(
        reverse("studyplan:week_practice", args=[week.pk]), {"next": "https://evil.example/"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in body and "Hotel reservation system" in body
    # A "next" off this site is replaced by the week's own page.
    week_url = reverse("studyplan:week", args=[week.pk])
    assert f'name="next" value="{week_url}"' in body
    assert "evil.example" not in body


def test_week_practice_of_another_users_week_is_404(user_client, plan, other_user):
    other_week = make_plan(other_user).weeks.first()
    url = reverse("studyplan:week_practice", args=[other_week.pk])
    assert user_client.get(url).status_code == 404


def test_week_practice_needs_a_login(client, plan):
    url = reverse("studyplan:week_practice", args=[current_week(plan).pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_refused_mock_loop_keeps_what_was_typed_and_marks_the_field(user_client, user, plan):
    response = _mock_loop_post(
        user_client,
        "",
        {"0-interview_type": "bar_raiser", "0-principles": ["2", "5"], "1-principles": ["x"]},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_title" value="" class="form-control is-invalid"' in body
    assert "This field is required." in body
    assert '<option value="bar_raiser" selected>' in body
    assert '<option value="2" selected>' in body and '<option value="5" selected>' in body
    assert 'id="id_rounds-1-principles" class="form-select is-invalid"' in body
    assert not user.mock_loops.exists()


def test_a_round_with_principles_but_no_type_is_refused_not_dropped(user_client, user, plan):
    response = _mock_loop_post(
        user_client,
        "Loop",
        {"0-interview_type": "coding", "1-principles": ["2"], "2-interview_type": "bar_raiser"},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Choose the round type, or clear its principles." in body
    assert not user.mock_loops.exists()
