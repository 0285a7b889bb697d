"""The readiness score: competency ratings weighted by the level's interview weights.

Coding's weight is a range in the source material (L6 20-30 %, L7 0-10 %); the template keeps
its midpoint, so weights are normalised by their sum rather than assumed to add up to 100.
"""

from collections.abc import Mapping, Sequence

from studyplan.plan_template import LevelData

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
