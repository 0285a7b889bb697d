"""Geometry for the server-rendered SVG charts; templates draw what these return."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from studyplan.progress import BurnUpPoint
from studyplan.wording import hours_text


@dataclass(frozen=True)
class Tick:
    position: float
    label: str
    # SVG text-anchor: a label at the right edge ends there instead of spilling past it.
    anchor: str = "middle"


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    bottom: int
    planned_points: str
    actual_points: str
    y_ticks: list[Tick]
    x_ticks: list[Tick]


def nice_step(rough: float) -> int:
    """The smallest 1, 2 or 5 times a power of ten at or above rough: axis labels people read."""
    magnitude = 10 ** max(0, math.floor(math.log10(rough))) if rough >= 1 else 1
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= rough)


# A narrow drawing, so the labels stay legible when the card is phone-wide.
def burn_up_chart(
    points: Sequence[BurnUpPoint], *, width: int = 360, height: int = 200
) -> LineChart:
    left, right, top, bottom = 40, 14, 10, height - 24
    y_step = nice_step(max((point.planned for point in points), default=0) / 4)
    y_max = y_step * math.ceil(max((point.planned for point in points), default=0) / y_step or 1)
    x_step = (width - left - right) / max(len(points) - 1, 1)

    def x(index: int) -> float:
        return round(left + index * x_step, 1)

    def y(value: int) -> float:
        return round(bottom - (bottom - top) * value / y_max, 1)

    planned = " ".join(f"{x(i)},{y(p.planned)}" for i, p in enumerate(points))
    actual = " ".join(f"{x(i)},{y(p.actual)}" for i, p in enumerate(points) if p.actual is not None)
    label_every = max(1, len(points) // 8)
    return LineChart(
        width=width,
        height=height,
        left=left,
        bottom=bottom,
        planned_points=planned,
        actual_points=actual,
        y_ticks=[Tick(y(value), str(value)) for value in range(0, y_max + 1, y_step)],
        x_ticks=[
            Tick(x(i), f"W{p.week_number}")
            for i, p in enumerate(points)
            # Counted back from the last week, so the final label never crowds another.
            if (len(points) - 1 - i) % label_every == 0
        ],
    )


@dataclass(frozen=True)
class Bar:
    """One area's row; the percentages share one scale (the largest level total)."""

    label: str
    # Hours as shown, in the plan's wording ("24.25", "80").
    spent_hours: str
    planned_hours: str
    level_hours: str
    spent_percent: float
    planned_percent: float
    level_percent: float


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]


def area_bars(area_totals: Sequence) -> BarChart:
    """One row per area: the level total as the track, planned and spent drawn over it.

    Drawn as HTML rather than SVG so the labels keep their size on a phone.
    """
    scale = max((total.level_minutes for total in area_totals), default=1) or 1

    def percent(minutes: int) -> float:
        return round(100 * min(minutes, scale) / scale, 1)

    return BarChart(
        bars=[
            Bar(
                label=total.label,
                spent_hours=hours_text(total.spent_minutes),
                planned_hours=hours_text(total.planned_minutes),
                level_hours=hours_text(total.level_minutes),
                spent_percent=percent(total.spent_minutes),
                planned_percent=percent(total.planned_minutes),
                level_percent=percent(total.level_minutes),
            )
            for total in area_totals
        ]
    )


@dataclass(frozen=True)
class ScoreChart:
    width: int
    height: int
    left: int
    bottom: int
    points: str
    dots: list[tuple[float, float]]
    y_ticks: list[Tick]
    x_ticks: list[Tick]


def readiness_chart(
    scores: Sequence[tuple[str, int]], *, width: int = 360, height: int = 180
) -> ScoreChart:
    """Readiness (0-100) over time, oldest first; scores are (date label, score) pairs."""
    left, right, top, bottom = 36, 14, 10, height - 24
    step = (width - left - right) / max(len(scores) - 1, 1)

    def x(index: int) -> float:
        return round(left + index * step, 1)

    def y(value: int) -> float:
        return round(bottom - (bottom - top) * value / 100, 1)

    dots = [(x(i), y(score)) for i, (_, score) in enumerate(scores)]
    label_every = max(1, len(scores) // 5)
    return ScoreChart(
        width=width,
        height=height,
        left=left,
        bottom=bottom,
        points=" ".join(f"{px},{py}" for px, py in dots),
        dots=dots,
        y_ticks=[Tick(y(value), str(value)) for value in range(0, 101, 25)],
        x_ticks=[
            Tick(x(i), label, "end" if i == len(scores) - 1 else "middle")
            for i, (label, _) in enumerate(scores)
            if (len(scores) - 1 - i) % label_every == 0
        ],
    )
