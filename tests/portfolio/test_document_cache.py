"""Cached portfolio documents never drift: after any change made through a service, every
export and page shows what a fresh rendering of the stored data shows."""

import json

import pytest
from django.urls import reverse

from accounts.services import user_update_profile
from portfolio import services
from portfolio.documents import export_body, page_document
from portfolio.exchange import portfolio_export_document
from portfolio.importer import portfolio_import
from portfolio.models import (
    CaseStudy,
    DashboardMetric,
    DecisionRecord,
    DiagramRendering,
    Portfolio,
)
from portfolio.selectors import portfolio_content_get
from portfolio.tasks import diagram_render_task
from stories import services as story_services
from stories.models import LeadershipPrinciple, Story, StoryMetric
from tests.portfolio.test_diagrams import _fake_renderer

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("api:portfolio-export")
TEXT_FORMATS = [("json", "full"), ("md", "full"), ("html", "full"), ("html", "brief")]
TEXT_FORMATS += [("jsonresume", "full")]


def _case(portfolio, title: str = "Case 1") -> CaseStudy:
    return CaseStudy.objects.get(portfolio=portfolio, title=title)


def _linked_story(portfolio) -> Story:
    return _case(portfolio).stories.order_by("title").last()


def _story_retitle(portfolio, user) -> None:
    story_services.story_update(story=_linked_story(portfolio), data={"title": "Rewritten"})


def _story_restore_first_revision(portfolio, user) -> None:
    story = _linked_story(portfolio)
    story_services.story_restore_revision(story=story, revision=story.revisions.get(number=1))


def _story_undo_delete(portfolio, user) -> None:
    story = Story.all_objects.filter(portfolio_case_studies__portfolio=portfolio).get(
        deleted_at__isnull=False
    )
    story_services.story_undo_delete(story=story)


def _import_export_of_another_title(portfolio, user) -> None:
    document = portfolio_export_document(portfolio_content_get(portfolio=portfolio))
    document["case_studies"][0]["title"] = "Imported case"
    portfolio_import(owner=user, document=document)


def _diagram_drawn(portfolio, user, monkeypatch) -> None:
    monkeypatch.setattr("portfolio.diagram_renderer.render_mermaid", _fake_renderer())
    rendering = DiagramRendering.objects.get()
    diagram_render_task(rendering.source_hash, user.pk)


