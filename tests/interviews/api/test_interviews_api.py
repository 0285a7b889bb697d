import pytest
from rest_framework.test import APIClient

from interviews.models import Application, Round, StoryAssignment
from stories.models import StoryUsage
from tests.factories import StoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_anonymous_api_calls_are_401(five_round_loop):
    client = APIClient()
    assert client.get("/api/applications/").status_code == 401
    assert client.get(f"/api/interview-loops/{five_round_loop.pk}/brief/").status_code == 401


def test_application_crud_and_move_through_the_api(api):
    created = api.post(
        "/api/applications/", {"company": "Amazon", "role": "SDM III", "level": "L7"}, format="json"
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    moved = api.post(
        f"/api/applications/{pk}/move/", {"status": "applied", "changed_on": "2030-01-05"}
    )
    assert moved.status_code == 200
    assert moved.json()["history"][-1] == {
        "from_status": "interested",
        "to_status": "applied",
        "changed_on": "2030-01-05",
    }
    assert api.delete(f"/api/applications/{pk}/").status_code == 204


def test_bad_application_input_is_a_field_error(api):
    response = api.post(
        "/api/applications/", {"company": "", "role": "EM", "level": "L9"}, format="json"
    )
    assert response.status_code == 400
    assert {"company", "level"} <= set(response.json()["fields"])
    assert not Application.objects.exists()


def test_another_users_application_is_404(five_round_loop):
    client = APIClient()
    client.force_authenticate(UserFactory())
    assert client.get(f"/api/applications/{five_round_loop.application_id}/").status_code == 404
    assert client.post(f"/api/interview-loops/{five_round_loop.pk}/plan/").status_code == 404
    assert client.get(f"/api/interview-loops/{five_round_loop.pk}/brief/").status_code == 404
    # Nor can a loop be attached to someone else's application.
    response = client.post(
        "/api/interview-loops/",
        {
            "application": five_round_loop.application_id,
            "starts_on": "2030-03-04",
            "ends_on": "2030-03-04",
        },
        format="json",
    )
    assert response.status_code == 400 and "application" in response.json()["fields"]


def test_round_outside_the_loop_and_overlap_are_field_errors(api, loop):
    outside = api.post(
        "/api/interview-rounds/",
        {"loop": loop.pk, "starts_at": "2030-03-06T10:00:00Z", "kind": "coding"},
        format="json",
    )
    assert outside.status_code == 400
    assert "starts_at" in outside.json()["fields"]
    first = api.post(
        "/api/interview-rounds/",
        {
            "loop": loop.pk,
            "starts_at": "2030-03-04T10:00:00Z",
            "kind": "bar_raiser",
            "principles": ["earn-trust", "dive-deep"],
        },
        format="json",
    )
    assert first.status_code == 201
    overlap = api.post(
        "/api/interview-rounds/",
        {"loop": loop.pk, "starts_at": "2030-03-04T10:30:00Z", "kind": "coding"},
        format="json",
    )
    assert overlap.status_code == 400
    assert "Overlaps" in overlap.json()["fields"]["starts_at"][0]
    assert Round.objects.count() == 1


def test_plan_pin_and_debrief_through_the_api(after_the_loop, api, five_round_loop, bank):
    plan = api.post(f"/api/interview-loops/{five_round_loop.pk}/plan/")
    assert plan.status_code == 200
    ids = [a["story"] for a in plan.json()["assignments"]]
    assert len(ids) == len(set(ids)) > 0
    round_ = five_round_loop.rounds.order_by("starts_at").first()
    draft = next(s for s in bank if s.title == "Customer Obsession story (draft)")
    pinned = api.post(
        f"/api/interview-rounds/{round_.pk}/pin/",
        {"principle": "customer-obsession", "story": draft.pk},
        format="json",
    )
    assert pinned.status_code == 200 and pinned.json()["pinned"] is True
    debrief = api.put(
        f"/api/interview-rounds/{round_.pk}/debrief/",
        {"asked": "Customer trade-off", "self_score": 4, "stories": [draft.pk]},
        format="json",
    )
    assert debrief.status_code == 200
    assert debrief.json()["stories"] == [draft.pk]
    assert StoryUsage.objects.filter(story=draft).count() == 1
    assert api.get(f"/api/interview-rounds/{round_.pk}/debrief/").json()["self_score"] == 4


def test_pin_or_debrief_with_another_users_story_is_a_field_error(api, five_round_loop):
    round_ = five_round_loop.rounds.first()
    stranger = StoryFactory(owner=UserFactory())
    pin = api.post(
        f"/api/interview-rounds/{round_.pk}/pin/",
        {"principle": "customer-obsession", "story": stranger.pk},
        format="json",
    )
    assert pin.status_code == 400 and "story" in pin.json()["fields"]
    debrief = api.put(
        f"/api/interview-rounds/{round_.pk}/debrief/",
        {"self_score": 3, "stories": [stranger.pk]},
        format="json",
    )
    assert debrief.status_code == 400 and "stories" in debrief.json()["fields"]
    assert not StoryAssignment.objects.exists()


@pytest.mark.parametrize(
    ("export_format", "media_type"),
    [("json", "application/json"), ("md", "text/markdown"), ("html", "text/html")],
)
def test_brief_formats(api, five_round_loop, bank, export_format, media_type):
    api.post(f"/api/interview-loops/{five_round_loop.pk}/plan/")
    response = api.get(f"/api/interview-loops/{five_round_loop.pk}/brief/?format={export_format}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(media_type)
    assert "Customer Obsession story (polished)" in response.content.decode()


def test_brief_document_shows_times_in_the_owners_zone_over_a_token(
    api, user, five_round_loop, bank
):
    user.timezone = "America/New_York"
    user.save(update_fields=["timezone"])

    response = api.get(f"/api/interview-loops/{five_round_loop.pk}/brief/?format=html")

    body = response.content.decode()
    assert "times in America/New_York" in body
    # The first round starts at 09:00 UTC: 04:00 in New York (EST) that day.
    assert "Mon 4 Mar 2030, 04:00" in body
    assert "Mon 4 Mar 2030, 09:00" not in body


def test_brief_pdf_has_the_rounds_and_stories(api, five_round_loop, bank):
    import io

    from pypdf import PdfReader

    api.post(f"/api/interview-loops/{five_round_loop.pk}/plan/")
    response = api.get(f"/api/interview-loops/{five_round_loop.pk}/brief/?format=pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Round 1: Behavioural" in text
    assert "Customer Obsession story (polished)" in " ".join(text.split())


def test_unknown_brief_format_is_a_field_error(api, five_round_loop):
    response = api.get(f"/api/interview-loops/{five_round_loop.pk}/brief/?format=docx")
    assert response.status_code == 400 and "format" in response.json()["fields"]


@pytest.mark.parametrize("starts_at", ["9999-12-31T23:59:00Z", "0001-01-01T00:00:00Z"])
def test_round_at_the_edge_of_time_is_a_field_error_not_a_crash(api, loop, starts_at):
    response = api.post(
        "/api/interview-rounds/",
        {"loop": loop.pk, "starts_at": starts_at, "kind": "coding"},
        format="json",
    )
    assert response.status_code == 400 and "starts_at" in response.json()["fields"]


def test_a_debrief_for_a_round_still_ahead_is_a_clear_400(api, five_round_loop):
    round_ = five_round_loop.rounds.order_by("starts_at").first()
    response = api.put(
        f"/api/interview-rounds/{round_.pk}/debrief/",
        {"asked": "Too early", "self_score": 4, "stories": []},
        format="json",
    )
    assert response.status_code == 400
    assert "once it has taken place" in str(response.json())
    assert api.get(f"/api/interview-rounds/{round_.pk}/debrief/").status_code == 404
