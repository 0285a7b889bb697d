"""The portfolio as one JSON document (schema version 2); `portfolio.importer` reads it back.

The document carries no database ids or timestamps, so export → import into an empty account →
export gives the same bytes. Items that point at each other use keys local to the file.
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

from portfolio.checklist import CHECKLIST
from portfolio.completeness import completeness_evaluate
from portfolio.models import CaseStudy, DecisionRecord
from portfolio.selectors import PortfolioContent
from stories.api.serializers import StorySerializer

SCHEMA_VERSION = 2
SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "portfolio-export.schema.json"


@cache
def export_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text())


# Per-account bookkeeping and derived values the stories API returns; not a story's content.
STORY_BOOKKEEPING_FIELDS = frozenset(
    {
        "id",
        "url",
        "owner",
        "version",
        "word_count",
        "created_at",
        "updated_at",
        "documented_at",
        "deleted_at",
        "next_rehearsal_at",
    }
)


def story_document(story) -> dict[str, Any]:
    """A linked story as the stories API shapes it, without ids, timestamps or derived values."""
    return _story_document_from(StorySerializer(story).data)


def story_documents(stories: list) -> list[dict[str, Any]]:
    """`story_document` for many stories through one `many=True` serializer: building a
    serializer per story costs several milliseconds each, most of it field set-up."""
    return [_story_document_from(data) for data in StorySerializer(stories, many=True).data]


def _story_document_from(data) -> dict[str, Any]:
    document = {name: value for name, value in data.items() if name not in STORY_BOOKKEEPING_FIELDS}
    document["metrics"] = [
        {name: value for name, value in metric.items() if name != "id"}
        for metric in document.get("metrics", [])
    ]
    return document


def _record_key(index: int) -> str:
    return f"tdr-{index + 1}"


def _change(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def portfolio_export_document(content: PortfolioContent) -> dict[str, Any]:
    portfolio = content.portfolio
    record_keys = {record.pk: _record_key(i) for i, record in enumerate(content.decision_records)}
    completeness = completeness_evaluate(content)
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": "PrepSite",
        "summary": {
            "current_role": portfolio.current_role,
            "years_of_experience": portfolio.years_of_experience,
            "team_size_and_scope": portfolio.team_size_and_scope,
            "budget": portfolio.budget,
            "technical_domains": portfolio.technical_domain_list,
            "notable_achievements": portfolio.notable_achievement_list,
            "summary_text": portfolio.summary_text,
        },
        "case_studies": [_case_study_document(case, content) for case in content.case_studies],
        "decision_records": [
            _record_document(record, record_keys) for record in content.decision_records
        ],
        "dashboard": {
            "level": portfolio.level,
            "metrics": [
                {
                    "group": metric.group,
                    "name": metric.name,
                    "value": metric.value,
                    "trend": metric.trend,
                    "target": metric.target,
                }
                for metric in content.dashboard_metrics
            ],
        },
        "checklist": [
            {
                "section": section.key,
                "item": item.key,
                "text": item.text,
                "checked": content.checklist_marks.get(item.key, (False, ""))[0],
                "notes": content.checklist_marks.get(item.key, (False, ""))[1],
            }
            for section in CHECKLIST
            for item in section.items
        ],
        "stories": [
            {"key": content.story_key(story), **document}
            for story, document in zip(
                content.stories, story_documents(content.stories), strict=True
            )
        ],
        "principles": [
            {"slug": principle.slug, "name": principle.name, "description": principle.description}
            for principle in content.principles_covered
        ],
        "completeness": {
            "score": completeness.score,
            "missing": [criterion.label for criterion in completeness.missing],
        },
    }


def _case_study_document(case: CaseStudy, content: PortfolioContent) -> dict[str, Any]:
    return {
        "title": case.title,
        "kind": case.kind,
        "role": case.role,
        "team_size": case.team_size,
        "duration": case.duration,
        "technologies": case.technology_list,
        "business_context": case.business_context,
        "situation": case.situation,
        "task": case.task,
        "actions": {
            "technical": case.actions_technical,
            "team": case.actions_team,
            "stakeholder": case.actions_stakeholder,
        },
        "results": case.results,
        "metrics": [
            {
                "group": metric.group,
                "name": metric.name,
                "before": metric.before,
                "before_unit": metric.before_unit,
                "after": metric.after,
                "after_unit": metric.after_unit,
                "period": metric.period,
                "change_percent": _change(metric.change_percent),
            }
            for metric in case.metrics.all()
        ],
        "architecture_diagram": case.architecture_diagram,
        "key_decisions": case.key_decisions,
        "lessons_learned": case.lessons_learned,
        "principles": [principle.slug for principle in case.principles.all()],
        "stories": [content.story_key(story) for story in case.stories.all()],
    }


def _record_document(record: DecisionRecord, record_keys: dict[int, str]) -> dict[str, Any]:
    return {
        "key": record_keys[record.pk],
        "title": record.title,
        "decided_on": record.decided_on.isoformat() if record.decided_on else None,
        "decision_makers": record.decision_makers,
        "stakeholders": record.stakeholders,
        "context": record.context,
        "options": [
            {"title": option.title, "pros": option.pro_list, "cons": option.con_list}
            for option in record.options.all()
        ],
        "decision": record.decision,
        "rationale": record.rationale,
        "implementation_plan": record.implementation_plan,
        "results": record.results,
        "results_after_months": record.results_after_months,
        "status": record.status,
        "superseded_by": record_keys.get(record.superseded_by_id),
        "diagram": record.diagram,
    }
