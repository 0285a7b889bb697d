"""The completeness score: how close the portfolio is to what an L6/L7 loop expects.

Pure: works on already loaded content, so pages and exports compute it without extra queries.
"""

from dataclasses import dataclass

from portfolio.checklist import ITEM_KEYS

MIN_CASE_STUDIES = 3
MAX_CASE_STUDIES = 7
MIN_PRINCIPLES_COVERED = 10
MIN_CHECKLIST_SHARE = 0.8


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    met: bool
    hint: str


@dataclass(frozen=True)
class Completeness:
    score: int
    criteria: tuple[Criterion, ...]

    @property
    def missing(self) -> tuple[Criterion, ...]:
        return tuple(criterion for criterion in self.criteria if not criterion.met)


def completeness_evaluate(content) -> Completeness:
    """Score a `selectors.PortfolioContent`: each criterion weighs the same."""
    portfolio = content.portfolio
    case_studies = content.case_studies
    quantified = [
        case for case in case_studies if any(metric.is_quantified for metric in case.metrics.all())
    ]
    metric_groups = {metric.group for case in case_studies for metric in case.metrics.all()}
    records_with_options = [
        record for record in content.decision_records if len(record.options.all()) >= 2
    ]
    dashboard_groups = {metric.group for metric in content.dashboard_metrics}
    ticked = sum(1 for key in ITEM_KEYS if content.checklist_marks.get(key, (False, ""))[0])
    covered = len(content.principles_covered)
    criteria = (
        Criterion(
            "name",
            "Your name is on the documents",
            bool(portfolio.owner.display_name.strip()),
            "Add your name on the profile page: exports and the share page show it.",
        ),
        Criterion(
            "summary",
            "Executive summary written",
            portfolio.has_summary,
            "Fill in your current role and the one-page summary.",
        ),
        Criterion(
            "case_studies",
            f"{MIN_CASE_STUDIES} to {MAX_CASE_STUDIES} case studies",
            MIN_CASE_STUDIES <= len(case_studies) <= MAX_CASE_STUDIES,
            f"You have {len(case_studies)}; aim for {MIN_CASE_STUDIES} to {MAX_CASE_STUDIES}.",
        ),
        Criterion(
            "quantified_results",
            f"At least {MIN_CASE_STUDIES} case studies with before → after numbers",
            len(quantified) >= MIN_CASE_STUDIES,
            f"{len(quantified)} case studies have a metric with a before and an after value.",
        ),
        Criterion(
            "metric_groups",
            "Results measured for technology, business and team",
            metric_groups >= {"technical", "business", "team"},
            "Add at least one technical, one business and one team metric across case studies.",
        ),
        Criterion(
            "principles",
            f"Case studies and linked stories cover {MIN_PRINCIPLES_COVERED}+ Leadership "
            "Principles",
            covered >= MIN_PRINCIPLES_COVERED,
            f"{covered} of 16 principles covered so far.",
        ),
        Criterion(
            "diagram",
            "At least one architecture diagram",
            any(case.architecture_diagram.strip() for case in case_studies),
            "Add a Mermaid or ASCII diagram to an architecture case study.",
        ),
        Criterion(
            "lessons",
            "Lessons learned in every case study",
            bool(case_studies) and all(case.lessons_learned.strip() for case in case_studies),
            "Say what you would repeat and what you would change.",
        ),
        Criterion(
            "decision_record",
            "A decision record that weighs two or more options",
            bool(records_with_options),
            "Write down one real decision with its options, pros and cons.",
        ),
        Criterion(
            "dashboard",
            "Metrics dashboard filled in all four groups",
            len(dashboard_groups) == 4,
            f"{len(dashboard_groups)} of 4 dashboard groups have a metric.",
        ),
        Criterion(
            "checklist",
            "Review checklist at least 80% ticked",
            ticked >= MIN_CHECKLIST_SHARE * len(ITEM_KEYS),
            f"{ticked} of {len(ITEM_KEYS)} items ticked.",
        ),
    )
    score = round(100 * sum(criterion.met for criterion in criteria) / len(criteria))
    return Completeness(score=score, criteria=criteria)
