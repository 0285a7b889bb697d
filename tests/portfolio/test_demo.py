import pytest

from portfolio import selectors
from portfolio.completeness import completeness_evaluate
from portfolio.demo import seed_demo

pytestmark = pytest.mark.django_db


def test_demo_portfolio_is_realistic_and_nearly_complete(user):
    seed_demo(user)

    content = selectors.portfolio_content_get(portfolio=selectors.portfolio_for_user(user=user))
    assert content.portfolio.has_summary
    assert len(content.case_studies) == 3
    assert all(case.metrics.all() for case in content.case_studies)
    assert [record.status for record in content.decision_records] == ["superseded", "accepted"]
    assert {metric.group for metric in content.dashboard_metrics} == {
        "team_health",
        "delivery",
        "technical",
        "business",
    }
    assert completeness_evaluate(content).score >= 70
