"""Reads shared by pages, exports and the API; every query is scoped to the owner."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from portfolio.checklist import ITEM_KEYS
from portfolio.completeness import CompletenessFacts, completeness_facts
from portfolio.models import (
    CaseStudy,
    CaseStudyMetric,
    ChecklistMark,
    DashboardMetric,
    DecisionOption,
    DecisionRecord,
    DiagramRendering,
    Level,
    MetricGroup,
    Portfolio,
    ShareLink,
)
from stories.models import LeadershipPrinciple, Story
from studyplan.selectors import plan_for_user


def case_study_list_for_user(*, user) -> QuerySet[CaseStudy]:
    return (
        CaseStudy.objects.filter(portfolio__owner=user)
        .prefetch_related(
            Prefetch("metrics", queryset=CaseStudyMetric.objects.order_by("position", "id")),
            Prefetch("principles", queryset=LeadershipPrinciple.objects.order_by("display_order")),
            # Title order keeps an export stable across an import, which creates new ids.
            Prefetch("stories", queryset=linked_story_queryset().order_by("title", "id")),
        )
        .order_by("position", "id")
    )


def linked_story_queryset() -> QuerySet[Story]:
    """Stories with what the portfolio and the stories API serializer read from them."""
    return Story.objects.select_related("primary_principle").prefetch_related(
        "secondary_principles", "metrics"
    )


def decision_record_list_for_user(*, user) -> QuerySet[DecisionRecord]:
    return (
        DecisionRecord.objects.filter(portfolio__owner=user)
        .select_related("superseded_by")
        .prefetch_related(
            Prefetch("options", queryset=DecisionOption.objects.order_by("position", "id"))
        )
        .order_by("position", "id")
    )


def dashboard_metric_list_for_user(*, user) -> QuerySet[DashboardMetric]:
    return DashboardMetric.objects.filter(portfolio__owner=user).order_by("position", "id")


def share_link_list_for_user(*, user) -> QuerySet[ShareLink]:
    return ShareLink.objects.filter(portfolio__owner=user)


def share_link_active_get(*, token: str) -> ShareLink | None:
    return (
        ShareLink.objects.filter(token=token, revoked_at__isnull=True)
        .select_related("portfolio__owner")
        .first()
    )


@dataclass
class PortfolioContent:
    """Everything the document shows, loaded in a fixed number of queries."""

    portfolio: Portfolio
    case_studies: list[CaseStudy]
    decision_records: list[DecisionRecord]
    dashboard_metrics: list[DashboardMetric]
    checklist_marks: dict[str, tuple[bool, str]]
    stories: list[Story] = field(init=False)
    _story_keys: dict[int, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """Linked stories in order of first mention; each gets a key local to the document."""
        self.stories = []
        self._story_keys = {}
        for case in self.case_studies:
            for story in case.stories.all():
                if story.pk not in self._story_keys:
                    self._story_keys[story.pk] = f"story-{len(self.stories) + 1}"
                    self.stories.append(story)

    def story_key(self, story: Story) -> str:
        return self._story_keys[story.pk]

    @property
    def principles_covered(self) -> list[LeadershipPrinciple]:
        by_slug = {
            principle.slug: principle
            for case in self.case_studies
            for principle in case.principles.all()
        }
        for story in self.stories:
            by_slug.update({principle.slug: principle for principle in story_principles(story)})
        return sorted(by_slug.values(), key=lambda principle: principle.display_order)

    def metrics_by_group(self) -> dict[str, list[DashboardMetric]]:
        grouped: dict[str, list[DashboardMetric]] = {}
        for metric in self.dashboard_metrics:
            grouped.setdefault(metric.group, []).append(metric)
        return grouped


def story_principles(story: Story) -> list[LeadershipPrinciple]:
    primary = [story.primary_principle] if story.primary_principle_id else []
    return primary + list(story.secondary_principles.all())


def portfolio_content_get(*, portfolio: Portfolio) -> PortfolioContent:
    owner = portfolio.owner
    return PortfolioContent(
        portfolio=portfolio,
        case_studies=list(case_study_list_for_user(user=owner)),
        decision_records=list(decision_record_list_for_user(user=owner)),
        dashboard_metrics=list(dashboard_metric_list_for_user(user=owner)),
        checklist_marks=checklist_marks_for_user(user=owner),
    )


def checklist_marks_for_user(*, user) -> dict[str, tuple[bool, str]]:
    """The user's tick and note per checklist item key (items never touched are absent)."""
    return {
        mark.item_key: (mark.checked, mark.notes)
        for mark in ChecklistMark.objects.filter(portfolio__owner=user)
    }


