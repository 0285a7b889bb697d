import datetime

import pytest
from django.core.exceptions import ValidationError

from portfolio import selectors, services
from portfolio.checklist import ITEM_KEYS
from portfolio.completeness import completeness_evaluate
from portfolio.models import CaseStudyMetric
from studyplan.services import plan_create
from tests.factories import (
    CaseStudyFactory,
    DecisionRecordFactory,
    PortfolioFactory,
)
from tests.portfolio.conftest import build_portfolio

pytestmark = pytest.mark.django_db


def completeness_for(user):
    portfolio = selectors.portfolio_for_user(user=user)
    return completeness_evaluate(selectors.portfolio_content_get(portfolio=portfolio))


def test_an_empty_portfolio_scores_zero_and_lists_everything_missing(user):
    user.display_name = ""
    user.save()
    completeness = completeness_for(user)

    assert completeness.score == 0
    assert len(completeness.missing) == len(completeness.criteria) == 11
    assert completeness.missing[0].key == "name"


def test_a_name_counts_and_onboarding_sets_it_with_the_headline(user):
    services.document_identity_update(user=user, display_name="Ada Example", headline="SEM")

    assert {c.key: c.met for c in completeness_for(user).criteria}["name"]
    assert selectors.document_identity_for_user(user=user) == {
        "display_name": "Ada Example",
        "headline": "SEM",
    }
    services.document_identity_update(user=user, display_name="", headline="")
    assert selectors.document_identity_for_user(user=user)["display_name"] == "Ada Example"


def test_a_complete_portfolio_scores_100(user):
    portfolio = build_portfolio(user, case_studies=3, stories=16, metrics=9)
    services.checklist_update(portfolio=portfolio, marks={key: (True, "") for key in ITEM_KEYS})

    completeness = completeness_for(user)

    assert [criterion.key for criterion in completeness.missing] == []
    assert completeness.score == 100


def test_stories_count_towards_principle_coverage(user):
    build_portfolio(user, case_studies=3, stories=4, metrics=3)
    few = {c.key: c.met for c in completeness_for(user).criteria}["principles"]
    build_portfolio(
        user_two := type(user).objects.create(email="two@example.com"),
        case_studies=3,
        stories=12,
        metrics=3,
    )
    many = {c.key: c.met for c in completeness_for(user_two).criteria}["principles"]

    assert (few, many) == (False, True)


def test_more_than_seven_case_studies_is_allowed_but_flagged(user):
    build_portfolio(user, case_studies=8, stories=0, metrics=8)

    missing = [criterion.key for criterion in completeness_for(user).missing]

    assert "case_studies" in missing


def test_metric_change_is_computed_not_stored():
    metric = CaseStudyMetric(before=200.0, after=50.0)
    baseline_zero = CaseStudyMetric(before=0.0, after=5.0)
    no_baseline = CaseStudyMetric(before=None, after=5.0)

    assert metric.change_percent == -75.0
    assert baseline_zero.change_percent is None
    assert no_baseline.change_percent is None and not no_baseline.is_quantified


def test_a_record_cannot_supersede_itself_or_point_elsewhere(user, other_user):
    record = DecisionRecordFactory(portfolio=PortfolioFactory(owner=user))
    foreign = DecisionRecordFactory(portfolio=PortfolioFactory(owner=other_user))

    for successor in (record, foreign):
        with pytest.raises(ValidationError):
            services.decision_record_update(
                record=record, fields={"status": "superseded", "superseded_by": successor}
            )


def test_leaving_superseded_clears_the_successor(user):
    portfolio = PortfolioFactory(owner=user)
    old, new = (
        DecisionRecordFactory(portfolio=portfolio),
        DecisionRecordFactory(portfolio=portfolio),
    )
    services.decision_record_update(
        record=old, fields={"status": "superseded", "superseded_by": new}
    )

    services.decision_record_update(record=old, fields={"status": "accepted"})

    old.refresh_from_db()
    assert old.superseded_by is None


def test_moving_the_first_item_up_changes_nothing(user):
    portfolio = PortfolioFactory(owner=user)
    first, second = CaseStudyFactory(portfolio=portfolio), CaseStudyFactory(portfolio=portfolio)

    services.item_move(item=first, direction="up")

    assert list(portfolio.case_studies.values_list("pk", flat=True)) == [first.pk, second.pk]


def test_checklist_refuses_unknown_items(user):
    portfolio = PortfolioFactory(owner=user)

    with pytest.raises(ValidationError):
        services.checklist_update(portfolio=portfolio, marks={"made_up": (True, "")})


def test_share_links_are_unguessable_and_distinct(user):
    portfolio = PortfolioFactory(owner=user)

    tokens = {services.share_link_create(portfolio=portfolio).token for _ in range(5)}

    assert len(tokens) == 5
    assert all(len(token) >= 40 for token in tokens)
    assert selectors.share_link_active_get(token="guess") is None


def test_a_new_portfolio_targets_the_study_plans_level(user):
    plan_create(
        user=user,
        level="L7",
        start_date=datetime.date(2026, 11, 16),
        interview_date=None,
        hours_per_week=12,
        timezone_name="UTC",
        reminder_weekday=0,
        reminder_time=datetime.time(8, 0),
    )

    assert selectors.portfolio_for_user(user=user).level == "L7"
    assert services.portfolio_get_or_create(owner=user).level == "L7"


def test_without_a_plan_a_new_portfolio_targets_l6(user):
    assert selectors.portfolio_for_user(user=user).level == "L6"
