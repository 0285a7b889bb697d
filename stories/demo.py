"""Sample stories for the demo account, written for PrepSite."""

import datetime

from django.utils import timezone

from accounts.models import User
from stories import selectors, services
from stories.models import PracticeQuestion

_STORIES: list[dict] = [
    {
        "title": "Rescuing checkout latency before the annual sale",
        "framework": "star_plus",
        "situation": (
            "Two weeks before our biggest sale, checkout latency climbed from 200 ms to more "
            "than 3 s at peak, and abandoned carts rose by almost a quarter. The order service "
            "had grown to validate, reserve stock, take payment and send e-mails in one call."
        ),
        "task": (
            "I led the order-service team of six. I committed to p95 under 300 ms at four "
            "times normal traffic, without a rewrite and before the freeze date."
        ),
        "action": (
            "I replayed peak traffic against a staging copy and traced three causes: a starved "
            "connection pool, payment calls that blocked request threads, and two queries that "
            "locked the orders table. I ranked the fixes by risk and shipped the reversible one "
            "first, behind a flag. I moved payment and inventory calls onto a queue with circuit "
            "breakers, and I paired with two junior engineers on the query rewrites so they "
            "would own them afterwards. When product asked to squeeze a promotion feature into "
            "the same release, I showed them the load-test curve and we agreed to ship it a "
            "week later. I published the numbers after each step so the whole floor could see "
            "progress, and I ran a failure drill with infrastructure the week before the sale. "
            "I wrote the runbook for the on-call rotation myself, listing which flag to flip "
            "and which graph to watch, and I briefed the support leads on what customers might "
            "notice. On the night before the sale I asked for a final load test at five times "
            "normal traffic; it exposed a cache stampede on product pages, which I fixed by "
            "warming the cache from the catalogue export and staggering expiry times."
        ),
        "result": (
            "Checkout latency dropped from 3 s to 180 ms, the sale ran at 99.97 % availability "
            "with 250,000 orders, and peak-time abandonment fell by 18 %. Support tickets about "
            "slow checkout dropped by 85 %, and load testing became a release gate for the "
            "whole department."
        ),
        "leadership_impact": "Both engineers I paired with now run performance reviews.",
        "trade_offs": "I delayed a revenue feature by a week to protect the sale itself.",
        "lessons_learned": "I would add load tests to the pipeline before, not after, a crisis.",
        "role": "Engineering lead, order service",
        "team_size": 6,
        "duration": "4 months",
        "technologies": "Java, PostgreSQL, Redis, RabbitMQ, Kubernetes",
        "company": "Online retailer",
        "period": "2024",
        "target_level": "L6",
        "category": "crisis",
        "primary_principle": "deliver-results",
        "secondary_principles": ["dive-deep", "bias-for-action"],
        "tags": ["performance", "payments"],
        "status": "polished",
        "confidence": 4,
        "metrics": [
            {
                "label": "Checkout latency (avg)",
                "before_value": "3",
                "before_unit": "s",
                "after_value": "180",
                "unit": "ms",
                "period": "sale week",
            },
            {
                "label": "Cart abandonment at peak",
                "before_value": "23",
                "after_value": "5",
                "unit": "%",
                "period": "sale day",
            },
        ],
    },
    {
        "title": "Cutting deploy time from 45 minutes to 3",
        "framework": "psi",
        "problem": (
            "Deploys took 45 minutes and needed a four-hour maintenance window, so teams "
            "batched changes and incidents grew with every release."
        ),
        "solution": (
            "I mapped every manual step with the on-call engineers, proposed a strangler "
            "migration to a GitOps pipeline, and I convinced the three team leads to move one "
            "service each as a pilot. I wrote the rollback runbook myself and I ran the first "
            "cut-overs at midday so that everyone could watch."
        ),
        "impact": (
            "Deploy time fell from 45 to 3 minutes, deploys went from 2 a week to 8 a day, and "
            "customer-reported incidents dropped by 75 %."
        ),
        "role": "Senior engineering manager",
        "team_size": 12,
        "target_level": "L6",
        "category": "innovation",
        "primary_principle": "invent-and-simplify",
        "secondary_principles": ["think-big"],
        "tags": ["platform"],
        "status": "ready",
        "confidence": 3,
        "metrics": [
            {"label": "Deploy time", "before_value": "45", "after_value": "3", "unit": "min"},
        ],
    },
    {
        "title": "Turning around attrition on the payments team",
        "framework": "star_plus",
        "situation": "The payments team lost a fifth of its engineers in a year.",
        "task": "As their new manager I had to stop the losses within two quarters.",
        "action": (
            "I held one-to-ones with every engineer in my first two weeks and I found that "
            "on-call load and unclear promotion paths drove most departures. I rebuilt the "
            "rotation with runbook automation and I wrote promotion cases with three people."
        ),
        "result": "Attrition fell from 20 % to 5 % and on-call hours from 8 to 2 a week.",
        "role": "Engineering manager",
        "team_size": 9,
        "target_level": "L7",
        "category": "team_building",
        "primary_principle": "strive-to-be-earths-best-employer",
        "secondary_principles": ["hire-and-develop-the-best"],
        "status": "draft",
        "confidence": 2,
        "metrics": [
            {"label": "Annual attrition", "before_value": "20", "after_value": "5", "unit": "%"},
        ],
    },
    {
        "title": "Pushing back on a vendor lock-in deal",
        "framework": "star_plus",
        "situation": "Leadership wanted to sign a five-year observability contract.",
        "task": "I had to give a recommendation within a week.",
        "status": "idea",
        "category": "conflict",
        "primary_principle": "have-backbone-disagree-and-commit",
    },
]


def seed_demo(user: User) -> None:
    stories = [services.story_create(owner=user, data=data) for data in _STORIES]
    polished, platform = stories[0], stories[1]
    week_ago = timezone.now() - datetime.timedelta(days=7)
    services.story_rehearse(
        story=polished, duration_seconds=172, self_rating=3, rehearsed_at=week_ago
    )
    services.story_rehearse(story=platform, duration_seconds=205, self_rating=2)
    mock = selectors.mock_interview_list_for_user(user=user).first()
    services.story_usage_add(
        story=polished,
        told_on=mock.held_on if mock else timezone.localdate() - datetime.timedelta(days=3),
        mock_interview=mock,
        interview="" if mock else "Practice call with a former colleague",
    )
    question = PracticeQuestion.objects.filter(principle__slug="deliver-results").first()
    services.story_link_question(story=polished, question=question)