def level_for_new_portfolio(*, user) -> str:
    """A new portfolio aims at the level the user's study plan targets (L6 without a plan)."""
    plan = plan_for_user(user=user)
    return plan.level if plan else Level.L6


def portfolio_for_user(*, user) -> Portfolio:
    """The user's portfolio, or an empty unsaved one for a user who has not started."""
    return Portfolio.objects.filter(owner=user).first() or Portfolio(
        owner=user, level=level_for_new_portfolio(user=user)
    )


# --- Account export (accounts.backup): this app's section ---------------------------------


def portfolio_has_data_for_user(*, user) -> bool:
    portfolio = Portfolio.objects.filter(owner=user).first()
    return portfolio is not None and (
        portfolio.case_studies.exists()
        or portfolio.decision_records.exists()
        or portfolio.dashboard_metrics.exists()
        or portfolio.checklist_marks.exists()
        or any(
            getattr(portfolio, name)
            for name in ("current_role", "team_size_and_scope", "budget", "summary_text")
        )
    )


def portfolio_export_for_user(*, user) -> dict | None:
    """The portfolio's own JSON document (portfolio.exchange), or None before it exists.

    Share links are left out on purpose: they are secrets, and a restored account issues new.
    """
    from portfolio.exchange import portfolio_export_document

    portfolio = Portfolio.objects.filter(owner=user).first()
    if portfolio is None:
        return None
    return portfolio_export_document(portfolio_content_get(portfolio=portfolio))


def diagram_renderings_for(*, hashes: list[str]) -> dict[str, DiagramRendering]:
    """The drawings for these diagram keys, in one query; a missing key has none yet."""
    if not hashes:
        return {}
    return {
        rendering.source_hash: rendering
        for rendering in DiagramRendering.objects.filter(source_hash__in=hashes)
    }


def document_identity_for_user(*, user) -> dict[str, str]:
    """The name and headline documents carry, as a form's initial values."""
    portfolio = Portfolio.objects.filter(owner=user).only("current_role").first()
    return {
        "display_name": user.display_name,
        "headline": portfolio.current_role if portfolio else "",
    }


def _count_per_portfolio(rows: QuerySet, link: str, counted: str = "pk") -> Coalesce:
    """How many distinct `counted` values of `rows` belong to the outer portfolio (a subquery)."""
    return Coalesce(
        Subquery(
            rows.filter(**{link: OuterRef("pk")})
            .order_by()
            .values(link)
            .annotate(count=Count(counted, distinct=True))
            .values("count")
        ),
        0,
    )


