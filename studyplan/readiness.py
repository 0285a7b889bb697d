"""The readiness score: competency ratings weighted by the level's interview weights.

The weights are per cent and add up to 100 for each level (how the template derives them from
the source material is in its "competency_weights_about"); the score still divides by their
sum, so it does not depend on that.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from studyplan.plan_template import LevelData, PlanTemplate

COMPETENCY_WEIGHT_SHARE = 0.8
CHECKLIST_SHARE = 0.2


def readiness_score(
    *, level_data: LevelData, ratings: Mapping[str, int], checklist: Sequence[str]
) -> int:
    """0-100: 80 % the weighted ratings (1 counts as 0, 5 as full), 20 % the checklist ticked."""
    weights = level_data.competency_weights
    weighted = sum(weights[key] * (ratings[key] - 1) / 4 for key in weights) / sum(weights.values())
    valid_keys = {item.key for item in level_data.checklist}
    ticked = len(valid_keys.intersection(checklist)) / len(valid_keys) if valid_keys else 0.0
    return round(100 * (COMPETENCY_WEIGHT_SHARE * weighted + CHECKLIST_SHARE * ticked))


@dataclass(frozen=True)
class CompetencyResult:
    """One competency's rating against the level's bar."""

    key: str
    name: str
    rating: int
    bar: int
    weight: int
    description: str
    bar_description: str
    this_week: str
    plan_area: str

    @property
    def gap(self) -> int:
        return max(0, self.bar - self.rating)

    @property
    def score(self) -> int:
        """0-100: how close the rating is to the level's bar."""
        return min(100, round(100 * self.rating / self.bar)) if self.bar else 100

    @property
    def priority(self) -> float:
        """What the interview loses: the gap weighted by how much the competency counts."""
        return self.gap * self.weight


def competency_breakdown(
    *, template: PlanTemplate, level: str, ratings: Mapping[str, int]
) -> list[CompetencyResult]:
    level_data = template.levels[level]
    results = []
    for competency in template.competencies:
        rating = ratings[competency.key]
        bar = level_data.competency_bar.get(competency.key, 4)
        texts = competency.ratings.get(level, ())
        results.append(
            CompetencyResult(
                key=competency.key,
                name=competency.name,
                rating=rating,
                bar=bar,
                weight=level_data.competency_weights[competency.key],
                description=texts[rating - 1] if texts else "",
                bar_description=texts[bar - 1] if texts else "",
                this_week=competency.this_week,
                plan_area=competency.plan_area,
            )
        )
    return results


def weakest(results: Sequence[CompetencyResult], count: int = 2) -> list[CompetencyResult]:
    """The biggest weighted gaps to the bar; with no gap left, the lowest scores."""
    return sorted(results, key=lambda r: (-r.priority, r.score, -r.weight))[:count]
