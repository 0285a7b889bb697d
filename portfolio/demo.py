"""Sample portfolio for the demo account: a senior manager of search and data teams."""

from portfolio import services
from stories.models import LeadershipPrinciple, Story

SUMMARY = {
    "level": "L6",
    "current_role": "Senior Engineering Manager, Search and Data",
    "years_of_experience": 11,
    "team_size_and_scope": "21 engineers in 3 teams: search, recommendations, data platform",
    "budget": "$3.2M a year in headcount, $600K a month in cloud spend",
    "technical_domains": "Search and ranking\nEvent streaming\nData platforms",
    "notable_achievements": (
        "Moved search from nightly rebuilds to a streaming index: results fresh in 90 seconds\n"
        "Cut the recommendation pipeline's cloud bill by 47%\n"
        "Started the data platform team and grew it from 2 to 9 engineers"
    ),
    "summary_text": (
        "I run the teams behind product search and recommendations for a retailer with 8 million "
        "monthly shoppers. My work sits where ranking quality, infrastructure cost and team "
        "health meet.\n\n"
        "Over the last three years I replaced a nightly search rebuild with an event-driven "
        "index, halved what we pay to train recommendations, and built a data platform team "
        "that other groups now depend on. I measure my success by what customers find, what "
        "the business saves, and how many of my engineers grow into leads."
    ),
}

CASE_STUDIES = [
    {
        "fields": {
            "title": "Search re-platforming onto an event-driven index",
            "kind": "architecture",
            "role": "Engineering manager and technical owner",
            "team_size": "8 engineers, 1 product manager",
            "duration": "10 months",
            "technologies": "Kafka\nDebezium\nOpenSearch\nKubernetes",
            "business_context": "Shoppers saw sold-out items and stale prices for up to a day.",
            "situation": (
                "The search index was rebuilt from the catalogue database every night. Price "
                "and stock changes took up to 24 hours to appear, and the rebuild paged "
                "on-call engineers several times a week."
            ),
            "task": (
                "Make catalogue changes searchable within two minutes without a big-bang "
                "cut-over during the holiday season."
            ),
            "actions_technical": (
                "Chose change-data-capture over dual writes; ran the new index in shadow "
                "mode and compared result sets daily before switching traffic."
            ),
            "actions_team": (
                "Split the team into an ingestion pair and a relevance pair with one shared "
                "on-call runbook; paired a senior engineer with each newer one."
            ),
            "actions_stakeholder": (
                "Agreed a weekly freshness number with merchandising and shared a migration "
                "dashboard with the VP of e-commerce."
            ),
            "results": "Switched over in October with no customer-visible incident.",
            "architecture_diagram": (
                "flowchart LR\n"
                "  DB[(Catalogue DB)] -->|CDC| K[Kafka]\n"
                "  K --> IDX[Indexer]\n"
                "  IDX --> OS[(OpenSearch)]\n"
                "  API[Search API] --> OS"
            ),
            "key_decisions": (
                "Change-data-capture instead of dual writes: one source of truth, at the cost "
                "of running Debezium.\nShadow traffic for four weeks before the switch."
            ),
            "lessons_learned": (
                "Agree the success number with the business before writing code; it settled "
                "every later scope debate."
            ),
        },
        "metrics": [
            ("technical", "Index freshness", 1440.0, 1.5, "min", "worst case"),
            ("technical", "p99 query latency", 800.0, 210.0, "ms", "peak hour"),
            ("business", "Search conversion", 2.1, 2.6, "%", "quarter over quarter"),
            ("team", "Out-of-hours pages", 14.0, 4.0, "per week", "6 months after launch"),
        ],
        "principles": ["customer-obsession", "dive-deep", "invent-and-simplify"],
    },
    {
        "fields": {
            "title": "Halving the cost of the recommendation pipeline",
            "kind": "performance",
            "role": "Engineering manager",
            "team_size": "6 engineers",
            "duration": "4 months",
            "technologies": "Spark\nAirflow\nParquet",
            "business_context": "Finance asked every group for a 20% cut in cloud spend.",
            "situation": "Training ran for 7 hours a night on oversized on-demand clusters.",
            "task": "Cut the cost by at least a fifth without hurting recommendation quality.",
            "actions_technical": (
                "Profiled the jobs, removed a full-table shuffle, moved to spot capacity with "
                "checkpointing and switched intermediate data to Parquet."
            ),
            "actions_team": "Ran two profiling workshops so every engineer could read a job plan.",
            "actions_stakeholder": "Reported savings monthly to finance with the method shown.",
            "results": "Savings beat the target by more than double; model quality held steady.",
            "key_decisions": "Spot capacity with checkpoints: cheaper, but a run may restart.",
            "lessons_learned": "Teach the team to measure first; the biggest win was a surprise.",
        },
        "metrics": [
            ("business", "Pipeline cloud cost", 180.0, 95.0, "$K/month", "after 4 months"),
            ("technical", "Nightly training runtime", 7.0, 2.5, "h", "median"),
            ("team", "Engineers able to profile jobs", 2.0, 6.0, "", "after the workshops"),
        ],
        "principles": ["frugality", "learn-and-be-curious", "deliver-results"],
    },
    {
        "fields": {
            "title": "Building the data platform team from scratch",
            "kind": "team_building",
            "role": "Hiring manager and first-line manager",
            "team_size": "2 growing to 9 engineers",
            "duration": "14 months",
            "technologies": "dbt\nSnowflake\nTerraform",
            "business_context": "Five product teams each kept their own fragile data copies.",
            "situation": "Two engineers supported every data request in the company.",
            "task": "Form a team that offers shared, reliable data as a product.",
            "actions_technical": "Set a first-year roadmap around three shared data sets.",
            "actions_team": (
                "Wrote a hiring rubric with the team, ran structured interviews and built a "
                "two-week onboarding path with a first change shipped on day four."
            ),
            "actions_stakeholder": "Agreed service levels with the five consuming teams.",
            "results": "Nine engineers, two promoted to senior, and the shared data sets adopted.",
            "lessons_learned": "Write the rubric before the first interview, not after.",
        },
        "metrics": [
            ("team", "Team size", 2.0, 9.0, "engineers", "14 months"),
            ("team", "Time to first change in production", 21.0, 4.0, "days", "new joiners"),
            ("business", "Teams on shared data sets", 0.0, 5.0, "teams", "after a year"),
        ],
        "principles": ["hire-and-develop-the-best", "ownership", "think-big", "earn-trust"],
    },
]

