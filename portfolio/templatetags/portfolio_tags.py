from django import template

from portfolio import selectors
from portfolio.completeness import completeness_from_facts
from portfolio.exports import TREND_ARROWS, format_number, metric_change_text
from portfolio.models import CaseStudyMetric, DashboardMetric
from prepsite.metrics import value_text

register = template.Library()


@register.filter
def metric_number(value: float | None) -> str:
    return format_number(value)


@register.filter
def metric_before(metric: CaseStudyMetric) -> str:
    return value_text(metric.before, metric.before_unit)


@register.filter
def metric_after(metric: CaseStudyMetric) -> str:
    return value_text(metric.after, metric.after_unit)


@register.filter
def story_metric_before(metric) -> str:
    return value_text(metric.before_value, metric.before_unit or metric.unit)


@register.filter
def story_metric_after(metric) -> str:
    return value_text(metric.after_value, metric.unit)


@register.filter
def metric_change(metric: CaseStudyMetric) -> str:
    return metric_change_text(metric)


@register.filter
def trend_arrow(metric: DashboardMetric) -> str:
    return TREND_ARROWS[metric.trend]


@register.inclusion_tag("portfolio/partials/dashboard_card.html")
def portfolio_dashboard_card(user) -> dict:
    """The dashboard's portfolio card: completeness score and what is still missing."""
    # Counted by the database: loading the whole portfolio for a score took most of the page.
    counts = selectors.portfolio_counts_for_user(user=user)
    return {
        "completeness": completeness_from_facts(selectors.completeness_facts_for_user(user=user)),
        "case_study_count": counts["case_studies"],
        "record_count": counts["decision_records"],
    }
