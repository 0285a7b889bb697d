import pytest

from portfolio import services
from portfolio.models import CaseStudy, ChecklistMark
from stories.models import LeadershipPrinciple
from stories.services import story_create
from tests.factories import (
    CaseStudyFactory,
    CaseStudyMetricFactory,
    DashboardMetricFactory,
    DecisionOptionFactory,
    DecisionRecordFactory,
    PortfolioFactory,
    StoryFactory,
    StoryMetricFactory,
)


def build_portfolio(owner, *, case_studies: int, stories: int, metrics: int, records: int = 2):
    """A portfolio of the given size; stories and metrics are spread over the case studies."""
    portfolio = PortfolioFactory(owner=owner)
    principles = list(LeadershipPrinciple.objects.order_by("display_order"))
    cases = [
        CaseStudyFactory(portfolio=portfolio, kind=kind)
        for kind in (["architecture", "migration", "team_building"] * case_studies)[:case_studies]
    ]
    groups = ["technical", "business", "team"]
    for index in range(metrics):
        CaseStudyMetricFactory(
            case_study=cases[index % len(cases)],
            group=groups[index % 3],
            name=f"Measure {index}",
            before=100.0 + index,
            after=50.5 + index,
        )
    for index in range(stories):
        story = StoryFactory(owner=owner, primary_principle=principles[index % len(principles)])
        story.secondary_principles.add(principles[(index + 5) % len(principles)])
        StoryMetricFactory(story=story)
        cases[index % len(cases)].stories.add(story)
    for index, case in enumerate(cases):
        case.principles.add(principles[index % len(principles)])
    previous = None
    for _ in range(records):
        record = DecisionRecordFactory(portfolio=portfolio)
        DecisionOptionFactory(record=record)
        DecisionOptionFactory(record=record)
        if previous is not None:
            previous.status = "superseded"
            previous.superseded_by = record
            previous.save()
        previous = record
    for group in ("team_health", "delivery", "technical", "business"):
        DashboardMetricFactory(portfolio=portfolio, group=group)
    ChecklistMark.objects.create(
        portfolio=portfolio, item_key="diagrams", checked=True, notes="Two diagrams"
    )
    return portfolio


@pytest.fixture
def full_portfolio(user):
    """A realistic portfolio made through the services, with two linked STAR stories."""
    portfolio = services.portfolio_get_or_create(owner=user)
    services.portfolio_update_summary(
        portfolio=portfolio,
        current_role="Senior Engineering Manager",
        years_of_experience=11,
        team_size_and_scope="22 engineers in 3 teams",
        budget="$3.5M a year",
        technical_domains="Payments\nDistributed systems",
        notable_achievements="Halved checkout latency\nPromoted three engineers",
        summary_text="I lead payments engineering for a marketplace.",
        level="L6",
    )
    first_story = story_create(
        owner=user,
        data={
            "title": "Rescuing checkout before the holiday sale",
            "situation": "Checkout took three seconds at peak.",
            "task": "Bring p95 under 300 ms.",
            "action": "Profiled, queued payment calls, cached catalogue reads.",
            "result": "p95 went from 3 s to 180 ms.",
            "primary_principle": "deliver-results",
            "secondary_principles": ["dive-deep"],
            "metrics": [
                {"label": "p95 latency", "before_value": "3000", "after_value": "180", "unit": "ms"}
            ],
        },
    )
    second_story = story_create(
        owner=user,
        data={"title": "Growing a tech lead", "primary_principle": "hire-and-develop-the-best"},
    )
    cases = []
    for number, kind in enumerate(("architecture", "performance", "team_building"), start=1):
        cases.append(
            services.case_study_create(
                portfolio=portfolio,
                fields={
                    "title": f"Case {number}",
                    "kind": kind,
                    "role": "Manager",
                    "technologies": "Kafka\nPostgreSQL",
                    "situation": "Legacy monolith.",
                    "results": "Faster and cheaper.",
                    "architecture_diagram": "graph TD\n  A --> B" if number == 1 else "",
                    "lessons_learned": "Start smaller.",
                },
                metrics=[
                    {
                        "group": "technical",
                        "name": "Deploy time",
                        "before": 45.0,
                        "after": 3.0,
                        "before_unit": "min",
                        "after_unit": "min",
                        "period": "per deploy",
                    },
                    {
                        "group": "business",
                        "name": "Cost",
                        "before": 2.0,
                        "after": 1.3,
                        "before_unit": "$M/month",
                        "after_unit": "$M/month",
                        "period": "",
                    },
                    {
                        "group": "team",
                        "name": "Promotions",
                        "before": None,
                        "after": 3.0,
                        "before_unit": "",
                        "after_unit": "",
                        "period": "in a year",
                    },
                ],
                principles=LeadershipPrinciple.objects.filter(slug__in=["ownership", "think-big"]),
                stories=[first_story, second_story] if number == 1 else [second_story],
            )
        )
    old = services.decision_record_create(
        portfolio=portfolio,
        fields={"title": "Keep the monolith", "status": "accepted"},
        options=[{"title": "Status quo", "pros": "No risk", "cons": "Slow"}],
    )
    new = services.decision_record_create(
        portfolio=portfolio,
        fields={
            "title": "Extract services gradually",
            "status": "accepted",
            "results_after_months": 12,
            "results": "Three services extracted.",
        },
        options=[
            {"title": "Big bang", "pros": "Fast", "cons": "Risky\nExpensive"},
            {"title": "Strangler fig", "pros": "Safe", "cons": "Slow"},
        ],
    )
    services.decision_record_update(
        record=old, fields={"status": "superseded", "superseded_by": new}
    )
    services.dashboard_replace(
        portfolio=portfolio,
        level="L6",
        metrics=[
            {
                "group": "team_health",
                "name": "Retention",
                "value": "95%",
                "trend": "up",
                "target": "90%",
            },
            {
                "group": "delivery",
                "name": "Cycle time",
                "value": "3.2 days",
                "trend": "down",
                "target": "3 days",
            },
        ],
    )
    services.checklist_update(portfolio=portfolio, marks={"diagrams": (True, "Case 1")})
    portfolio.refresh_from_db()
    assert CaseStudy.objects.filter(portfolio=portfolio).count() == 3
    return portfolio
