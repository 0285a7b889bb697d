"""Geometry for the mock-trend chart: one line per series, mock scores 1-5 over time."""

import datetime
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# Distinguishable in print and for common colour blindness (Okabe-Ito palette).
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
# A shape per series as well as a colour, so series tell apart without colour too.
MARKERS = ("circle", "square", "triangle", "diamond")
MARKER_RADIUS = 4
# Series that share a point (same day, same score) are spread this far apart sideways.
SPREAD = 8
SCORE_MIN, SCORE_MAX = 1, 5
# Room for half an x-axis label ("18 Nov", 11 px type) right of the plot, so the last label,
# centred on its day, is not clipped by the chart's edge.
LEFT, RIGHT, TOP, BOTTOM_AXIS = 36, 28, 12, 28
# The first and last days sit this far inside the grid, so points spread sideways stay clear
# of the score labels and the edge.
INSET = 14


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    title: str
    polygon: str  # "x,y x,y ..." for an SVG polygon; empty for a circle


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    marker: str
    points: str  # "x,y x,y" for an SVG polyline
    dots: list[Dot]
    legend_polygon: str  # the marker in a 12 x 12 legend swatch; empty for a circle


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
    marker_radius: int = MARKER_RADIUS


def marker_polygon(marker: str, cx: float, cy: float, r: float = MARKER_RADIUS) -> str:
    """The SVG polygon points of a marker centred on (cx, cy); empty for a circle."""
    corners = {
        "square": [(-r, -r), (r, -r), (r, r), (-r, r)],
        "triangle": [(0, -r * 1.2), (r * 1.1, r * 0.9), (-r * 1.1, r * 0.9)],
        "diamond": [(0, -r * 1.3), (r * 1.3, 0), (0, r * 1.3), (-r * 1.3, 0)],
    }.get(marker)
    if corners is None:
        return ""
    return " ".join(f"{round(cx + dx, 1)},{round(cy + dy, 1)}" for dx, dy in corners)


def trend_chart(
    data: Mapping[str, Sequence], *, width: int = 480, height: int = 220
) -> TrendChart | None:
    """None when nothing is scored yet; points are anything with .held_on and .score."""
    days = sorted({point.held_on for points in data.values() for point in points})
    if not days:
        return None
    bottom = height - BOTTOM_AXIS
    first, span = days[0], max((days[-1] - days[0]).days, 1)

    def x(day: datetime.date) -> float:
        if len(days) == 1:
            return round((LEFT + width - RIGHT) / 2, 1)
        return round(
            LEFT + INSET + (width - LEFT - RIGHT - 2 * INSET) * (day - first).days / span, 1
        )

    def y(score: float) -> float:
        return round(bottom - (bottom - TOP) * (score - SCORE_MIN) / (SCORE_MAX - SCORE_MIN), 1)

    sharing: dict[tuple, list[str]] = defaultdict(list)
    for name, points in data.items():
        for point in points:
            sharing[(point.held_on, point.score)].append(name)

    def shifted_x(name: str, point) -> float:
        names = sharing[(point.held_on, point.score)]
        return round(x(point.held_on) + (names.index(name) - (len(names) - 1) / 2) * SPREAD, 1)

    series = []
    for index, (name, points) in enumerate(data.items()):
        marker = MARKERS[index % len(MARKERS)]
        dots = [
            Dot(
                x=shifted_x(name, point),
                y=y(point.score),
                title=f"{name}, {point.held_on.day} {point.held_on:%b}: {point.score}",
                polygon=marker_polygon(marker, shifted_x(name, point), y(point.score)),
            )
            for point in points
        ]
        series.append(
            Series(
                name=name,
                colour=COLOURS[index % len(COLOURS)],
                marker=marker,
                points=" ".join(f"{dot.x},{dot.y}" for dot in dots),
                dots=dots,
                legend_polygon=marker_polygon(marker, 6, 6, 5),
            )
        )
    step = max(1, len(days) // 5)
    return TrendChart(
        width=width,
        height=height,
        left=LEFT,
        right_edge=width - RIGHT,
        top=TOP,
        bottom=bottom,
        series=series,
        y_ticks=[(y(score), score) for score in range(SCORE_MIN, SCORE_MAX + 1)],
        x_ticks=[(x(day), f"{day.day} {day:%b}") for day in days[::step]],
    )
