import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practice import services
from practice.models import LibraryItem, MockLoop, PracticeSession
from studyplan.models import Activity
from tests.practice.conftest import NOW, design_scores

pytestmark = pytest.mark.django_db

ITEMS = "/api/practice/items/"
SESSIONS = "/api/practice/sessions/"
LOOPS = "/api/practice/mock-loops/"


def test_library_filters_by_area_level_pattern_difficulty_week(user_api_client):
    response = user_api_client.get(
        ITEMS, {"area": "coding", "pattern": "sliding-window", "difficulty": "hard"}
    )
    titles = {row["title"] for row in response.json()["results"]}
    assert titles == {"Minimum Window Substring", "Sliding Window Maximum"}
    l7 = user_api_client.get(ITEMS, {"area": "design", "level": "L7", "week": 13}).json()
    assert {row["level"] for row in l7["results"]} <= {"L7", "both"}
    assert "Shared ML platform for many business units" in {r["title"] for r in l7["results"]}
    topic = user_api_client.get(ITEMS, {"topic": "genai"}).json()
    assert topic["count"] == 2


def test_pattern_filter_takes_the_slug_or_the_name(user_api_client, user):
    mine = services.item_create_private(
        user=user, title="My window problem", area="coding", pattern="Sliding window"
    )
    by_slug = user_api_client.get(ITEMS, {"pattern": "sliding-window"}).json()
    assert by_slug["count"] == 9 and mine.pk in {row["id"] for row in by_slug["results"]}
    for spelling in ("Sliding window", "sliding window", "SLIDING-WINDOW"):
        assert user_api_client.get(ITEMS, {"pattern": spelling}).json()["count"] == 9, spelling
    named = user_api_client.get(ITEMS, {"pattern": "Hash maps and sets"}).json()
    assert named["count"] > 0 and {row["pattern"] for row in named["results"]} == {"hashing"}
    assert user_api_client.get(ITEMS, {"pattern": "no such pattern"}).json()["count"] == 0


def test_due_filter_lists_only_items_due_now(user_api_client, user, design_item):
    import datetime as dt

    import time_machine

    services.item_mark_done(user=user, item=design_item, level="L6")
    assert user_api_client.get(ITEMS, {"due": "true"}).json()["count"] == 0
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=3)):
        due = user_api_client.get(ITEMS, {"due": "true"}).json()
    assert [row["id"] for row in due["results"]] == [design_item.pk]


@pytest.mark.parametrize(
    "params", [{"level": "L9"}, {"week": "0"}, {"area": "cooking"}, {"due": "maybe"}]
)
def test_bad_filters_are_field_errors(user_api_client, params):
    response = user_api_client.get(ITEMS, params)
    assert response.status_code == 400
    assert set(params) <= set(response.json()["fields"])


def test_anonymous_is_401(api_client):
    for url in (ITEMS, SESSIONS, LOOPS, "/api/practice/scores/"):
        assert api_client.get(url).status_code == 401


def test_private_items_are_owner_only(user_api_client, other_user):
    created = user_api_client.post(
        ITEMS, {"title": "My own design", "area": "design", "level": "L7", "week": 8}
    )
    assert created.status_code == 201 and created.json()["is_own"]
    theirs = services.item_create_private(user=other_user, title="Theirs", area="coding")
    assert user_api_client.get(f"{ITEMS}{theirs.pk}/").status_code == 404
    assert user_api_client.patch(f"{ITEMS}{theirs.pk}/", {"title": "x"}).status_code == 404
    assert user_api_client.delete(f"{ITEMS}{theirs.pk}/").status_code == 404
    assert user_api_client.post(f"{ITEMS}{theirs.pk}/hide/").status_code == 404
    own_id = created.json()["id"]
    assert user_api_client.patch(f"{ITEMS}{own_id}/", {"title": "Renamed"}).status_code == 200
    assert user_api_client.delete(f"{ITEMS}{own_id}/").status_code == 204


def test_library_items_cannot_be_edited_but_can_be_hidden(user_api_client, design_item):
    assert user_api_client.patch(f"{ITEMS}{design_item.pk}/", {"title": "x"}).status_code == 403
    assert user_api_client.post(f"{ITEMS}{design_item.pk}/hide/").status_code == 204
    ids = {
        row["id"]
        for row in user_api_client.get(ITEMS, {"area": "design", "page_size": 200}).json()[
            "results"
        ]
    }
    assert design_item.pk not in ids
    assert user_api_client.delete(f"{ITEMS}{design_item.pk}/hide/").status_code == 204


