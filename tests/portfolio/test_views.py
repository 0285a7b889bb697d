import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portfolio import services
from portfolio.models import CaseStudy, DecisionRecord, Portfolio, ShareLink
from stories.models import LeadershipPrinciple
from tests.factories import (
    CaseStudyFactory,
    DashboardMetricFactory,
    DecisionRecordFactory,
    PortfolioFactory,
    UserFactory,
)
from tests.portfolio.conftest import build_portfolio

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"


def metric_rows(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def case_study_post(**overrides) -> dict:
    ownership = LeadershipPrinciple.objects.get(slug="ownership")
    data = {"title": "Checkout split", "kind": "architecture", "principles": [ownership.pk]}
    data |= metric_rows(
        "metrics",
        [
            {
                "group": "technical",
                "name": "Deploy time",
                "before": "45",
                "after": "3",
                "before_unit": "min",
                "after_unit": "min",
                "ORDER": "2",
            },
            {"group": "business", "name": "Cost", "before": "2", "after": "1.3", "ORDER": "1"},
        ],
    )
    return data | overrides


@pytest.mark.parametrize(
    "url_name",
    [
        "home",
        "summary",
        "case_study_create",
        "decision_record_create",
        "metrics_dashboard",
        "checklist",
        "preview",
    ],
)
def test_anonymous_visitors_are_sent_to_log_in(client, url_name):
    response = client.get(reverse(f"portfolio:{url_name}"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_home_shows_completeness_and_parts(user_client, full_portfolio):
    response = user_client.get(reverse("portfolio:home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Completeness:" in html
    assert "Case 1" in html and "Extract services gradually" in html
    assert "Retention" in html


def test_saving_the_summary(user_client, user):
    response = user_client.post(
        reverse("portfolio:summary"),
        {
            "level": "L7",
            "current_role": "Director",
            "years_of_experience": "15",
            "summary_text": "I lead.",
        },
    )

    assert response.status_code == 302
    portfolio = Portfolio.objects.get(owner=user)
    assert (portfolio.level, portfolio.current_role, portfolio.years_of_experience) == (
        "L7",
        "Director",
        15,
    )


def test_summary_with_bad_input_shows_a_field_error_and_saves_nothing(user_client, user):
    response = user_client.post(
        reverse("portfolio:summary"),
        {"level": "L9", "current_role": "Director", "years_of_experience": "many"},
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert "Enter a whole number" in response.content.decode()
    assert not Portfolio.objects.filter(owner=user, current_role="Director").exists()


def test_creating_a_case_study_with_metrics_in_the_chosen_order(user_client, user):
    response = user_client.post(reverse("portfolio:case_study_create"), case_study_post())

    assert response.status_code == 302
    case = CaseStudy.objects.get(portfolio__owner=user)
    assert list(case.metrics.values_list("name", flat=True)) == ["Cost", "Deploy time"]
    assert list(case.principles.values_list("slug", flat=True)) == ["ownership"]


def test_editing_a_case_study_replaces_its_metrics(user_client, user):
    user_client.post(reverse("portfolio:case_study_create"), case_study_post())
    case = CaseStudy.objects.get(portfolio__owner=user)
    metric_ids = list(case.metrics.values_list("id", flat=True))
    data = {"title": "Renamed", "kind": "migration"} | metric_rows(
        "metrics",
        [
            {
                "id": str(metric_ids[0]),
                "group": "business",
                "name": "Cost",
                "before": "2",
                "after": "1",
                "DELETE": "on",
            },
            {
                "id": str(metric_ids[1]),
                "group": "technical",
                "name": "Deploy time",
                "before": "45",
                "after": "2",
            },
        ],
        initial=2,
    )

    response = user_client.post(reverse("portfolio:case_study_edit", args=[case.pk]), data)

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title == "Renamed"
    assert list(case.metrics.values_list("name", "after")) == [("Deploy time", 2.0)]


def test_a_case_study_with_a_bad_metric_is_not_saved_at_all(user_client, user):
    data = case_study_post() | {"metrics-1-after": "lots"}

    response = user_client.post(reverse("portfolio:case_study_create"), data)

    assert response.status_code == 200
    assert "Enter a number" in response.content.decode()
    assert not CaseStudy.objects.filter(portfolio__owner=user).exists()


def test_case_study_form_offers_only_my_stories(user_client, user, other_user):
    from tests.factories import StoryFactory

    StoryFactory(owner=user, title="Mine")
    StoryFactory(owner=other_user, title="Someone else's")

    html = user_client.get(reverse("portfolio:case_study_create")).content.decode()

    assert "Mine" in html
    assert "Someone else" not in html


def test_another_users_items_are_404_everywhere(user_client, other_user):
    case = CaseStudyFactory(portfolio__owner=other_user)
    record = DecisionRecordFactory(portfolio=case.portfolio)
    metric = DashboardMetricFactory(portfolio=case.portfolio)
    link = services.share_link_create(portfolio=case.portfolio)

    for response in (
        user_client.get(reverse("portfolio:case_study_edit", args=[case.pk])),
        user_client.get(reverse("portfolio:decision_record_edit", args=[record.pk])),
        user_client.get(reverse("portfolio:item_delete", args=["case-studies", case.pk])),
        user_client.post(reverse("portfolio:item_delete", args=["decisions", record.pk])),
        user_client.post(reverse("portfolio:item_move", args=["dashboard", metric.pk])),
        user_client.post(reverse("portfolio:share_link_revoke", args=[link.pk])),
    ):
        assert response.status_code == 404
    assert CaseStudy.objects.filter(pk=case.pk).exists()
    assert DecisionRecord.objects.filter(pk=record.pk).exists()
    assert ShareLink.objects.get(pk=link.pk).is_active


def test_deleting_asks_first_and_then_deletes(user_client, user):
    case = CaseStudyFactory(portfolio=PortfolioFactory(owner=user))
    url = reverse("portfolio:item_delete", args=["case-studies", case.pk])

    confirm = user_client.get(url)
    response = user_client.post(url)

    assert "cannot be undone" in confirm.content.decode()
    assert response.status_code == 302
    assert not CaseStudy.objects.filter(pk=case.pk).exists()


def test_moving_and_dragging_change_the_order(user_client, user):
    portfolio = PortfolioFactory(owner=user)
    first, second, third = (CaseStudyFactory(portfolio=portfolio) for _ in range(3))

    user_client.post(
        reverse("portfolio:item_move", args=["case-studies", third.pk]), {"direction": "up"}
    )
    moved = list(portfolio.case_studies.order_by("position").values_list("pk", flat=True))
    response = user_client.post(
        reverse("portfolio:item_reorder", args=["case-studies"]),
        {"order": f"{third.pk},{first.pk},{second.pk}"},
    )
    dragged = list(portfolio.case_studies.order_by("position").values_list("pk", flat=True))

    assert moved == [first.pk, third.pk, second.pk]
    assert response.status_code == 204
    assert dragged == [third.pk, first.pk, second.pk]


def test_reorder_refuses_a_list_that_is_not_exactly_mine(user_client, user, other_user):
    mine = CaseStudyFactory(portfolio=PortfolioFactory(owner=user))
    theirs = CaseStudyFactory(portfolio=PortfolioFactory(owner=other_user))

    response = user_client.post(
        reverse("portfolio:item_reorder", args=["case-studies"]),
        {"order": f"{theirs.pk},{mine.pk}"},
    )

    assert response.status_code == 400


def test_a_superseded_record_must_name_its_successor(user_client, user):
    data = {"title": "Old way", "status": "superseded"} | metric_rows("options", [])

    response = user_client.post(reverse("portfolio:decision_record_create"), data)

    assert response.status_code == 200
    assert "Choose the record that superseded this one." in response.content.decode()
    assert not DecisionRecord.objects.filter(portfolio__owner=user).exists()


def test_creating_a_decision_record_with_options(user_client, user):
    data = {"title": "Strangler fig", "status": "accepted", "decided_on": "2025-03-01"}
    data |= metric_rows(
        "options",
        [
            {"title": "Big bang", "pros": "Fast", "cons": "Risky\nCostly"},
            {"title": "Gradual", "pros": "Safe", "cons": ""},
        ],
    )

    response = user_client.post(reverse("portfolio:decision_record_create"), data)

    assert response.status_code == 302
    record = DecisionRecord.objects.get(portfolio__owner=user)
    assert [option.con_list for option in record.options.all()] == [["Risky", "Costly"], []]


def test_dashboard_editor_saves_level_and_metrics(user_client, user):
    data = {"level": "L7"} | metric_rows(
        "metrics",
        [
            {
                "group": "business",
                "name": "OKR achievement",
                "value": "92%",
                "trend": "up",
                "target": "90%",
            }
        ],
    )

    response = user_client.post(reverse("portfolio:metrics_dashboard"), data)

    assert response.status_code == 302
    portfolio = Portfolio.objects.get(owner=user)
    assert portfolio.level == "L7"
    assert list(portfolio.dashboard_metrics.values_list("name", flat=True)) == ["OKR achievement"]


def test_l7_layout_uses_organisation_wide_group_titles(user_client, user):
    PortfolioFactory(owner=user, level="L7")

    html = user_client.get(reverse("portfolio:preview")).content.decode()

    assert "Organisational health" in html
    assert "Operational excellence" in html


def test_suggested_dashboard_metrics_are_added_once(user_client, user):
    url = reverse("portfolio:dashboard_suggest")
    user_client.post(url)
    user_client.post(url)

    assert Portfolio.objects.get(owner=user).dashboard_metrics.count() == 8


def test_checklist_ticks_and_notes_are_saved(user_client, user):
    response = user_client.post(
        reverse("portfolio:checklist"), {"diagrams__checked": "on", "diagrams__notes": "Case 1"}
    )

    assert response.status_code == 302
    mark = Portfolio.objects.get(owner=user).checklist_marks.get(item_key="diagrams")
    assert (mark.checked, mark.notes) == (True, "Case 1")


def test_preview_reads_like_a_document_and_escapes_user_text(user_client, user):
    portfolio = build_portfolio(user, case_studies=1, stories=1, metrics=2)
    portfolio.summary_text = SCRIPT
    portfolio.save()
    CaseStudy.objects.filter(portfolio=portfolio).update(title=SCRIPT)

    response = user_client.get(reverse("portfolio:preview"))

    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "Technical metrics" in html
    assert "vendor/mermaid/mermaid.min.js" in html


def test_share_link_shows_the_preview_to_anyone_until_revoked(user_client, user):
    build_portfolio(user, case_studies=1, stories=0, metrics=1)
    user_client.post(reverse("portfolio:share_link_create"))
    link = ShareLink.objects.get(portfolio__owner=user)
    url = reverse("portfolio:shared", args=[link.token])

    shared = Client().get(url)
    user_client.post(reverse("portfolio:share_link_revoke", args=[link.pk]))
    revoked = Client().get(url)

    assert len(link.token) >= 40
    assert shared.status_code == 200
    assert '<meta name="robots" content="noindex' in shared.content.decode()
    assert shared["X-Robots-Tag"] == "noindex, nofollow"
    assert "Payments platform split" in shared.content.decode()
    assert revoked.status_code == 404


def test_an_unknown_share_token_is_404(client):
    assert client.get(reverse("portfolio:shared", args=["not-a-token"])).status_code == 404


def test_dashboard_card_shows_completeness_and_what_is_missing(user_client, full_portfolio):
    html = user_client.get(reverse("dashboard")).content.decode()

    assert "Completeness: <strong>" in html
    assert "Still missing" in html
    assert reverse("portfolio:home") in html


def test_dashboard_card_does_not_create_a_portfolio(user_client, user):
    user_client.get(reverse("dashboard"))

    assert not Portfolio.objects.filter(owner=user).exists()


def _page_queries(url_name: str, owner, *args) -> int:
    client = Client()
    client.force_login(owner)
    url = reverse(url_name, args=args)
    client.get(url)  # the session and portfolio row exist before counting
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_name", ["portfolio:home", "portfolio:preview", "dashboard"])
def test_pages_run_the_same_queries_for_small_and_large_portfolios(url_name):
    small, large = UserFactory(), UserFactory()
    build_portfolio(small, case_studies=1, stories=1, metrics=1)
    build_portfolio(large, case_studies=20, stories=40, metrics=120)

    assert _page_queries(url_name, small) == _page_queries(url_name, large)


def test_shared_page_runs_the_same_queries_for_small_and_large_portfolios():
    counts = []
    for size in (1, 20):
        owner = UserFactory()
        portfolio = build_portfolio(owner, case_studies=size, stories=size * 2, metrics=size * 6)
        token = services.share_link_create(portfolio=portfolio).token
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(reverse("portfolio:shared", args=[token])).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_onboarding_asks_for_the_name_and_headline_documents_carry(user_client, user):
    page = user_client.get(reverse("studyplan:onboarding")).content.decode()
    assert f'value="{user.display_name}"' in page and "Headline (current role)" in page

    response = user_client.post(
        reverse("studyplan:onboarding"),
        {
            "level": "L6",
            "start_date": "2026-11-18",
            "interview_date": "",
            "hours_per_week": "12",
            "timezone": "UTC",
            "reminder_weekday": "1",
            "reminder_time": "08:00",
            "display_name": "Ada Example",
            "headline": "Senior Engineering Manager, Payments",
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Ada Example"
    assert user.portfolio.current_role == "Senior Engineering Manager, Payments"
