"""Writes to the portfolio. Pages, the API and the importer all go through these."""

import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from portfolio.checklist import ITEM_KEYS
from portfolio.models import (
    CaseStudy,
    CaseStudyMetric,
    ChecklistMark,
    DashboardMetric,
    DecisionOption,
    DecisionRecord,
    DecisionStatus,
    Level,
    Portfolio,
    ShareLink,
)
from portfolio.selectors import level_for_new_portfolio
from prepsite import limits

SUMMARY_FIELDS = (
    "level",
    "current_role",
    "years_of_experience",
    "team_size_and_scope",
    "budget",
    "technical_domains",
    "notable_achievements",
    "summary_text",
)


def portfolio_get_or_create(*, owner) -> Portfolio:
    portfolio, _ = Portfolio.objects.get_or_create(
        owner=owner, defaults={"level": level_for_new_portfolio(user=owner)}
    )
    return portfolio


def portfolio_update_summary(*, portfolio: Portfolio, **changes: Any) -> Portfolio:
    unknown = set(changes) - set(SUMMARY_FIELDS)
    if unknown:
        raise TypeError(f"Not summary fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(portfolio, name, value)
    portfolio.full_clean(exclude=["owner"])
    portfolio.save()
    return portfolio


def _next_position(queryset: QuerySet) -> int:
    last = queryset.order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


def _lock_portfolio(portfolio: Portfolio) -> None:
    """Serialise writes that number a portfolio's items, so parallel creates never collide."""
    Portfolio.objects.select_for_update().filter(pk=portfolio.pk).first()


def _check_room(queryset: QuerySet, maximum: int, what: str) -> None:
    if queryset.count() >= maximum:
        raise ValidationError(
            {"non_field_errors": [f"You can keep at most {maximum} {what}; delete one first."]}
        )


def _check_rows(rows: Sequence[dict] | None, field: str, maximum: int) -> None:
    if rows is not None and len(rows) > maximum:
        raise ValidationError({field: [f"At most {maximum} rows; {len(rows)} were given."]})


def _replace_children(model, parent_field: str, parent, rows: Sequence[dict]) -> None:
    """Children (metrics, options) are edited as one list: the list given is the new truth."""
    model.objects.filter(**{parent_field: parent}).delete()
    model.objects.bulk_create(
        model(**{parent_field: parent}, position=index, **row) for index, row in enumerate(rows)
    )


@transaction.atomic
def case_study_create(
    *,
    portfolio: Portfolio,
    fields: dict[str, Any],
    metrics: Sequence[dict] = (),
    principles: Iterable = (),
    stories: Iterable = (),
) -> CaseStudy:
    _lock_portfolio(portfolio)
    siblings = CaseStudy.objects.filter(portfolio=portfolio)
    _check_room(siblings, limits.CASE_STUDIES_MAX, "case studies")
    _check_rows(metrics, "metrics", limits.METRICS_PER_CASE_STUDY_MAX)
    case_study = CaseStudy(portfolio=portfolio, position=_next_position(siblings), **fields)
    case_study.full_clean(exclude=["portfolio"])
    case_study.save()
    _set_case_study_links(case_study, metrics, principles, stories)
    return case_study


@transaction.atomic
def case_study_update(
    *,
    case_study: CaseStudy,
    fields: dict[str, Any],
    metrics: Sequence[dict] | None = None,
    principles: Iterable | None = None,
    stories: Iterable | None = None,
) -> CaseStudy:
    _check_rows(metrics, "metrics", limits.METRICS_PER_CASE_STUDY_MAX)
    # Lock the row: two parallel saves of one case study must not interleave their metric lists.
    CaseStudy.objects.select_for_update().filter(pk=case_study.pk).first()
    for name, value in fields.items():
        setattr(case_study, name, value)
    case_study.full_clean(exclude=["portfolio"])
    case_study.save()
    _set_case_study_links(case_study, metrics, principles, stories)
    return case_study


def _set_case_study_links(case_study, metrics, principles, stories) -> None:
    if metrics is not None:
        _replace_children(CaseStudyMetric, "case_study", case_study, metrics)
    if principles is not None:
        case_study.principles.set(principles)
    if stories is not None:
        case_study.stories.set(stories)


def _check_supersession(record: DecisionRecord) -> None:
    successor = record.superseded_by
    if record.status != DecisionStatus.SUPERSEDED:
        record.superseded_by = None
        return
    if successor is None:
        raise ValidationError({"superseded_by": "Choose the record that superseded this one."})
    if successor.portfolio_id != record.portfolio_id or successor.pk == record.pk:
        raise ValidationError({"superseded_by": "Choose another record of your own portfolio."})


@transaction.atomic
def decision_record_create(
    *, portfolio: Portfolio, fields: dict[str, Any], options: Sequence[dict] = ()
) -> DecisionRecord:
    _lock_portfolio(portfolio)
    siblings = DecisionRecord.objects.filter(portfolio=portfolio)
    _check_room(siblings, limits.DECISION_RECORDS_MAX, "decision records")
    _check_rows(options, "options", limits.OPTIONS_PER_DECISION_MAX)
    record = DecisionRecord(portfolio=portfolio, position=_next_position(siblings), **fields)
    _check_supersession(record)
    record.full_clean(exclude=["portfolio", "superseded_by"])
    record.save()
    _replace_children(DecisionOption, "record", record, options)
    return record


@transaction.atomic
def decision_record_update(
    *, record: DecisionRecord, fields: dict[str, Any], options: Sequence[dict] | None = None
) -> DecisionRecord:
    _check_rows(options, "options", limits.OPTIONS_PER_DECISION_MAX)
    DecisionRecord.objects.select_for_update().filter(pk=record.pk).first()
    for name, value in fields.items():
        setattr(record, name, value)
    _check_supersession(record)
    record.full_clean(exclude=["portfolio", "superseded_by"])
    record.save()
    if options is not None:
        _replace_children(DecisionOption, "record", record, options)
    return record


@transaction.atomic
def dashboard_metric_create(*, portfolio: Portfolio, fields: dict[str, Any]) -> DashboardMetric:
    _lock_portfolio(portfolio)
    siblings = DashboardMetric.objects.filter(portfolio=portfolio)
    _check_room(siblings, limits.DASHBOARD_METRICS_MAX, "dashboard metrics")
    metric = DashboardMetric(portfolio=portfolio, position=_next_position(siblings), **fields)
    metric.full_clean(exclude=["portfolio"])
    metric.save()
    return metric


def dashboard_metric_update(*, metric: DashboardMetric, fields: dict[str, Any]) -> DashboardMetric:
    for name, value in fields.items():
        setattr(metric, name, value)
    metric.full_clean(exclude=["portfolio"])
    metric.save()
    return metric


@transaction.atomic
def dashboard_replace(*, portfolio: Portfolio, level: str, metrics: Sequence[dict]) -> None:
    """Save the dashboard editor: the layout level and the full ordered list of metrics."""
    _check_rows(metrics, "metrics", limits.DASHBOARD_METRICS_MAX)
    _lock_portfolio(portfolio)
    portfolio_update_summary(portfolio=portfolio, level=level)
    _replace_children(DashboardMetric, "portfolio", portfolio, metrics)


# Starting points for an empty dashboard: the names reviewers expect at each level.
SUGGESTED_DASHBOARD: dict[str, tuple[tuple[str, str], ...]] = {
    Level.L6: (
        ("team_health", "Retention"),
        ("team_health", "Engagement score"),
        ("delivery", "Cycle time"),
        ("delivery", "Deployment frequency"),
        ("technical", "Availability"),
        ("technical", "p99 latency"),
        ("business", "Cost savings per quarter"),
        ("business", "Customer satisfaction"),
    ),
    Level.L7: (
        ("team_health", "Engineers across teams"),
        ("team_health", "Ready for promotion"),
        ("delivery", "Platform adoption"),
        ("delivery", "Modernisation progress"),
        ("technical", "Incident rate year over year"),
        ("technical", "Mean time to restore"),
        ("business", "OKR achievement"),
        ("business", "Return on initiatives"),
    ),
}


@transaction.atomic
def dashboard_add_suggested(*, portfolio: Portfolio) -> int:
    """Add the suggested metric names for the portfolio's level that are not there yet."""
    _lock_portfolio(portfolio)
    present = set(portfolio.dashboard_metrics.values_list("name", flat=True))
    position = _next_position(portfolio.dashboard_metrics.all())
    new = [
        DashboardMetric(
            portfolio=portfolio, position=position + index, group=group, name=name, value="?"
        )
        for index, (group, name) in enumerate(
            item for item in SUGGESTED_DASHBOARD[portfolio.level] if item[1] not in present
        )
    ]
    room = max(0, limits.DASHBOARD_METRICS_MAX - portfolio.dashboard_metrics.count())
    DashboardMetric.objects.bulk_create(new[:room])
    return len(new[:room])


@transaction.atomic
def item_move(*, item, direction: str) -> None:
    """Swap an item with its neighbour above or below (the no-JavaScript reorder)."""
    _lock_portfolio(item.portfolio)
    siblings = list(type(item).objects.filter(portfolio=item.portfolio).order_by("position", "id"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(siblings):
        return
    siblings[index], siblings[target] = siblings[target], siblings[index]
    _renumber(siblings)


@transaction.atomic
def items_reorder(*, queryset: QuerySet, ordered_ids: Sequence[int]) -> None:
    """Apply a new order (from drag and drop); ids must be exactly the user's items."""
    # Lock only the rows being renumbered: PostgreSQL refuses FOR UPDATE across outer joins.
    locked = queryset.select_related(None).prefetch_related(None).select_for_update()
    by_id = {item.pk: item for item in locked}
    if sorted(by_id) != sorted(ordered_ids) or len(set(ordered_ids)) != len(ordered_ids):
        raise ValidationError("The new order must list each of your items exactly once.")
    _renumber([by_id[item_id] for item_id in ordered_ids])


# Positions are unique per parent; moving every row out of the way first lets a swap pass the
# constraint on databases that check it row by row.
_RENUMBER_OFFSET = 1_000_000


def _renumber(items: list) -> None:
    if not items:
        return
    model = type(items[0])
    model.objects.filter(pk__in=[item.pk for item in items]).update(
        position=F("position") + _RENUMBER_OFFSET
    )
    for position, item in enumerate(items):
        item.position = position
    model.objects.bulk_update(items, ["position"])


@transaction.atomic
def checklist_update(*, portfolio: Portfolio, marks: dict[str, tuple[bool, str]]) -> None:
    unknown = set(marks) - set(ITEM_KEYS)
    if unknown:
        raise ValidationError(f"Unknown checklist items: {', '.join(sorted(unknown))}")
    for item_key, (checked, notes) in marks.items():
        ChecklistMark.objects.update_or_create(
            portfolio=portfolio,
            item_key=item_key,
            defaults={"checked": checked, "notes": notes.strip()},
        )


def share_link_create(*, portfolio: Portfolio) -> ShareLink:
    # 32 random bytes: unguessable, and the token is the whole credential for the page.
    return ShareLink.objects.create(portfolio=portfolio, token=secrets.token_urlsafe(32))


def share_link_revoke(*, link: ShareLink) -> ShareLink:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link