def completeness_facts_for_user(*, user) -> CompletenessFacts:
    """What the completeness score needs, counted by the database in three small queries: the
    dashboard shows a score without loading the whole portfolio."""
    metrics = CaseStudyMetric.objects.all()
    portfolio = (
        Portfolio.objects.filter(owner=user)
        .annotate(
            case_total=_count_per_portfolio(CaseStudy.objects.all(), "portfolio"),
            # `\S`: some character that is not white space, as str.strip() would leave.
            with_diagram=_count_per_portfolio(
                CaseStudy.objects.filter(architecture_diagram__regex=r"\S"), "portfolio"
            ),
            with_lessons=_count_per_portfolio(
                CaseStudy.objects.filter(lessons_learned__regex=r"\S"), "portfolio"
            ),
            quantified=_count_per_portfolio(
                metrics.filter(before__isnull=False), "case_study__portfolio", "case_study"
            ),
            dashboard_group_count=_count_per_portfolio(
                DashboardMetric.objects.all(), "portfolio", "group"
            ),
            checklist_ticked=_count_per_portfolio(
                ChecklistMark.objects.filter(checked=True, item_key__in=ITEM_KEYS), "portfolio"
            ),
            **{
                f"has_{group}_metric": Exists(
                    metrics.filter(case_study__portfolio=OuterRef("pk"), group=group)
                )
                for group in MetricGroup.values
            },
        )
        .first()
    )
    if portfolio is None:
        return completeness_facts(
            PortfolioContent(
                portfolio_for_user(user=user),
                case_studies=[],
                decision_records=[],
                dashboard_metrics=[],
                checklist_marks={},
            )
        )
    linked = Story.objects.filter(portfolio_case_studies__portfolio=portfolio).values("pk")
    # One UNION query; it returns at most the 16 principles.
    principle_ids = (
        CaseStudy.principles.through.objects.filter(casestudy__portfolio=portfolio)
        .order_by()
        .values_list("leadershipprinciple_id")
        .union(
            Story.objects.filter(pk__in=linked, primary_principle__isnull=False)
            .order_by()
            .values_list("primary_principle_id"),
            Story.secondary_principles.through.objects.filter(story_id__in=linked)
            .order_by()
            .values_list("leadershipprinciple_id"),
        )
    )
    return CompletenessFacts(
        has_name=bool(user.display_name.strip()),
        has_summary=portfolio.has_summary,
        case_study_count=portfolio.case_total,
        quantified_case_studies=portfolio.quantified,
        metric_groups=frozenset(
            group for group in MetricGroup.values if getattr(portfolio, f"has_{group}_metric")
        ),
        principles_covered=len(list(principle_ids)),
        has_diagram=portfolio.with_diagram > 0,
        all_lessons=portfolio.with_lessons == portfolio.case_total,
        records_with_options=DecisionRecord.objects.filter(portfolio=portfolio)
        .annotate(option_count=Count("options"))
        .filter(option_count__gte=2)
        .count(),
        dashboard_groups=portfolio.dashboard_group_count,
        checklist_ticked=portfolio.checklist_ticked,
    )


def _rows_in_portfolio(model: type[CaseStudy] | type[DecisionRecord]) -> Coalesce:
    return Coalesce(
        Subquery(
            model.objects.filter(portfolio=OuterRef("pk"))
            .order_by()
            .values("portfolio")
            .annotate(count=Count("pk"))
            .values("count")
        ),
        0,
    )


def portfolio_counts_for_user(*, user) -> dict[str, int]:
    """How many case studies and decision records the user has (one query).

    Counted in two subqueries: joining both tables to the portfolio multiplied the rows to
    case studies x decision records before the distinct counts.
    """
    counts = (
        Portfolio.objects.filter(owner=user)
        .values_list(_rows_in_portfolio(CaseStudy), _rows_in_portfolio(DecisionRecord))
        .first()
    )
    case_studies, decision_records = counts or (0, 0)
    return {"case_studies": case_studies, "decision_records": decision_records}


def portfolio_item_keys_for_user(*, user) -> tuple[dict[int, str], dict[int, str]]:
    """Keys local to an account export for case studies ("case-1", ...) and decision records
    ("tdr-1", ...), in the order the portfolio document lists them."""
    cases = CaseStudy.objects.filter(portfolio__owner=user).order_by("position", "id")
    records = DecisionRecord.objects.filter(portfolio__owner=user).order_by("position", "id")
    return (
        {pk: f"case-{index}" for index, pk in enumerate(cases.values_list("pk", flat=True), 1)},
        {pk: f"tdr-{index}" for index, pk in enumerate(records.values_list("pk", flat=True), 1)},
    )
