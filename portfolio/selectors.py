"""Reads shared by pages, exports and the API; every query is scoped to the owner."""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
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
    return Portfolio.objects.filter(owner=user).select_related("owner").first() or Portfolio(
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


# The columns of the first completeness query, then one flag per metric group.
_COMPLETENESS_COLUMNS = (
    "portfolio_id",
    "current_role",
    "summary_text",
    "case_studies",
    "with_diagram",
    "with_lessons",
    "quantified",
    "records_with_options",
    "dashboard_groups",
    "checklist_ticked",
)


def _completeness_sql() -> tuple[str, str]:
    """The two queries of completeness_facts_for_user, in this database's dialect.

    Written as SQL: the same counts as annotated querysets spent more time being compiled by
    the ORM than being run by the database, on every view of the dashboard. Only table and
    column names from the models are put into the text; every value is a parameter.
    """
    name = connection.ops.quote_name

    def table(model) -> str:
        return name(model._meta.db_table)

    # `\S`: some character that is not white space, as str.strip() would leave.
    has_text = connection.operators["regex"] % "%s"
    case_principles = CaseStudy.principles.through
    case_stories = CaseStudy.stories.through
    story_secondaries = Story.secondary_principles.through
    group_columns = "".join(
        f", EXISTS (SELECT 1 FROM {table(CaseStudyMetric)} m JOIN {table(CaseStudy)} c"  # noqa: S608
        f" ON c.id = m.case_study_id WHERE c.portfolio_id = p.id AND m.{name('group')} = %s)"
        for _ in MetricGroup.values
    )
    item_keys = ", ".join(["%s"] * len(ITEM_KEYS))
    numbers = f"""
        SELECT p.id, p.current_role, p.summary_text,
          (SELECT COUNT(*) FROM {table(CaseStudy)} c WHERE c.portfolio_id = p.id),
          (SELECT COUNT(*) FROM {table(CaseStudy)} c
            WHERE c.portfolio_id = p.id AND c.architecture_diagram {has_text}),
          (SELECT COUNT(*) FROM {table(CaseStudy)} c
            WHERE c.portfolio_id = p.id AND c.lessons_learned {has_text}),
          (SELECT COUNT(DISTINCT m.case_study_id) FROM {table(CaseStudyMetric)} m
            JOIN {table(CaseStudy)} c ON c.id = m.case_study_id
            WHERE c.portfolio_id = p.id AND m.{name("before")} IS NOT NULL),
          (SELECT COUNT(*) FROM {table(DecisionRecord)} r WHERE r.portfolio_id = p.id
            AND (SELECT COUNT(*) FROM {table(DecisionOption)} o WHERE o.record_id = r.id) >= 2),
          (SELECT COUNT(DISTINCT d.{name("group")}) FROM {table(DashboardMetric)} d
            WHERE d.portfolio_id = p.id),
          (SELECT COUNT(*) FROM {table(ChecklistMark)} k
            WHERE k.portfolio_id = p.id AND k.checked AND k.item_key IN ({item_keys}))
          {group_columns}
        FROM {table(Portfolio)} p WHERE p.owner_id = %s
    """  # noqa: S608
    linked = f"""
        SELECT cs.story_id FROM {table(case_stories)} cs
        JOIN {table(CaseStudy)} c ON c.id = cs.casestudy_id
        JOIN {table(Story)} s ON s.id = cs.story_id
        WHERE c.portfolio_id = %s AND s.deleted_at IS NULL
    """  # noqa: S608
    principles = f"""
        SELECT COUNT(*) FROM (
          SELECT cp.leadershipprinciple_id AS principle FROM {table(case_principles)} cp
            JOIN {table(CaseStudy)} c ON c.id = cp.casestudy_id WHERE c.portfolio_id = %s
          UNION
          SELECT s.primary_principle_id FROM {table(Story)} s
            WHERE s.primary_principle_id IS NOT NULL AND s.id IN ({linked})
          UNION
          SELECT ss.leadershipprinciple_id FROM {table(story_secondaries)} ss
            WHERE ss.story_id IN ({linked})
        ) covered
    """  # noqa: S608
    return numbers, principles


def completeness_facts_for_user(*, user) -> CompletenessFacts:
    """What the completeness score needs, counted by the database in two queries: the
    dashboard shows a score without loading the whole portfolio."""
    numbers_sql, principles_sql = _completeness_sql()
    with connection.cursor() as cursor:
        cursor.execute(numbers_sql, [r"\S", r"\S", *ITEM_KEYS, *MetricGroup.values, user.pk])
        numbers = cursor.fetchone()
        if numbers is None:
            return completeness_facts(
                PortfolioContent(
                    portfolio_for_user(user=user),
                    case_studies=[],
                    decision_records=[],
                    dashboard_metrics=[],
                    checklist_marks={},
                )
            )
        row = dict(zip(_COMPLETENESS_COLUMNS, numbers, strict=False))
        group_flags = numbers[len(_COMPLETENESS_COLUMNS) :]
        cursor.execute(principles_sql, [row["portfolio_id"]] * 3)
        (principles_covered,) = cursor.fetchone()
    profile = Portfolio(current_role=row["current_role"], summary_text=row["summary_text"])
    return CompletenessFacts(
        has_name=bool(user.display_name.strip()),
        has_summary=profile.has_summary,
        case_study_count=row["case_studies"],
        quantified_case_studies=row["quantified"],
        metric_groups=frozenset(
            group for group, present in zip(MetricGroup.values, group_flags, strict=True) if present
        ),
        principles_covered=principles_covered,
        has_diagram=row["with_diagram"] > 0,
        all_lessons=row["with_lessons"] == row["case_studies"],
        records_with_options=row["records_with_options"],
        dashboard_groups=row["dashboard_groups"],
        checklist_ticked=row["checklist_ticked"],
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
