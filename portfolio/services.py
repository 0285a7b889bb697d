"""Writes to the portfolio. Pages, the API and the importer all go through these."""

import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from portfolio.checklist import ITEM_KEYS
from portfolio.diagrams import diagram_hash, diagram_source_normalised, is_mermaid, svg_element_id
from portfolio.documents import portfolio_documents_invalidate
from portfolio.models import (
    CaseStudy,
    CaseStudyMetric,
    ChecklistMark,
    DashboardMetric,
    DecisionOption,
    DecisionRecord,
    DecisionStatus,
    DiagramRendering,
    Level,
    Portfolio,
    ShareLink,
)
from portfolio.selectors import level_for_new_portfolio
from prepsite import limits
from prepsite.limits import LINE_MAX

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
    portfolio_documents_invalidate(user_id=portfolio.owner_id)
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
    diagram_request(source=case_study.architecture_diagram, owner_id=portfolio.owner_id)
    portfolio_documents_invalidate(user_id=portfolio.owner_id)
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
    owner_id = case_study.portfolio.owner_id
    diagram_request(source=case_study.architecture_diagram, owner_id=owner_id)
    portfolio_documents_invalidate(user_id=owner_id)
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
    diagram_request(source=record.diagram, owner_id=portfolio.owner_id)
    portfolio_documents_invalidate(user_id=portfolio.owner_id)
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
    owner_id = record.portfolio.owner_id
    diagram_request(source=record.diagram, owner_id=owner_id)
    portfolio_documents_invalidate(user_id=owner_id)
    return record


@transaction.atomic
def dashboard_metric_create(*, portfolio: Portfolio, fields: dict[str, Any]) -> DashboardMetric:
    _lock_portfolio(portfolio)
    siblings = DashboardMetric.objects.filter(portfolio=portfolio)
    _check_room(siblings, limits.DASHBOARD_METRICS_MAX, "dashboard metrics")
    metric = DashboardMetric(portfolio=portfolio, position=_next_position(siblings), **fields)
    metric.full_clean(exclude=["portfolio"])
    metric.save()
    portfolio_documents_invalidate(user_id=portfolio.owner_id)
    return metric


@transaction.atomic
def dashboard_metric_update(*, metric: DashboardMetric, fields: dict[str, Any]) -> DashboardMetric:
    for name, value in fields.items():
        setattr(metric, name, value)
    metric.full_clean(exclude=["portfolio"])
    metric.save()
    portfolio_documents_invalidate(user_id=metric.portfolio.owner_id)
    return metric


@transaction.atomic
def dashboard_replace(*, portfolio: Portfolio, level: str, metrics: Sequence[dict]) -> None:
    """Save the dashboard editor: the layout level and the full ordered list of metrics."""
    _check_rows(metrics, "metrics", limits.DASHBOARD_METRICS_MAX)
    _lock_portfolio(portfolio)
    portfolio_update_summary(portfolio=portfolio, level=level)
    _replace_children(DashboardMetric, "portfolio", portfolio, metrics)
    portfolio_documents_invalidate(user_id=portfolio.owner_id)


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
    portfolio_documents_invalidate(user_id=portfolio.owner_id)
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
    portfolio_documents_invalidate(user_id=item.portfolio.owner_id)


@transaction.atomic
def item_delete(*, item) -> None:
    """Delete a case study, decision record or dashboard metric of the user's portfolio."""
    owner_id = item.portfolio.owner_id
    item.delete()
    portfolio_documents_invalidate(user_id=owner_id)


@transaction.atomic
def items_reorder(*, queryset: QuerySet, ordered_ids: Sequence[int]) -> None:
    """Apply a new order (from drag and drop); ids must be exactly the user's items."""
    # Lock only the rows being renumbered: PostgreSQL refuses FOR UPDATE across outer joins.
    locked = queryset.select_related(None).prefetch_related(None).select_for_update()
    by_id = {item.pk: item for item in locked}
    if sorted(by_id) != sorted(ordered_ids) or len(set(ordered_ids)) != len(ordered_ids):
        raise ValidationError("The new order must list each of your items exactly once.")
    _renumber([by_id[item_id] for item_id in ordered_ids])
    if by_id:
        portfolio_documents_invalidate(user_id=next(iter(by_id.values())).portfolio.owner_id)


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
    portfolio_documents_invalidate(user_id=portfolio.owner_id)


def share_link_create(*, portfolio: Portfolio) -> ShareLink:
    # 32 random bytes: unguessable, and the token is the whole credential for the page.
    return ShareLink.objects.create(portfolio=portfolio, token=secrets.token_urlsafe(32))


def share_link_revoke(*, link: ShareLink) -> ShareLink:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link


# --- Account import (accounts.backup): this app's section ---------------------------------


def portfolio_import_for_user(*, user, data: dict | None, refs: dict) -> None:
    """Restore the portfolio document; its stories match the ones the stories section wrote."""
    from portfolio.importer import portfolio_import

    if data is not None:
        portfolio_import(owner=user, document=data)


def diagram_request(*, source: str, owner_id: int | None = None) -> DiagramRendering | None:
    """Make sure a Mermaid diagram gets drawn: a pending row now, the drawing after commit.

    Every save path (editor, API, import) calls this, so a diagram saved anywhere is drawn.
    The drawing is shared by every diagram with this source, so the task is told whose
    documents to refresh once it is drawn (a duplicate task for a drawn diagram only does that).
    """
    if not is_mermaid(source):
        return None
    source_hash = diagram_hash(source)
    rendering, _ = DiagramRendering.objects.get_or_create(
        source_hash=source_hash, defaults={"source": diagram_source_normalised(source)}
    )
    if rendering.status == DiagramRendering.Status.PENDING:
        from portfolio.tasks import diagram_render_task

        transaction.on_commit(lambda: diagram_render_task.delay(source_hash, owner_id))
    return rendering


def diagrams_render(*, renderings: Sequence[DiagramRendering], renderer=None) -> None:
    """Draw the diagrams in one browser session and store each one's sanitised SVG or error.

    A drawing that fails, or that the sanitiser cannot read, is stored as failed: documents
    then show the source with a note instead.
    """
    from portfolio.diagram_renderer import render_mermaid
    from portfolio.svg_sanitizer import UnsafeSvgError, svg_sanitize

    if not renderings:
        return
    results = (renderer or render_mermaid)(
        [(svg_element_id(item.source_hash), item.source) for item in renderings]
    )
    for rendering, result in zip(renderings, results, strict=True):
        try:
            if result.error or not result.svg:
                raise UnsafeSvgError(result.error or "Mermaid drew nothing.")
            rendering.svg = svg_sanitize(result.svg)
            rendering.status = DiagramRendering.Status.DRAWN
            rendering.error = ""
        except UnsafeSvgError as error:
            rendering.svg = ""
            rendering.status = DiagramRendering.Status.FAILED
            rendering.error = str(error)[:LINE_MAX]
        rendering.save(update_fields=["svg", "status", "error", "updated_at"])


@transaction.atomic
def document_identity_update(*, user, display_name: str, headline: str) -> None:
    """Set the name (the account's display name) and headline (the portfolio's current role).

    A blank answer leaves what is there: onboarding never erases a name set on the profile.
    """
    from accounts.services import user_update_profile

    if display_name and display_name != user.display_name:
        user_update_profile(user=user, display_name=display_name)
    if headline:
        portfolio = portfolio_get_or_create(owner=user)
        if portfolio.current_role != headline:
            portfolio_update_summary(portfolio=portfolio, current_role=headline)
