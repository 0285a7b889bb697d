"""Print the planned hours per area for L6 and L7 plans of several lengths and weekly hours.

Run: DEBUG=1 .venv/bin/python scripts/plan_totals_table.py
"""

import datetime
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prepsite.settings")

import django

django.setup()

from studyplan.generation import AREAS, generate_weeks, hours_check  # noqa: E402
from studyplan.plan_template import load_plan_template  # noqa: E402

START = datetime.date(2027, 1, 4)


def main() -> None:
    template = load_plan_template()
    print(
        "| level | h/week | weeks | design | coding | behavioural | mocks | total | needed | note |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for level in ("L6", "L7"):
        for weeks in (12, 24, 40):
            for hours in (8, 10, 12, 14, 20):
                interview = START + datetime.timedelta(weeks=weeks)
                specs = generate_weeks(
                    template=template,
                    level=level,
                    start_date=START,
                    interview_date=interview,
                    hours_per_week=hours,
                )
                check = hours_check(
                    template=template,
                    level=level,
                    start_date=START,
                    interview_date=interview,
                    hours_per_week=hours,
                )
                totals = [sum(spec.planned_minutes[area] for spec in specs) / 60 for area in AREAS]
                cells = " | ".join(f"{value:g}" for value in totals)
                note = "exact" if check.fits else f"short by {check.shortfall} h"
                print(
                    f"| {level} | {hours} | {weeks} | {cells} | {sum(totals):g} | "
                    f"{check.needed_total} | {note} |"
                )


if __name__ == "__main__":
    main()
