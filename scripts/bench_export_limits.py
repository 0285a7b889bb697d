"""Export the largest portfolio prepsite/limits.py allows, in every format, and check the budget.

Every text field filled to its maximum length, every collection to its maximum count
(`--case-studies` and `--stories` scale it down for a quick look). Reports wall time and the
process's peak resident memory after each format; exits 1 when PDF exceeds
EXPORT_BUDGET_SECONDS or any format grows the process past --memory-mb.

Each format is timed as a first rendering: the rendered-document cache is cleared before it,
and an untimed request first loads the URL configuration and the API views, which would
otherwise be charged to whichever format comes first (seconds on a busy machine).

Runs against a throwaway test database, so it never touches real data:

    DEBUG=1 .venv/bin/python scripts/bench_export_limits.py [--case-studies N] [--stories N]
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prepsite.settings")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from prepsite import limits  # noqa: E402

FORMATS = ("json", "md", "html", "jsonresume", "pdf")
WORDS = [
    "latency",
    "budget",
    "rollout",
    "owner",
    "migration",
    "customer",
    "metric",
    "platform",
    "team",
    "decision",
]


def _text(length: int) -> str:
    """Plausible prose (words and paragraph breaks) of exactly `length` characters."""
    words, size, index = [], 0, 0
    while size < length:
        word = WORDS[index % len(WORDS)] + ("\n\n" if index % 120 == 119 else " ")
        words.append(word)
        size += len(word)
        index += 1
    return "".join(words)[:length]


def _fill(model, **overrides) -> dict:
    """Every text field of `model` at its max_length, except those given."""
    values = {}
    for field in model._meta.concrete_fields:
        is_text = field.get_internal_type() in {"CharField", "TextField"} and not field.choices
        if is_text and field.name not in overrides and field.max_length:
            values[field.name] = _text(field.max_length)
    return {**values, **overrides}


def build_largest_portfolio(owner, *, case_studies: int, stories: int, records: int) -> None:
    from portfolio.models import (
        CaseStudy,
        CaseStudyMetric,
        DashboardMetric,
        DecisionOption,
        DecisionRecord,
        Portfolio,
    )
    from stories.models import LeadershipPrinciple, Story, StoryMetric

    portfolio = Portfolio.objects.create(**_fill(Portfolio, owner=owner, level="L7"))
    principles = list(LeadershipPrinciple.objects.all())
    linked = []
    for index in range(stories):
        story = Story.objects.create(
            **_fill(Story, owner=owner, title=f"Story {index}", framework="star_plus", tags=[])
        )
        StoryMetric.objects.bulk_create(
            StoryMetric(
                story=story, position=p, **_fill(StoryMetric, before_value=1, after_value=2)
            )
            for p in range(limits.METRICS_PER_STORY_MAX)
        )
        linked.append(story)
    metric = {"group": "technical", "before": 100.0, "after": 50.0}
    for index in range(case_studies):
        case = CaseStudy.objects.create(
            **_fill(CaseStudy, portfolio=portfolio, position=index, kind="architecture")
        )
        CaseStudyMetric.objects.bulk_create(
            CaseStudyMetric(case_study=case, position=p, **_fill(CaseStudyMetric, **metric))
            for p in range(limits.METRICS_PER_CASE_STUDY_MAX)
        )
        case.principles.set(principles)
        case.stories.set(linked[index::case_studies] if case_studies else [])
    for index in range(records):
        record = DecisionRecord.objects.create(
            **_fill(DecisionRecord, portfolio=portfolio, position=index, status="accepted")
        )
        DecisionOption.objects.bulk_create(
            DecisionOption(record=record, position=p, **_fill(DecisionOption))
            for p in range(limits.OPTIONS_PER_DECISION_MAX)
        )
    DashboardMetric.objects.bulk_create(
        DashboardMetric(portfolio=portfolio, position=p, group="delivery", **_fill(DashboardMetric))
        for p in range(limits.DASHBOARD_METRICS_MAX)
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case-studies", type=int, default=limits.CASE_STUDIES_MAX)
    parser.add_argument("--stories", type=int, default=limits.STORY_LINKS_MAX)
    parser.add_argument("--records", type=int, default=limits.DECISION_RECORDS_MAX)
    parser.add_argument("--memory-mb", type=int, default=300)
    parser.add_argument("--formats", default=",".join(FORMATS))
    args = parser.parse_args()

    setup_test_environment()
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    failed = False
    try:
        from tests.factories import UserFactory

        owner = UserFactory()
        build_largest_portfolio(
            owner, case_studies=args.case_studies, stories=args.stories, records=args.records
        )
        client = APIClient()
        client.force_authenticate(owner)
        assert client.get("/api/portfolio/summary/").status_code == 200
        print(
            f"database: {connection.vendor}; {args.case_studies} case studies at the limits, "
            f"{args.stories} linked stories, {args.records} decision records"
        )
        print(f"{'format':<11} {'seconds':>8} {'peak RSS MB':>12} {'bytes':>10} status")
        for export_format in args.formats.split(","):
            cache.clear()
            started = time.perf_counter()
            response = client.get("/api/portfolio/export/", {"format": export_format})
            seconds = time.perf_counter() - started
            peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            # A PDF too long to lay out in time is refused (413) by the guard: in budget.
            assert response.status_code in {200, 413}, response.content[:200]
            over = (export_format == "pdf" and seconds > limits.EXPORT_BUDGET_SECONDS) or (
                peak_mb > args.memory_mb
            )
            failed |= over
            print(
                f"{export_format:<11} {seconds:>8.2f} {peak_mb:>12.0f} "
                f"{len(response.content):>10} {response.status_code}"
                f"{'  OVER BUDGET' if over else ''}"
            )
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)
        teardown_test_environment()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
