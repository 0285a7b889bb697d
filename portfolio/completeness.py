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


@dataclass(frozen=True)
class CompletenessFacts:
    """The numbers the score is computed from: read from loaded content for documents, or
    counted by the database for the dashboard (`selectors.completeness_facts_for_user`)."""

    has_name: bool
    has_summary: bool
    case_study_count: int
    quantified_case_studies: int
    metric_groups: frozenset[str]
    principles_covered: int
    has_diagram: bool
    all_lessons: bool
    records_with_options: int
    dashboard_groups: int
    checklist_ticked: int


def completeness_facts(content) -> CompletenessFacts:
    """The facts of a `selectors.PortfolioContent` already in memory."""
    case_studies = content.case_studies
    return CompletenessFacts(
        has_name=bool(content.portfolio.owner.display_name.strip()),
        has_summary=content.portfolio.has_summary,
        case_study_count=len(case_studies),
        quantified_case_studies=sum(
            1 for case in case_studies if any(m.is_quantified for m in case.metrics.all())
        ),
        metric_groups=frozenset(m.group for case in case_studies for m in case.metrics.all()),
        principles_covered=len(content.principles_covered),
        has_diagram=any(case.architecture_diagram.strip() for case in case_studies),
        all_lessons=all(case.lessons_learned.strip() for case in case_studies),
        records_with_options=sum(
            1 for record in content.decision_records if len(record.options.all()) >= 2
        ),
        dashboard_groups=len({metric.group for metric in content.dashboard_metrics}),
        checklist_ticked=sum(
            1 for key in ITEM_KEYS if content.checklist_marks.get(key, (False, ""))[0]
        ),
    )


def completeness_evaluate(content) -> Completeness:
    """Score a `selectors.PortfolioContent`: each criterion weighs the same."""
    return completeness_from_facts(completeness_facts(content))


def completeness_from_facts(facts: CompletenessFacts) -> Completeness:
    case_count = facts.case_study_count
    covered = facts.principles_covered
    ticked = facts.checklist_ticked
    criteria = (
        Criterion(
            "name",
            "Your name is on the documents",
            facts.has_name,
            "Add your name on the profile page: exports and the share page show it.",
        ),
        Criterion(
            "summary",
            "Executive summary written",
            facts.has_summary,
            "Fill in your current role and the one-page summary.",
        ),
        Criterion(
            "case_studies",
            f"{MIN_CASE_STUDIES} to {MAX_CASE_STUDIES} case studies",
            MIN_CASE_STUDIES <= case_count <= MAX_CASE_STUDIES,
            f"You have {case_count}; aim for {MIN_CASE_STUDIES} to {MAX_CASE_STUDIES}.",
        ),
        Criterion(
            "quantified_results",
            f"At least {MIN_CASE_STUDIES} case studies with before → after numbers",
            facts.quantified_case_studies >= MIN_CASE_STUDIES,
            f"{facts.quantified_case_studies} case studies have a metric with a before and an "
            "after value.",
        ),
        Criterion(
            "metric_groups",
            "Results measured for technology, business and team",
            facts.metric_groups >= {"technical", "business", "team"},
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
            facts.has_diagram,
            "Add a Mermaid or ASCII diagram to an architecture case study.",
        ),
        Criterion(
            "lessons",
            "Lessons learned in every case study",
            case_count > 0 and facts.all_lessons,
            "Say what you would repeat and what you would change.",
        ),
        Criterion(
            "decision_record",
            "A decision record that weighs two or more options",
            facts.records_with_options > 0,
            "Write down one real decision with its options, pros and cons.",
        ),
        Criterion(
            "dashboard",
            "Metrics dashboard filled in all four groups",
            facts.dashboard_groups == 4,
            f"{facts.dashboard_groups} of 4 dashboard groups have a metric.",
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