@pytest.mark.parametrize(
    "payload",
    [
        {"title": "", "area": "design"},
        {"title": "x" * 201, "area": "design"},
        {"title": "ok", "area": "cooking"},
        {"title": "ok", "area": "design", "week": 99},
        {"title": "ok", "area": "design", "link": "javascript:alert(1)"},
    ],
)
def test_bad_private_items_are_refused_and_nothing_is_saved(user_api_client, user, payload):
    response = user_api_client.post(ITEMS, payload)
    assert response.status_code == 400 and response.json()["fields"]
    assert not LibraryItem.objects.filter(owner=user).exists()


def test_session_start_and_finish_logs_the_plan_once(
    user_api_client, user, plan, design_item, django_capture_on_commit_callbacks
):
    started = user_api_client.post(SESSIONS, {"item": design_item.pk, "level": "L7"})
    assert started.status_code == 201 and started.json()["target_minutes"] == 45
    # The session began an hour ago, so its 2,600 s fit since the start.
    PracticeSession.objects.filter(pk=started.json()["id"]).update(
        started_at=NOW - dt.timedelta(hours=1)
    )
    url = f"{SESSIONS}{started.json()['id']}/finish/"
    body = {
        "duration_seconds": 2600,
        "notes": "n",
        "diagram": "graph TD\n A-->B",
        "rubric_scores": design_scores(4),
    }
    with django_capture_on_commit_callbacks(execute=True):
        finished = user_api_client.post(url, body, format="json")
    assert finished.status_code == 200 and finished.json()["score"] == 100
    again = user_api_client.post(url, body, format="json")
    assert again.status_code == 400
    assert Activity.objects.filter(owner=user, source_key__startswith="practice.").count() == 1
    scores = user_api_client.get("/api/practice/scores/").json()
    assert {"area": "design", "sessions": 1, "average": 100} in scores


@pytest.mark.parametrize("seconds", [-1, 6 * 3600 + 1, "abc"])
def test_bad_timer_result_is_a_field_error(user_api_client, user, design_item, seconds):
    session = services.session_start(user=user, item=design_item, level="L6")
    response = user_api_client.post(
        f"{SESSIONS}{session.pk}/finish/",
        {"duration_seconds": seconds, "rubric_scores": design_scores()},
        format="json",
    )
    assert response.status_code == 400
    assert "duration_seconds" in response.json()["fields"]
    session.refresh_from_db()
    assert not session.is_finished


def test_a_time_longer_than_the_session_has_existed_is_a_field_error(
    user_api_client, user, design_item, frozen_now
):
    session = services.session_start(
        user=user, item=design_item, level="L6", started_at=NOW - dt.timedelta(seconds=44)
    )
    url = f"{SESSIONS}{session.pk}/finish/"
    body = {"duration_seconds": 2400, "rubric_scores": design_scores()}
    response = user_api_client.post(url, body, format="json")
    assert response.status_code == 400
    assert response.json()["fields"]["duration_seconds"] == [
        "This session started 44 s ago, so the time spent can be at most 104 seconds."
    ]
    session.refresh_from_db()
    assert not session.is_finished
    fits = user_api_client.post(url, body | {"duration_seconds": 104}, format="json")
    assert fits.status_code == 200 and fits.json()["duration_seconds"] == 104


def test_draft_keeps_notes_until_the_finish_and_is_owner_only(
    user_api_client, user, other_user, design_item, frozen_now
):
    session = services.session_start(
        user=user, item=design_item, level="L6", started_at=NOW - dt.timedelta(minutes=50)
    )
    draft = f"{SESSIONS}{session.pk}/draft/"
    saved = user_api_client.post(draft, {"notes": "Shard by key", "diagram": "graph TD\n A-->B"})
    assert saved.status_code == 200 and saved.json()["notes"] == "Shard by key"
    assert user_api_client.get(f"{SESSIONS}{session.pk}/").json()["finished_at"] is None
    # Finishing without notes keeps the draft as the session's notes.
    finish = {"duration_seconds": 2700, "rubric_scores": design_scores()}
    finished = user_api_client.post(f"{SESSIONS}{session.pk}/finish/", finish, format="json")
    assert finished.json()["notes"] == "Shard by key"
    assert finished.json()["diagram"] == "graph TD\n A-->B"
    late = user_api_client.post(draft, {"notes": "changed"})
    assert late.status_code == 400 and "finished" in late.json()["detail"]
    theirs = services.session_start(user=other_user, item=design_item, level="L6")
    other = user_api_client.post(f"{SESSIONS}{theirs.pk}/draft/", {"notes": "x"})
    assert other.status_code == 404


