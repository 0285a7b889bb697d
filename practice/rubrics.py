"""Rubrics per area and level (from the seeds' L6/L7 expectations) and how scores are read.

Pure: data in practice/library/v1/rubrics.json, values in, frozen dataclasses out.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

RUBRIC_FILE = Path(__file__).resolve().parent / "library" / "v1" / "rubrics.json"
SCORE_MIN, SCORE_MAX = 1, 4


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    bar: str


@dataclass(frozen=True)
class Rubric:
    area: str
    level: str
    criteria: tuple[Criterion, ...]

    @property
    def keys(self) -> list[str]:
        return [criterion.key for criterion in self.criteria]


@cache
def _raw() -> dict:
    return json.loads(RUBRIC_FILE.read_text(encoding="utf-8"))


def scale_labels() -> dict[int, str]:
    return {int(score): label for score, label in _raw()["scale"].items()}


def rubric_for(area: str, level: str) -> Rubric | None:
    """The rubric of an area at a level; None for areas scored without one (resources)."""
    by_level = _raw()["rubrics"].get(area)
    if by_level is None:
        return None
    return Rubric(
        area=area,
        level=level,
        criteria=tuple(Criterion(**row) for row in by_level[level if level in by_level else "L6"]),
    )


def rubric_errors(rubric: Rubric, scores: Mapping[str, object]) -> list[str]:
    """Messages for missing, unknown or out-of-range scores; empty when the scores are usable."""
    errors = []
    unknown = sorted(set(scores) - set(rubric.keys))
    if unknown:
        errors.append(f"Unknown rubric criteria: {', '.join(unknown)}.")
    for criterion in rubric.criteria:
        value = scores.get(criterion.key)
        if value is None:
            errors.append(f"Score “{criterion.label}”.")
        elif isinstance(value, bool) or not isinstance(value, int):
            errors.append(f"“{criterion.label}” must be a whole number.")
        elif not SCORE_MIN <= value <= SCORE_MAX:
            errors.append(f"“{criterion.label}” must be between {SCORE_MIN} and {SCORE_MAX}.")
    return errors


def percent(rubric: Rubric, scores: Mapping[str, int]) -> int:
    """The scores as a share of the rubric's maximum, 0 (all missing) to 100 (all above)."""
    total = sum(scores[key] - SCORE_MIN for key in rubric.keys)
    return round(100 * total / ((SCORE_MAX - SCORE_MIN) * len(rubric.keys)))


def review_rating(score_percent: int | None) -> int:
    """The spaced-repetition grade (1 again .. 4 easy) a session's score stands for.

    Marked done without a score counts as "Good": the user says it went fine.
    """
    if score_percent is None:
        return 3
    if score_percent < 34:
        return 1
    if score_percent < 60:
        return 2
    if score_percent < 90:
        return 3
    return 4
