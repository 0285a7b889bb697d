import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from portfolio.models import CaseStudy, DecisionRecord, ShareLink
from tests.factories import (
    CaseStudyFactory,
    DashboardMetricFactory,
    DecisionRecordFactory,
    PortfolioFactory,
    StoryFactory,
    UserFactory,
)
from tests.portfolio.conftest import build_portfolio

pytestmark = pytest.mark.django_db

CASE = {
    "title": "Checkout split",
    "kind": "migration",
    "metrics": [
        {
            "group": "technical",
            "name": "Deploy time",
            "before": 45,
            "after": 3,
            "before_unit": "min",
            "after_unit": "min",
            "period": "",
        },
    ],
    "principles": ["ownership", "dive-deep"],
}


def test_case_study_crud(user_api_client, user):
    story = StoryFactory(owner=user)
    created = user_api_client.post(
        reverse("api:portfolio-case-study-list"), CASE | {"stories": [story.pk]}, format="json"
    )
    url = reverse("api:portfolio-case-study-detail", args=[created.json()["id"]])
    updated = user_api_client.patch(url, {"metrics": [], "title": "Renamed"}, format="json")
    listed = user_api_client.get(reverse("api:portfolio-case-study-list"), {"kind": "migration"})
    deleted = user_api_client.delete(url)

    assert created.status_code == 201
    assert created.json()["metrics"][0]["change_percent"] == -93.3
    assert created.json()["principles"] == ["ownership", "dive-deep"]
    assert created.json()["stories"] == [story.pk]
    assert updated.json()["metrics"] == [] and updated.json()["title"] == "Renamed"
    assert listed.json()["count"] == 1
    assert deleted.status_code == 204
    assert not CaseStudy.objects.exists()


def test_case_study_bad_input_is_a_field_error_and_nothing_is_saved(user_api_client, other_user):
    theirs = StoryFactory(owner=other_user)
    bad = CASE | {
        "kind": "heroics",
        "principles": ["be-nice"],
        "stories": [theirs.pk],
        "metrics": [{"group": "technical", "name": "x"}],
    }

    response = user_api_client.post(reverse("api:portfolio-case-study-list"), bad, format="json")

    assert response.status_code == 400
    fields = {key.split(".")[0] for key in response.json()["fields"]}
    assert fields >= {"kind", "principles", "stories", "metrics"}
    assert not CaseStudy.objects.exists()


def test_other_users_items_are_404_in_the_api(user_api_client, other_user):
    case = CaseStudyFactory(portfolio__owner=other_user)
    record = DecisionRecordFactory(portfolio=case.portfolio)
    metric = DashboardMetricFactory(portfolio=case.portfolio)
    link = ShareLink.objects.create(portfolio=case.portfolio, token="t" * 43)

    for name, pk in (
        ("api:portfolio-case-study-detail", case.pk),
        ("api:portfolio-decision-record-detail", record.pk),
        ("api:portfolio-dashboard-metric-detail", metric.pk),
        ("api:portfolio-share-link-detail", link.pk),
    ):
        assert user_api_client.get(reverse(name, args=[pk])).status_code == 404
        assert user_api_client.delete(reverse(name, args=[pk])).status_code == 404
    assert ShareLink.objects.get(pk=link.pk).is_active


@pytest.mark.parametrize(
    "url_name",
    [
        "api:portfolio-case-study-list",
        "api:portfolio-decision-record-list",
        "api:portfolio-dashboard-metric-list",
        "api:portfolio-share-link-list",
        "api:portfolio-summary",
        "api:portfolio-checklist",
        "api:portfolio-completeness",
    ],
)
def test_anonymous_api_calls_are_401(api_client, url_name):
    assert api_client.get(reverse(url_name)).status_code == 401


def test_decision_records_link_to_their_successor_within_my_portfolio(
    user_api_client, user, other_user
):
    list_url = reverse("api:portfolio-decision-record-list")
    new = user_api_client.post(
        list_url,
        {
            "title": "Strangler fig",
            "status": "accepted",
            "options": [{"title": "Big bang", "pros": "Fast", "cons": "Risky"}],
        },
        format="json",
    ).json()
    theirs = DecisionRecordFactory(portfolio__owner=other_user)

    missing = user_api_client.post(
        list_url, {"title": "Old", "status": "superseded"}, format="json"
    )
    foreign = user_api_client.post(
        list_url,
        {"title": "Old", "status": "superseded", "superseded_by": theirs.pk},
        format="json",
    )
    good = user_api_client.post(
        list_url,
        {"title": "Old", "status": "superseded", "superseded_by": new["id"]},
        format="json",
    )

    assert new["options"] == [{"title": "Big bang", "pros": "Fast", "cons": "Risky"}]
    assert missing.status_code == 400 and "superseded_by" in missing.json()["fields"]
    assert foreign.status_code == 400 and "superseded_by" in foreign.json()["fields"]
    assert good.status_code == 201 and good.json()["superseded_by"] == new["id"]
    assert DecisionRecord.objects.filter(portfolio__owner=user).count() == 2


