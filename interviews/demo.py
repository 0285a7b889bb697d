"""Sample applications for the demo account: an Amazon onsite with its story plan, and a
second process at an earlier stage."""

import datetime

from django.utils import timezone

from accounts.models import User
from interviews import services
from stories import services as story_services

_ROUNDS = [
    # (local start, minutes, kind, interviewer name, interviewer role)
    (datetime.time(9, 0), 60, "behavioural", "Priya", "Senior SDM, payments"),
    (datetime.time(10, 15), 60, "system_design", "Marco", "Principal engineer"),
    (datetime.time(11, 30), 60, "behavioural", "Jen", "SDM, fulfilment"),
    (datetime.time(13, 30), 60, "bar_raiser", "Tomasz", "Bar raiser, ads"),
    (datetime.time(14, 45), 45, "hiring_manager", "Alex", "Director, the hiring team"),
]

_QUESTIONS = (
    "How does the team measure success in its first year?\n"
    "What would you want the new manager to change, and what to leave alone?\n"
    "How are on-call and operational load shared?"
)


# Extra stories for the loop's principles, so the sample plan has something to choose from.
_LOOP_STORIES: list[dict] = [
    {
        "title": "Refund flow rebuilt from support tickets",
        "situation": "Refund complaints were the top support topic and took eight days to settle.",
        "task": "I owned payments and set myself the goal of refunds within two days.",
        "action": (
            "I read two hundred tickets myself, I mapped the seven hand-offs a refund went "
            "through, and I removed four of them by letting the payment service issue refunds "
            "under a limit without a manual check. I reviewed every edge case with finance."
        ),
        "result": "Refunds settled in 1.5 days instead of 8, and refund tickets fell by 60 %.",
        "target_level": "L7",
        "primary_principle": "customer-obsession",
        "secondary_principles": ["ownership"],
        "status": "polished",
        "confidence": 4,
        "metrics": [
            {"label": "Refund time", "before_value": "8", "after_value": "1.5", "unit": "days"}
        ],
    },
    {
        "title": "Taking over an orphaned fraud service",
        "situation": "A fraud-scoring service had no owning team after a re-organisation.",
        "task": "It was not mine, but its alerts woke my on-call; I offered to own it.",
        "action": (
            "I wrote down what the service did, I found its three biggest risks, and I agreed "
            "a hand-over plan with its old team. I fixed the noisiest alerts in the first week "
            "and I put the service on my team's roadmap with a named owner."
        ),
        "result": "Pages from the service fell from 30 to 4 a month and fraud losses held flat.",
        "target_level": "L7",
        "primary_principle": "ownership",
        "secondary_principles": ["bias-for-action"],
        "status": "ready",
        "confidence": 3,
        "metrics": [
            {"label": "Pages a month", "before_value": "30", "after_value": "4", "unit": ""}
        ],
    },
    {
        "title": "Halving the cloud bill without slowing delivery",
        "situation": "Our cloud spend grew 40 % in a year while traffic grew 10 %.",
        "task": "I was asked to cut cost by a quarter without delaying the roadmap.",
        "action": (
            "I tagged every resource by team, I showed each team its own bill, and I "
            "moved batch jobs to spot capacity. I turned off idle test environments at night."
        ),
        "result": "Monthly spend fell from $410k to $220k, and no release slipped.",
        "target_level": "L7",
        "primary_principle": "frugality",
        "secondary_principles": ["insist-on-the-highest-standards"],
        "status": "ready",
        "confidence": 4,
        "metrics": [
            {
                "label": "Monthly cloud spend",
                "before_value": "410",
                "after_value": "220",
                "unit": "$k",
            }
        ],
    },
    {
        "title": "Winning back a partner team after an outage",
        "situation": "An outage my team caused cost a partner team a launch date.",
        "task": "I had to repair the relationship and make sure it would not happen again.",
        "action": (
            "I apologised in person, I shared the full incident review with them before "
            "anyone else, and I invited their lead to review our fixes. I kept a weekly "
            "check-in until both teams agreed the risk was gone."
        ),
        "result": "The partner team rated us 4.5 of 5 in the next survey, up from 2.",
        "target_level": "L6",
        "primary_principle": "earn-trust",
        "secondary_principles": ["learn-and-be-curious"],
        "status": "draft",
        "confidence": 3,
    },
    {
        "title": "Choosing a queue over a rewrite",
        "situation": "Two senior engineers wanted to rewrite the order service from scratch.",
        "task": "I had to decide between the rewrite and a smaller change within a quarter.",
        "action": (
            "I asked both sides for their data, I ran a two-week spike of the smaller option, "
            "and I decided on a queue in front of the slow calls. I wrote down the decision "
            "and the signals that would make us revisit it."
        ),
        "result": "The queue shipped in five weeks and p99 latency fell by 70 %.",
        "target_level": "L7",
        "primary_principle": "are-right-a-lot",
        "secondary_principles": ["dive-deep", "think-big"],
        "status": "ready",
        "confidence": 3,
        "metrics": [
            {"label": "p99 latency", "before_value": "2000", "after_value": "600", "unit": "ms"}
        ],
    },
    {
        "title": "Growing two engineers into tech leads",
        "situation": "My team had no tech lead and I was the bottleneck for design reviews.",
        "task": "I wanted two engineers ready to lead designs within six months.",
        "action": (
            "I gave each of them one system to own, I paired with them on their first "
            "design documents, and I stepped back from the reviews they ran."
        ),
        "result": "Both were promoted within a year; my review load fell from 10 to 2 a week.",
        "target_level": "L6",
        "primary_principle": "hire-and-develop-the-best",
        "status": "ready",
        "confidence": 4,
    },
    {
        "title": "Shipping a partial fix before peak traffic",
        "situation": "Two days before a holiday peak, a memory leak restarted our API every hour.",
        "task": "The full fix needed a library upgrade we could not test in time.",
        "action": (
            "I chose a reversible step: I capped the cache that leaked, I added a restart "
            "alarm, and I wrote down the rollback. I scheduled the upgrade for the week after."
        ),
        "result": "No restart during the peak; the upgrade landed a week later with no incident.",
        "target_level": "L6",
        "primary_principle": "bias-for-action",
        "secondary_principles": ["ownership"],
        "status": "ready",
        "confidence": 3,
        "metrics": [
            {"label": "Restarts a day", "before_value": "24", "after_value": "0", "unit": ""}
        ],
    },
    {
        "title": "A three-year plan for one payments platform",
        "situation": "Three marketplaces each ran their own payment stack with its own on-call.",
        "task": "I was asked where payments engineering should be in three years.",
        "action": (
            "I wrote a one-page vision of a shared platform, I costed two paths to it with "
            "finance, and I won funding for the first step by showing the on-call savings."
        ),
        "result": "The first two marketplaces moved within a year; on-call rotas went from 3 to 1.",
        "target_level": "L7",
        "primary_principle": "think-big",
        "secondary_principles": ["invent-and-simplify"],
        "status": "ready",
        "confidence": 3,
        "metrics": [
            {"label": "On-call rotas", "before_value": "3", "after_value": "1", "unit": ""}
        ],
    },
    {
        "title": "Finding the real cause of failed card payments",
        "situation": "Card failures rose to 4 % and every team blamed the payment provider.",
        "task": "I wanted the cause from our own data before escalating to the provider.",
        "action": (
            "I pulled a week of failures, I grouped them by bank, device and retry count, and "
            "I found our retry logic resent expired tokens. I paired with the engineer who "
            "fixed it and checked the numbers daily until they settled."
        ),
        "result": "Failures fell from 4 % to 1.2 %, worth about $1.8M a year in sales.",
        "target_level": "L7",
        "primary_principle": "dive-deep",
        "secondary_principles": ["customer-obsession"],
        "status": "polished",
        "confidence": 4,
        "metrics": [
            {"label": "Card failure rate", "before_value": "4", "after_value": "1.2", "unit": "%"}
        ],
    },
    {
        "title": "Raising the bar for production readiness",
        "situation": "Half our incidents came from services launched without alarms or runbooks.",
        "task": "I wanted a launch bar that teams would keep without a central gate.",
        "action": (
            "I wrote a short readiness checklist with the on-call leads, I made the deploy "
            "pipeline check the automatable items, and I reviewed the first ten launches myself."
        ),
        "result": "Incidents from new launches fell from 12 to 3 a quarter.",
        "target_level": "L7",
        "primary_principle": "insist-on-the-highest-standards",
        "secondary_principles": ["deliver-results"],
        "status": "ready",
        "confidence": 3,
        "metrics": [
            {"label": "Launch incidents a quarter", "before_value": "12", "after_value": "3"}
        ],
    },
    {
        "title": "Learning stream processing to judge a migration",
        "situation": "My team proposed moving batch reports to a streaming system new to me.",
        "task": "I had to decide on the migration without slowing the team down.",
        "action": (
            "I built a small prototype over two weekends, I read the system's failure-mode "
            "documentation, and I asked a peer team to walk me through their outages."
        ),
        "result": "We migrated two of five reports, the ones that gained; report delay fell 90 %.",
        "target_level": "L6",
        "primary_principle": "learn-and-be-curious",
        "secondary_principles": ["are-right-a-lot"],
        "status": "ready",
        "confidence": 3,
        "metrics": [
            {"label": "Report delay", "before_value": "24", "after_value": "2.4", "unit": "h"}
        ],
    },
    {
        "title": "Telling a VP the launch date was wrong",
        "situation": "A launch date had been announced before the team estimated the work.",
        "task": "I believed the date would ship a broken checkout and had to say so.",
        "action": (
            "I brought a plan with two options and their risks to the VP, I disagreed in the "
            "review, and once the VP chose the later date I committed the team to it fully."
        ),
        "result": "We launched three weeks later with no rollback and 0.1 % checkout errors.",
        "target_level": "L7",
        "primary_principle": "have-backbone-disagree-and-commit",
        "secondary_principles": ["earn-trust"],
        "status": "ready",
        "confidence": 4,
        "metrics": [
            {"label": "Checkout error rate", "before_value": "2", "after_value": "0.1", "unit": "%"}
        ],
    },
]


