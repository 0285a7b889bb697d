"""The dashboard's completeness, counted by the database, equals the one computed from the
whole loaded portfolio, after every kind of change."""

import pytest

from portfolio import selectors, services
from portfolio.checklist import ITEM_KEYS
from portfolio.completeness import completeness_facts
from stories import services as story_services
from stories.models import LeadershipPrinciple, Story
from tests.factories import UserFactory
from tests.portfolio.conftest import build_portfolio

pytestmark = pytest.mark.django_db


def _assert_sql_facts_match_content(user) -> None:
    portfolio = selectors.portfolio_for_user(user=user)
    from_content = completeness_facts(selectors.portfolio_content_get(portfolio=portfolio))
    assert selectors.completeness_facts_for_user(user=user) == from_content
    counts = selectors.portfolio_counts_for_user(user=user)
    if portfolio.pk:
        assert counts["case_studies"] == from_content.case_study_count
        assert counts["decision_records"] == portfolio.decision_records.count()


def test_facts_of_an_empty_and_a_new_portfolio(user):
    _assert_sql_facts_match_content(user)
    services.portfolio_get_or_create(owner=user)
    _assert_sql_facts_match_content(user)


@pytest.mark.parametrize(
    ("case_studies", "stories", "metrics", "records"),
    [(1, 0, 1, 0), (3, 4, 3, 1), (3, 16, 9, 2), (8, 2, 8, 3)],
)
def test_facts_match_for_portfolios_of_every_size(user, case_studies, stories, metrics, records):
    portfolio = build_portfolio(
        user, case_studies=case_studies, stories=stories, metrics=metrics, records=records
    )
    UserFactory()  # someone else's data never counts
    build_portfolio(UserFactory(), case_studies=2, stories=3, metrics=2)
    _assert_sql_facts_match_content(user)
    services.checklist_update(portfolio=portfolio, marks={key: (True, "") for key in ITEM_KEYS})
    _assert_sql_facts_match_content(user)


def test_facts_follow_changes_through_the_services(full_portfolio, user):
    portfolio = selectors.portfolio_for_user(user=user)
    _assert_sql_facts_match_content(user)

    case = services.case_study_create(
        portfolio=portfolio,
        fields={
            "title": "Blank lessons",
            "kind": "architecture",
            "lessons_learned": "  \n ",
            "architecture_diagram": "\n",
        },
        metrics=[{"group": "team", "name": "Hires", "before": None, "after": 2.0}],
        principles=LeadershipPrinciple.objects.filter(slug="frugality"),
        stories=[],
    )
    _assert_sql_facts_match_content(user)
    services.case_study_update(
        case_study=case,
        fields={"lessons_learned": "Ship smaller.", "architecture_diagram": "graph TD; A-->B"},
        metrics=[{"group": "business", "name": "Cost", "before": 3.0, "after": 2.0}],
        principles=LeadershipPrinciple.objects.none(),
        stories=list(Story.objects.filter(owner=user)),
    )
    _assert_sql_facts_match_content(user)

    story = Story.objects.filter(owner=user).first()
    story_services.story_update(
        story=story,
        data={
            "title": story.title,
            "primary_principle": "earn-trust",
            "secondary_principles": ["bias-for-action", "frugality"],
        },
        expected_version=story.version,
    )
    _assert_sql_facts_match_content(user)
    story_services.story_soft_delete(story=Story.objects.get(pk=story.pk))
    _assert_sql_facts_match_content(user)

    services.decision_record_create(
        portfolio=portfolio,
        fields={"title": "Two ways", "status": "proposed"},
        options=[{"title": "A"}, {"title": "B"}],
    )
    _assert_sql_facts_match_content(user)
    services.dashboard_add_suggested(portfolio=portfolio)
    _assert_sql_facts_match_content(user)
    services.portfolio_update_summary(portfolio=portfolio, summary_text="")
    _assert_sql_facts_match_content(user)


def test_dashboard_card_shows_the_same_score_as_the_portfolio_page(user_client, user):
    build_portfolio(user, case_studies=3, stories=16, metrics=9)
    portfolio = selectors.portfolio_for_user(user=user)
    from portfolio.completeness import completeness_evaluate

    score = completeness_evaluate(selectors.portfolio_content_get(portfolio=portfolio)).score
    body = user_client.get("/dashboard/").content.decode()
    assert f"Completeness: <strong>{score}%</strong>" in body
