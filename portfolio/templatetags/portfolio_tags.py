from django import template

from portfolio.completeness import completeness_from_facts
from portfolio.documents import dashboard_card_numbers
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
    numbers = dashboard_card_numbers(user=user)
    return {
        "completeness": completeness_from_facts(numbers.facts),
        "case_study_count": numbers.case_studies,
        "record_count": numbers.decision_records,
    }
