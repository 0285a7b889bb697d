"""Print the practice library's counts by area, kind and level, and what the week page proposes
to an L6 and an L7 user in the same plan week.

Run: DEBUG=1 .venv/bin/python scripts/practice_library_report.py [--week 9]
(on the database of the environment; the two users it creates are rolled back).
"""

import argparse
import datetime
import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prepsite.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402

from practice.models import LibraryItem  # noqa: E402
from practice.selectors import week_suggestions  # noqa: E402
from studyplan import services as plan_services  # noqa: E402

START = datetime.date(2027, 1, 4)


class RolledBack(Exception):
    pass


def print_counts() -> None:
    counts = Counter(
        LibraryItem.objects.filter(owner=None).values_list("area", "kind", "level").iterator()
    )
    levels = ("L6", "L7", "both")
    print("| area | kind | L6 | L7 | both | total |")
    print("|---|---|---|---|---|---|")
    for area, kind in sorted({(area, kind) for area, kind, _ in counts}):
        row = [counts[(area, kind, level)] for level in levels]
        print(f"| {area} | {kind} | " + " | ".join(map(str, row)) + f" | {sum(row)} |")
    print(f"| all | | | | | {sum(counts.values())} |")


def print_suggestions(plan_week: int) -> None:
    user_model = get_user_model()
    try:
        with transaction.atomic():
            for level in ("L6", "L7"):
                user = user_model.objects.create_user(
                    email=f"report-{level.lower()}@example.invalid", password=None
                )
                plan = plan_services.plan_create(
                    user=user,
                    level=level,
                    start_date=START,
                    interview_date=START + datetime.timedelta(weeks=24),
                    hours_per_week=14,
                    timezone_name="UTC",
                    reminder_weekday=0,
                    reminder_time=datetime.time(9),
                )
                week = plan.weeks.get(number=plan_week)
                suggestions = week_suggestions(user=user, week=week)
                print(f"\n{level}, plan week {plan_week} ({week.focus}):")
                for suggestion in suggestions.items:
                    item = suggestion.item
                    print(
                        f"- {item.area}: {item.title} "
                        f"({item.level}, {item.difficulty}; {suggestion.reason})"
                    )
                for resource in suggestions.resources:
                    print(f"- reading: {resource.title}")
            raise RolledBack
    except RolledBack:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--week", type=int, default=9, help="plan week to compare (1-24)")
    args = parser.parse_args()
    print_counts()
    print_suggestions(args.week)


if __name__ == "__main__":
    main()
