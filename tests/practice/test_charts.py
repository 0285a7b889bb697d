import datetime as dt
from dataclasses import dataclass

from practice.charts import trend_chart

# Half the width of an x-axis label ("18 Nov") in 11 px type, with a little to spare.
HALF_LABEL = 20


@dataclass(frozen=True)
class Point:
    held_on: dt.date
    score: float


def test_the_first_and_last_x_labels_fit_inside_the_chart():
    days = [dt.date(2026, 11, 2), dt.date(2026, 11, 9), dt.date(2026, 11, 18)]
    chart = trend_chart({"Coding": [Point(day, 3.0) for day in days]})
    positions = [x for x, _ in chart.x_ticks]
    assert chart.x_ticks[-1][1] == "18 Nov"
    assert min(positions) - HALF_LABEL >= 0
    assert max(positions) + HALF_LABEL <= chart.width


def test_points_of_different_series_on_the_same_day_and_score_are_told_apart():
    day, other_day = dt.date(2026, 11, 18), dt.date(2026, 11, 11)
    chart = trend_chart(
        {
            "Bar raiser": [Point(other_day, 2.0), Point(day, 3.0)],
            "Coding": [Point(other_day, 4.0), Point(day, 3.0)],
        }
    )
    bar_raiser, coding = chart.series
    shared = (bar_raiser.dots[1], coding.dots[1])
    assert shared[0].y == shared[1].y and abs(shared[0].x - shared[1].x) >= 8
    assert bar_raiser.marker != coding.marker
    # Points nobody shares stay on their day.
    assert bar_raiser.dots[0].x == coding.dots[0].x
    # Each series draws its line through its own dots.
    assert coding.points.split()[-1] == f"{shared[1].x},{shared[1].y}"