def test_reorder_endpoint(user_api_client, user):
    portfolio = PortfolioFactory(owner=user)
    first, second = (
        DashboardMetricFactory(portfolio=portfolio),
        DashboardMetricFactory(portfolio=portfolio),
    )
    url = reverse("api:portfolio-dashboard-metric-reorder")

    good = user_api_client.post(url, {"ids": [second.pk, first.pk]}, format="json")
    bad = user_api_client.post(url, {"ids": [second.pk]}, format="json")
    listed = user_api_client.get(reverse("api:portfolio-dashboard-metric-list")).json()

    assert good.status_code == 204
    assert bad.status_code == 409  # the list no longer matches the stored items
    assert [item["id"] for item in listed["results"]] == [second.pk, first.pk]


def test_decision_records_with_successors_can_be_reordered(user_api_client, user):
    portfolio = PortfolioFactory(owner=user)
    new = DecisionRecordFactory(portfolio=portfolio)
    old = DecisionRecordFactory(portfolio=portfolio, status="superseded", superseded_by=new)

    response = user_api_client.post(
        reverse("api:portfolio-decision-record-reorder"), {"ids": [old.pk, new.pk]}, format="json"
    )

    assert response.status_code == 204
    assert list(portfolio.decision_records.values_list("pk", flat=True)) == [old.pk, new.pk]


def test_summary_read_and_update(user_api_client):
    url = reverse("api:portfolio-summary")

    empty = user_api_client.get(url).json()
    updated = user_api_client.patch(url, {"current_role": "Director", "level": "L7"}, format="json")
    bad = user_api_client.patch(url, {"level": "L9"}, format="json")

    assert empty["current_role"] == ""
    assert updated.json()["level"] == "L7"
    assert bad.status_code == 400 and "level" in bad.json()["fields"]


def test_checklist_and_completeness(user_api_client):
    item_url = reverse("api:portfolio-checklist-item", args=["diagrams"])

    ticked = user_api_client.patch(item_url, {"checked": True, "notes": " Case 1 "}, format="json")
    unknown = user_api_client.patch(
        reverse("api:portfolio-checklist-item", args=["nope"]), {"checked": True}, format="json"
    )
    items = user_api_client.get(reverse("api:portfolio-checklist")).json()
    completeness = user_api_client.get(reverse("api:portfolio-completeness")).json()

    assert ticked.json()["checked"] is True and ticked.json()["notes"] == "Case 1"
    assert unknown.status_code == 404
    assert len(items) == 20
    assert {"section", "item", "text", "checked", "notes"} == set(items[0])
    assert completeness["score"] == 9  # only the name, of eleven criteria
    assert {criterion["key"] for criterion in completeness["criteria"]} >= {"summary", "principles"}


def test_share_links_are_created_and_revoked(user_api_client, client):
    list_url = reverse("api:portfolio-share-link-list")

    created = user_api_client.post(list_url).json()
    revoke = user_api_client.delete(
        reverse("api:portfolio-share-link-detail", args=[created["id"]])
    )
    listed = user_api_client.get(list_url).json()["results"]

    assert created["url"].endswith(f"/portfolio/s/{created['token']}/")
    assert revoke.status_code == 204
    assert listed[0]["is_active"] is False
    assert client.get(f"/portfolio/s/{created['token']}/").status_code == 404


def test_the_api_is_in_the_openapi_schema(user_api_client):
    schema = user_api_client.get(reverse("api:schema"), {"format": "json"}).json()

    for path in (
        "/api/portfolio/case-studies/",
        "/api/portfolio/case-studies/{id}/",
        "/api/portfolio/decision-records/",
        "/api/portfolio/dashboard-metrics/",
        "/api/portfolio/share-links/",
        "/api/portfolio/summary/",
        "/api/portfolio/checklist/{item}/",
        "/api/portfolio/completeness/",
        "/api/portfolio/export/",
        "/api/portfolio/import/",
    ):
        assert path in schema["paths"]
    export_params = schema["paths"]["/api/portfolio/export/"]["get"]["parameters"]
    assert any(param["name"] == "format" for param in export_params)


def _list_queries(owner, url_name: str) -> int:
    client = APIClient()
    client.force_authenticate(owner)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(url_name)).status_code == 200
    return len(queries)


LIST_ENDPOINTS = (
    "api:portfolio-case-study-list",
    "api:portfolio-decision-record-list",
    "api:portfolio-dashboard-metric-list",
    "api:portfolio-share-link-list",
    "api:portfolio-checklist",
    "api:portfolio-completeness",
)


def test_list_endpoints_run_the_same_queries_for_small_and_large_portfolios():
    small, large = UserFactory(), UserFactory()
    build_portfolio(small, case_studies=1, stories=1, metrics=1, records=1)
    build_portfolio(large, case_studies=30, stories=60, metrics=200, records=20)

    small_counts = {name: _list_queries(small, name) for name in LIST_ENDPOINTS}
    large_counts = {name: _list_queries(large, name) for name in LIST_ENDPOINTS}

    assert small_counts == large_counts
