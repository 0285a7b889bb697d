"""Geometry for the server-rendered SVG charts; templates draw what these return."""

from collections.abc import Sequence
from dataclasses import dataclass

from studyplan.progress import BurnUpPoint


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


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


def burn_up_chart(
    points: Sequence[BurnUpPoint], *, width: int = 640, height: int = 240
) -> LineChart:
    left, right, top, bottom = 48, 12, 12, height - 28
    y_max = max((point.planned for point in points), default=0) or 1
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
        y_ticks=[Tick(y(round(y_max * i / 4)), str(round(y_max * i / 4))) for i in range(5)],
        x_ticks=[
            Tick(x(i), f"W{p.week_number}")
            for i, p in enumerate(points)
            if i % label_every == 0 or i == len(points) - 1
        ],
    )


@dataclass(frozen=True)
class Bar:
    label: str
    spent_hours: float
    planned_hours: float
    level_hours: float
    spent_width: float
    planned_width: float
    y: float


@dataclass(frozen=True)
class BarChart:
    height: int
    bars: list[Bar]


def area_bars(area_totals: Sequence, *, width: int = 640, row_height: int = 44) -> BarChart:
    """One row per area: level total as the full track, planned and spent drawn over it."""
    left, right = 130, 120
    scale = max((total.level_minutes for total in area_totals), default=1) or 1
    track = width - left - right
    bars = [
        Bar(
            label=total.label,
            spent_hours=round(total.spent_minutes / 60, 1),
            planned_hours=round(total.planned_minutes / 60, 1),
            level_hours=round(total.level_minutes / 60, 1),
            spent_width=round(track * min(total.spent_minutes, scale) / scale, 1),
            planned_width=round(track * total.planned_minutes / scale, 1),
            y=index * row_height,
        )
        for index, total in enumerate(area_totals)
    ]
    return BarChart(height=len(bars) * row_height, bars=bars)
