"""Geometry for the mock-trend chart: one line per series, mock scores 1-5 over time."""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# Distinguishable in print and for common colour blindness (Okabe-Ito palette).
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
SCORE_MIN, SCORE_MAX = 1, 5


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    points: str  # "x,y x,y" for an SVG polyline
    dots: list[tuple[float, float, str]]  # x, y, title


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    left: int
    right_edge: int
    top: int
    bottom: int
    series: list[Series]
    y_ticks: list[tuple[float, int]]
    x_ticks: list[tuple[float, str]]


def trend_chart(
    data: Mapping[str, Sequence], *, width: int = 480, height: int = 220
) -> TrendChart | None:
    """None when nothing is scored yet; points are anything with .held_on and .score."""
    days = sorted({point.held_on for points in data.values() for point in points})
    if not days:
        return None
    left, right, top, bottom = 36, 16, 12, height - 28
    first, span = days[0], max((days[-1] - days[0]).days, 1)

    def x(day: datetime.date) -> float:
        if len(days) == 1:
            return round((left + width - right) / 2, 1)
        return round(left + (width - left - right) * (day - first).days / span, 1)

    def y(score: float) -> float:
        return round(bottom - (bottom - top) * (score - SCORE_MIN) / (SCORE_MAX - SCORE_MIN), 1)

    series = [
        Series(
            name=name,
            colour=COLOURS[index % len(COLOURS)],
            points=" ".join(f"{x(p.held_on)},{y(p.score)}" for p in points),
            dots=[
                (x(p.held_on), y(p.score), f"{name}, {p.held_on:%d %b}: {p.score}") for p in points
            ],
        )
        for index, (name, points) in enumerate(data.items())
    ]
    step = max(1, len(days) // 5)
    return TrendChart(
        width=width,
        height=height,
        left=left,
        right_edge=width - right,
        top=top,
        bottom=bottom,
        series=series,
        y_ticks=[(y(score), score) for score in range(SCORE_MIN, SCORE_MAX + 1)],
        x_ticks=[(x(day), f"{day:%d %b}") for day in days[::step]],
    )