# Every service that writes something the documents show, as a change of the full portfolio.
CHANGES = {
    "summary": lambda portfolio, user: services.portfolio_update_summary(
        portfolio=portfolio, summary_text="Now leading two payment platforms."
    ),
    "case study text": lambda portfolio, user: services.case_study_update(
        case_study=_case(portfolio), fields={"title": "Checkout, calmer"}
    ),
    "case study metrics": lambda portfolio, user: services.case_study_update(
        case_study=_case(portfolio),
        fields={},
        metrics=[{"group": "technical", "name": "Error rate", "before": 4.0, "after": 0.5}],
    ),
    "case study principles": lambda portfolio, user: services.case_study_update(
        case_study=_case(portfolio),
        fields={},
        principles=LeadershipPrinciple.objects.filter(slug="earn-trust"),
    ),
    "case study stories": lambda portfolio, user: services.case_study_update(
        case_study=_case(portfolio, "Case 2"), fields={}, stories=[]
    ),
    "new case study": lambda portfolio, user: services.case_study_create(
        portfolio=portfolio, fields={"title": "Case 4", "kind": "migration"}
    ),
    "case study deleted": lambda portfolio, user: services.item_delete(item=_case(portfolio)),
    "case study moved": lambda portfolio, user: services.item_move(
        item=_case(portfolio), direction="down"
    ),
    "case studies reordered": lambda portfolio, user: services.items_reorder(
        queryset=CaseStudy.objects.filter(portfolio=portfolio),
        ordered_ids=list(
            CaseStudy.objects.filter(portfolio=portfolio)
            .order_by("-position")
            .values_list("pk", flat=True)
        ),
    ),
    "new decision record": lambda portfolio, user: services.decision_record_create(
        portfolio=portfolio, fields={"title": "Adopt a queue", "status": "proposed"}
    ),
    "decision record options": lambda portfolio, user: services.decision_record_update(
        record=DecisionRecord.objects.filter(portfolio=portfolio).last(),
        fields={},
        options=[{"title": "Rewrite", "pros": "Clean", "cons": "Long"}],
    ),
    "decision record deleted": lambda portfolio, user: services.item_delete(
        item=DecisionRecord.objects.filter(portfolio=portfolio).last()
    ),
    "dashboard replaced": lambda portfolio, user: services.dashboard_replace(
        portfolio=portfolio, level="L7", metrics=[{"group": "business", "name": "Revenue"}]
    ),
    "dashboard metric added": lambda portfolio, user: services.dashboard_metric_create(
        portfolio=portfolio, fields={"group": "technical", "name": "Uptime", "value": "99.9%"}
    ),
    "dashboard metric changed": lambda portfolio, user: services.dashboard_metric_update(
        metric=DashboardMetric.objects.filter(portfolio=portfolio).first(),
        fields={"value": "97%"},
    ),
    "dashboard suggestions": lambda portfolio, user: services.dashboard_add_suggested(
        portfolio=portfolio
    ),
    "checklist": lambda portfolio, user: services.checklist_update(
        portfolio=portfolio, marks={"money_impact": (True, "Saved $1M")}
    ),
    "linked story text": lambda portfolio, user: story_services.story_update(
        story=_linked_story(portfolio), data={"result": "p95 went from 3 s to 90 ms."}
    ),
    "linked story principle": lambda portfolio, user: story_services.story_update(
        story=_linked_story(portfolio), data={"primary_principle": "frugality"}
    ),
    "linked story metric added": lambda portfolio, user: story_services.story_metric_add(
        story=_linked_story(portfolio),
        data={"label": "Errors", "before_value": "20", "after_value": "2", "unit": "%"},
    ),
    "linked story metric removed": lambda portfolio, user: story_services.story_metric_remove(
        metric=StoryMetric.objects.filter(story=_linked_story(portfolio)).first()
    ),
    "linked story deleted": lambda portfolio, user: story_services.story_soft_delete(
        story=_linked_story(portfolio)
    ),
    "display name": lambda portfolio, user: user_update_profile(
        user=user, display_name="Dana Q. Example"
    ),
    "import": _import_export_of_another_title,
}


# Changes that undo an earlier one: the earlier one is made, and the documents read, first.
UNDOING_CHANGES = {
    "linked story back from the bin": (
        lambda portfolio, user: story_services.story_soft_delete(story=_linked_story(portfolio)),
        _story_undo_delete,
    ),
    "linked story revision restored": (_story_retitle, _story_restore_first_revision),
}


def _stored(portfolio) -> Portfolio:
    return Portfolio.objects.select_related("owner").get(pk=portfolio.pk)


def _fresh_exports(portfolio) -> dict[tuple[str, str], bytes]:
    content = portfolio_content_get(portfolio=_stored(portfolio))
    bodies = {
        (export_format, layout): export_body(content, export_format=export_format, layout=layout)
        for export_format, layout in TEXT_FORMATS
    }
    return {key: body if isinstance(body, bytes) else body.encode() for key, body in bodies.items()}


def _served_exports(client) -> dict[tuple[str, str], bytes]:
    served = {}
    for export_format, layout in TEXT_FORMATS:
        response = client.get(EXPORT_URL, {"format": export_format, "layout": layout})
        assert response.status_code == 200
        served[(export_format, layout)] = response.content
    return served


def _served_pages(client, api_client, token: str) -> list[str]:
    preview = client.get(reverse("portfolio:preview"))
    shared = api_client.get(reverse("portfolio:shared", args=[token]))
    assert preview.status_code == shared.status_code == 200
    return [preview.content.decode(), shared.content.decode()]