DASHBOARD = [
    ("team_health", "Retention", "94%", "steady", "90%"),
    ("team_health", "Engagement score", "8.3/10", "up", "8/10"),
    ("delivery", "Cycle time", "2.8 days", "down", "3 days"),
    ("delivery", "Deployments", "11/day", "up", "10/day"),
    ("technical", "Search availability", "99.97%", "steady", "99.95%"),
    ("technical", "p99 search latency", "210 ms", "down", "250 ms"),
    ("business", "Cloud savings", "$85K/month", "up", "$60K/month"),
    ("business", "Search conversion", "2.6%", "up", "2.5%"),
]


def seed_demo(user) -> None:
    portfolio = services.portfolio_get_or_create(owner=user)
    services.portfolio_update_summary(portfolio=portfolio, **SUMMARY)
    principles = {principle.slug: principle for principle in LeadershipPrinciple.objects.all()}
    # The stories seeder, when it ran first, wrote stories this portfolio can point at.
    demo_stories = list(Story.objects.filter(owner=user).order_by("pk")[:3])
    for index, case in enumerate(CASE_STUDIES):
        services.case_study_create(
            portfolio=portfolio,
            fields=case["fields"],
            metrics=[
                {
                    "group": group,
                    "name": name,
                    "before": before,
                    "before_unit": unit,
                    "after": after,
                    "after_unit": unit,
                    "period": period,
                }
                for group, name, before, after, unit, period in case["metrics"]
            ],
            principles=[principles[slug] for slug in case["principles"]],
            stories=demo_stories[index : index + 1],
        )
    nightly = services.decision_record_create(
        portfolio=portfolio,
        fields={
            "title": "Keep rebuilding the search index nightly",
            "status": "accepted",
            "decision_makers": "Search tech lead and me",
            "context": "The first version of search, when the catalogue changed rarely.",
            "decision": "Rebuild the whole index every night from the catalogue database.",
            "rationale": "Simple to run while the catalogue changed a few times a day.",
        },
        options=[{"title": "Nightly full rebuild", "pros": "Simple", "cons": "Stale for a day"}],
    )
    streaming = services.decision_record_create(
        portfolio=portfolio,
        fields={
            "title": "Stream catalogue changes into search with change-data-capture",
            "status": "accepted",
            "decision_makers": "Search and platform tech leads, director of engineering",
            "stakeholders": "Merchandising, site reliability, the catalogue team",
            "context": (
                "Prices and stock changed hundreds of times an hour and shoppers saw stale "
                "results; the nightly rebuild also paged on-call engineers."
            ),
            "decision": "Capture database changes with Debezium and index them through Kafka.",
            "rationale": (
                "One source of truth, replayable history, and no change to the catalogue "
                "team's code."
            ),
            "implementation_plan": (
                "Shadow index for four weeks, compare results daily, then move traffic in "
                "10% steps with a one-click rollback."
            ),
            "results": "Freshness under two minutes and pages down from 14 to 4 a week.",
            "results_after_months": 6,
        },
        options=[
            {
                "title": "Dual writes from the catalogue service",
                "pros": "No new infrastructure",
                "cons": "Two writes can disagree\nChanges the catalogue team's code",
            },
            {
                "title": "Change-data-capture through Kafka",
                "pros": "Single source of truth\nReplayable",
                "cons": "Debezium to operate",
            },
            {
                "title": "Rebuild the index every hour",
                "pros": "Smallest change",
                "cons": "Still an hour stale\nFour times the load",
            },
        ],
    )
    services.decision_record_update(
        record=nightly, fields={"status": "superseded", "superseded_by": streaming}
    )
    services.dashboard_replace(
        portfolio=portfolio,
        level="L6",
        metrics=[
            dict(zip(("group", "name", "value", "trend", "target"), row, strict=True))
            for row in DASHBOARD
        ],
    )
    services.checklist_update(
        portfolio=portfolio,
        marks={
            "problem_framed": (True, "Every case opens with the business reason."),
            "performance_quantified": (True, ""),
            "diagrams": (True, "Search case study"),
            "people_growth": (True, "Data platform team"),
            "money_impact": (True, "$85K a month saved"),
        },
    )