def seed_demo(user: User) -> None:
    today = timezone.localdate(timezone=user.tzinfo)
    for data in _LOOP_STORIES:
        story_services.story_create(owner=user, data=data)
    amazon = services.application_create(
        owner=user,
        data={
            "company": "Amazon",
            "role": "Senior Software Development Manager",
            "level": "L7",
            "source": "Recruiter",
            "notes": "Team owns checkout payments for three marketplaces.",
            "status": "applied",
        },
        status_on=today - datetime.timedelta(days=30),
    )
    for status, days_ago in (("recruiter_screen", 20), ("phone_screen", 12), ("onsite", 5)):
        services.application_move(
            application=amazon, status=status, on=today - datetime.timedelta(days=days_ago)
        )
    onsite_day = today + datetime.timedelta(days=10)
    loop = services.loop_create(
        application=amazon,
        data={
            "kind": "onsite",
            "starts_on": onsite_day,
            "ends_on": onsite_day,
            "questions_to_ask": _QUESTIONS,
        },
    )
    for start, minutes, kind, name, role in _ROUNDS:
        services.round_create(
            loop=loop,
            data={
                "starts_at": datetime.datetime.combine(onsite_day, start, tzinfo=user.tzinfo),
                "length_minutes": minutes,
                "kind": kind,
                "interviewer_name": name,
                "interviewer_role": role,
            },
        )
    services.loop_apply_amazon_split(loop=loop)
    services.loop_plan(loop=loop)
    services.application_create(
        owner=user,
        data={
            "company": "Northwind Logistics",
            "role": "Head of Platform Engineering",
            "level": "other",
            "source": "Referral",
            "status": "applied",
        },
    )