@pytest.fixture
def reader(full_portfolio, user, client, api_client, user_api_client):
    """Everything a reader can get of the portfolio, served once so it is cached."""
    client.force_login(user)
    token = services.share_link_create(portfolio=full_portfolio).token

    def read() -> tuple[dict, list[str]]:
        return _served_exports(user_api_client), _served_pages(client, api_client, token)

    read()
    return read


def _assert_matches_a_fresh_rendering(portfolio, served_exports, served_pages) -> None:
    assert served_exports == _fresh_exports(portfolio)
    body = page_document(portfolio_content_get(portfolio=_stored(portfolio))).body
    for page in served_pages:
        assert body in page


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_documents_match_a_fresh_rendering_after_each_change(
    change, full_portfolio, user, reader, django_capture_on_commit_callbacks
):
    before = _fresh_exports(full_portfolio)

    with django_capture_on_commit_callbacks(execute=True):
        change(full_portfolio, user)

    assert _fresh_exports(full_portfolio) != before, "the change must show in the documents"
    _assert_matches_a_fresh_rendering(full_portfolio, *reader())


@pytest.mark.parametrize("earlier, change", UNDOING_CHANGES.values(), ids=UNDOING_CHANGES.keys())
def test_documents_match_a_fresh_rendering_after_a_change_is_undone(
    earlier, change, full_portfolio, user, reader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        earlier(full_portfolio, user)
    reader()
    before = _fresh_exports(full_portfolio)

    with django_capture_on_commit_callbacks(execute=True):
        change(full_portfolio, user)

    assert _fresh_exports(full_portfolio) != before, "the change must show in the documents"
    _assert_matches_a_fresh_rendering(full_portfolio, *reader())


def test_documents_show_a_diagram_once_it_is_drawn(
    full_portfolio, user, reader, django_capture_on_commit_callbacks, monkeypatch
):
    assert "<svg" not in reader()[0][("html", "full")].decode()

    with django_capture_on_commit_callbacks(execute=True):
        _diagram_drawn(full_portfolio, user, monkeypatch)

    exports, pages = reader()
    assert "<svg" in exports[("html", "full")].decode()
    _assert_matches_a_fresh_rendering(full_portfolio, exports, pages)


def test_a_new_email_address_shows_in_the_json_resume(full_portfolio, user, reader):
    user.email = "dana.new@example.com"
    user.save(update_fields=["email"])

    exports, pages = reader()

    assert b"dana.new@example.com" in exports[("jsonresume", "full")]
    _assert_matches_a_fresh_rendering(full_portfolio, exports, pages)


def test_deleting_through_the_page_and_the_api_updates_the_documents(
    full_portfolio, user, reader, client, user_api_client, django_capture_on_commit_callbacks
):
    first, second = CaseStudy.objects.filter(portfolio=full_portfolio).order_by("position")[:2]

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("portfolio:item_delete", args=["case-studies", first.pk]))
        api = user_api_client.delete(reverse("api:portfolio-case-study-detail", args=[second.pk]))

    assert page.status_code == 302 and api.status_code == 204
    exports, pages = reader()
    titles = [case["title"] for case in json.loads(exports[("json", "full")])["case_studies"]]
    assert titles == ["Case 3"]
    _assert_matches_a_fresh_rendering(full_portfolio, exports, pages)


def test_a_revoked_share_link_no_longer_opens_the_cached_document(
    full_portfolio, reader, api_client
):
    reader()
    link = full_portfolio.share_links.get()

    services.share_link_revoke(link=link)

    assert api_client.get(reverse("portfolio:shared", args=[link.token])).status_code == 404


def test_another_user_never_gets_the_cached_document(full_portfolio, reader, other_user, client):
    reader()
    client.force_login(other_user)

    preview = client.get(reverse("portfolio:preview"))
    exported = client.get(EXPORT_URL, {"format": "md"})

    assert preview.status_code == exported.status_code == 200
    assert "Case 1" not in preview.content.decode()
    assert b"Case 1" not in exported.content
    client.logout()
    assert client.get(EXPORT_URL, {"format": "md"}).status_code in {401, 403}