def test_bad_rubric_is_a_field_error(user_api_client, user, design_item):
    session = services.session_start(user=user, item=design_item, level="L6")
    response = user_api_client.post(
        f"{SESSIONS}{session.pk}/finish/",
        {"duration_seconds": 10, "rubric_scores": {"requirements": 3}},
        format="json",
    )
    assert response.status_code == 400 and "rubric_scores" in response.json()["fields"]


def test_other_users_session_is_404(user_api_client, other_user, design_item):
    session = services.session_start(user=other_user, item=design_item, level="L6")
    assert user_api_client.get(f"{SESSIONS}{session.pk}/").status_code == 404
    finish = user_api_client.post(
        f"{SESSIONS}{session.pk}/finish/", {"duration_seconds": 5}, format="json"
    )
    assert finish.status_code == 404
    assert PracticeSession.objects.get(pk=session.pk).finished_at is None


def test_starting_on_another_users_item_is_404(user_api_client, other_user):
    theirs = services.item_create_private(user=other_user, title="Theirs", area="coding")
    assert user_api_client.post(SESSIONS, {"item": theirs.pk}).status_code == 404


def test_mock_loop_api_plans_scores_and_isolates(user_api_client, api_client, plan, other_user):
    payload = {
        "title": "Full loop",
        "held_on": NOW.date().isoformat(),
        "rounds": [
            {"interview_type": "coding"},
            {"interview_type": "bar_raiser", "principles": ["ownership", "dive-deep"]},
        ],
    }
    created = user_api_client.post(LOOPS, payload, format="json")
    assert created.status_code == 201
    loop = created.json()
    assert [r["interview_type"] for r in loop["rounds"]] == ["coding", "bar_raiser"]
    score_url = f"{LOOPS}{loop['id']}/rounds/{loop['rounds'][1]['id']}/score/"
    scored = user_api_client.post(score_url, {"score": 4, "feedback": "Crisp"}, format="json")
    assert scored.status_code == 200 and scored.json()["rounds"][1]["score"] == 4
    assert user_api_client.post(score_url, {"score": 9}, format="json").status_code == 400
    api_client.force_authenticate(other_user)
    assert api_client.get(f"{LOOPS}{loop['id']}/").status_code == 404
    assert api_client.post(score_url, {"score": 1}, format="json").status_code == 404


@pytest.mark.parametrize(
    "rounds",
    [
        [],
        [{"interview_type": "poetry"}],
        [{"interview_type": "coding", "principles": ["nope"]}],
        [{"interview_type": "coding"}] * 9,
    ],
)
def test_bad_mock_loops_are_refused(user_api_client, plan, rounds):
    response = user_api_client.post(
        LOOPS, {"title": "x", "held_on": NOW.date().isoformat(), "rounds": rounds}, format="json"
    )
    assert response.status_code == 400
    # Nested errors are flattened to dotted keys (rounds, rounds.0.interview_type, ...).
    assert any(key.split(".")[0] == "rounds" for key in response.json()["fields"])
    assert not MockLoop.objects.exists()


def _count(client, url, params):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def test_library_list_query_count_is_the_same_for_1_and_500_items(user_api_client, user):
    params = {"q": "Mine", "page_size": 200}

    def add(count):
        LibraryItem.objects.bulk_create(
            LibraryItem(owner=user, title=f"Mine {n}", area="coding", source="own")
            for n in range(count)
        )

    add(1)
    small = _count(user_api_client, ITEMS, params)
    add(499)
    assert _count(user_api_client, ITEMS, params) == small
    print(f"library API: {small} queries")


def test_schema_documents_the_practice_endpoints(user_api_client):
    schema = user_api_client.get("/api/schema/", {"format": "json"}).json()
    pattern = next(
        parameter
        for parameter in schema["paths"][ITEMS]["get"]["parameters"]
        if parameter["name"] == "pattern"
    )
    assert "sliding-window (Sliding window)" in pattern["description"]
    for path in (
        ITEMS,
        "/api/practice/items/{id}/hide/",
        "/api/practice/sessions/{id}/draft/",
        "/api/practice/sessions/{id}/finish/",
        LOOPS,
        "/api/practice/scores/",
    ):
        assert path in schema["paths"], path
