"""Restore a portfolio from a JSON export (portfolio.exchange), all or nothing."""

import datetime
import json
from dataclasses import dataclass, field
from typing import Any

import jsonschema
from django.core.exceptions import ValidationError
from django.db import transaction

from portfolio import services
from portfolio.checklist import ITEM_KEYS
from portfolio.documents import portfolio_documents_invalidate
from portfolio.exchange import SCHEMA_VERSION, export_schema, story_document
from portfolio.models import METRIC_FIELDS, DecisionRecord, Portfolio
from portfolio.selectors import linked_story_queryset
from prepsite import limits
from prepsite.validators import validate_date_in_range
from stories.models import LeadershipPrinciple
from stories.services import story_create


class PortfolioImportError(ValueError):
    """The file cannot be imported; `errors` says why, field by field where possible."""

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or {}


def _join(lines: list[str]) -> str:
    return "\n".join(lines)


@dataclass
class ImportReport:
    dry_run: bool
    changes: dict[str, Any] = field(default_factory=dict)


def _title_changes(current: list[str], imported: list[str]) -> dict[str, Any]:
    return {
        "current": len(current),
        "imported": len(imported),
        "added": [title for title in imported if title not in current],
        "removed": [title for title in current if title not in imported],
        "replaced": [title for title in imported if title in current],
    }


def _upgrade(document: Any) -> Any:
    """A version 1 file as version 2: its one unit per metric becomes the before and after unit."""
    if not isinstance(document, dict) or document.get("schema_version") != 1:
        return document
    upgraded = {**document, "schema_version": 2}
    cases = document.get("case_studies")
    if isinstance(cases, list):
        upgraded["case_studies"] = [_upgrade_case(case) for case in cases]
    return upgraded


def _upgrade_case(case: Any) -> Any:
    if not isinstance(case, dict) or not isinstance(case.get("metrics"), list):
        return case
    metrics = []
    for metric in case["metrics"]:
        if isinstance(metric, dict) and "unit" in metric:
            metric = dict(metric)
            unit = metric.pop("unit")
            metric.setdefault("before_unit", unit)
            metric.setdefault("after_unit", unit)
        metrics.append(metric)
    return {**case, "metrics": metrics}


def _check_shape(document: Any) -> None:
    """Walk the document without recursion: too deep, or text with NUL, is refused up front."""
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limits.IMPORT_MAX_DEPTH:
            raise PortfolioImportError(
                f"The file is nested deeper than {limits.IMPORT_MAX_DEPTH} levels.",
                {"document": ["Not a PrepSite portfolio export."]},
            )
        if isinstance(value, str) and "\x00" in value:
            raise PortfolioImportError(
                "The file contains NUL characters.", {"document": ["Remove NUL characters."]}
            )
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for pair in value.items() for item in pair)
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)


def _validate(document: Any) -> None:
    if not isinstance(document, dict):
        raise PortfolioImportError("The file must be a JSON object exported by PrepSite.")
    _check_shape(document)
    version = document.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise PortfolioImportError(
            f"This file uses schema version {version}; this PrepSite reads version "
            f"{SCHEMA_VERSION} and older. Update PrepSite, or export again from a matching "
            "version.",
            {"schema_version": [f"Version {version} is newer than {SCHEMA_VERSION}."]},
        )
    validator = jsonschema.Draft202012Validator(export_schema())
    problems: dict[str, list[str]] = {}
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
        location = "/".join(str(part) for part in error.absolute_path) or "document"
        problems.setdefault(location, []).append(error.message)
    if problems:
        raise PortfolioImportError("The file does not match the portfolio export schema.", problems)
    _validate_references(document)


def _validate_references(document: dict) -> None:
    problems: dict[str, list[str]] = {}
    known_slugs = set(LeadershipPrinciple.objects.values_list("slug", flat=True))
    for index, case in enumerate(document["case_studies"]):
        unknown = sorted(set(case["principles"]) - known_slugs)
        if unknown:
            problems[f"case_studies/{index}/principles"] = [
                f"Unknown Leadership Principle: {slug}" for slug in unknown
            ]
    story_keys = {story["key"] for story in document["stories"]}
    for index, case in enumerate(document["case_studies"]):
        missing = sorted(set(case["stories"]) - story_keys)
        if missing:
            problems[f"case_studies/{index}/stories"] = [
                f"No story with key {key} in this file." for key in missing
            ]
    record_keys = [record["key"] for record in document["decision_records"]]
    if len(set(record_keys)) != len(record_keys):
        problems["decision_records"] = ["Each decision record needs its own key."]
    for index, record in enumerate(document["decision_records"]):
        if record["decided_on"]:
            try:
                validate_date_in_range(datetime.date.fromisoformat(record["decided_on"]))
            except ValueError:
                problems[f"decision_records/{index}/decided_on"] = ["Not a calendar date."]
            except ValidationError as error:
                problems[f"decision_records/{index}/decided_on"] = error.messages
        successor = record["superseded_by"]
        if record["status"] == "superseded" and successor is None:
            problems[f"decision_records/{index}/superseded_by"] = [
                "A superseded record must name the record that replaced it."
            ]
        elif successor is not None and (successor not in record_keys or successor == record["key"]):
            problems[f"decision_records/{index}/superseded_by"] = [
                f"{successor} is not another decision record in this file."
            ]
    unknown_items = sorted({mark["item"] for mark in document["checklist"]} - set(ITEM_KEYS))
    if unknown_items:
        problems["checklist"] = [f"Unknown checklist item: {key}" for key in unknown_items]
    if problems:
        raise PortfolioImportError("The file refers to things that do not exist.", problems)


def portfolio_import(*, owner, document: Any, dry_run: bool = False) -> ImportReport:
    """Replace the owner's portfolio content with the document's, all or nothing.

    A dry run performs the same import inside a transaction that is rolled back, so it finds
    every problem a real import would and reports the same changes.
    """
    document = _upgrade(document)
    _validate(document)
    try:
        with transaction.atomic():
            report = _restore(owner=owner, document=document, dry_run=dry_run)
            if dry_run:
                transaction.set_rollback(True)
    except ValidationError as error:
        raise PortfolioImportError(
            "The file's content is not valid: nothing was imported.",
            error.message_dict if hasattr(error, "error_dict") else {"document": error.messages},
        ) from error
    return report


def _restore(*, owner, document: dict, dry_run: bool) -> ImportReport:
    portfolio = services.portfolio_get_or_create(owner=owner)
    portfolio = Portfolio.objects.select_for_update().get(pk=portfolio.pk)
    report = ImportReport(dry_run=dry_run)
    report.changes = {
        "case_studies": _title_changes(
            list(portfolio.case_studies.values_list("title", flat=True)),
            [case["title"] for case in document["case_studies"]],
        ),
        "decision_records": _title_changes(
            list(portfolio.decision_records.values_list("title", flat=True)),
            [record["title"] for record in document["decision_records"]],
        ),
        "dashboard_metrics": _title_changes(
            list(portfolio.dashboard_metrics.values_list("name", flat=True)),
            [metric["name"] for metric in document["dashboard"]["metrics"]],
        ),
    }
    summary = document["summary"]
    changes = {
        "level": document["dashboard"]["level"],
        "current_role": summary["current_role"],
        "years_of_experience": summary["years_of_experience"],
        "team_size_and_scope": summary["team_size_and_scope"],
        "budget": summary["budget"],
        "technical_domains": _join(summary["technical_domains"]),
        "notable_achievements": _join(summary["notable_achievements"]),
        "summary_text": summary["summary_text"],
    }
    report.changes["summary"] = [
        name for name, value in changes.items() if getattr(portfolio, name) != value
    ]
    services.portfolio_update_summary(portfolio=portfolio, **changes)

    portfolio.case_studies.all().delete()
    portfolio.decision_records.all().delete()
    portfolio.checklist_marks.all().delete()
    portfolio_documents_invalidate(user_id=owner.pk)
    stories_by_key, story_changes = _restore_stories(owner, document["stories"])
    report.changes["stories"] = story_changes
    principles = {principle.slug: principle for principle in LeadershipPrinciple.objects.all()}
    for case in document["case_studies"]:
        services.case_study_create(
            portfolio=portfolio,
            fields=_case_study_fields(case),
            metrics=[{name: metric[name] for name in METRIC_FIELDS} for metric in case["metrics"]],
            principles=[principles[slug] for slug in case["principles"]],
            stories=[stories_by_key[key] for key in case["stories"]],
        )
    _restore_records(portfolio, document["decision_records"])
    services.dashboard_replace(
        portfolio=portfolio,
        level=document["dashboard"]["level"],
        metrics=[
            {name: metric[name] for name in ("group", "name", "value", "trend", "target")}
            for metric in document["dashboard"]["metrics"]
        ],
    )
    services.checklist_update(
        portfolio=portfolio,
        marks={
            mark["item"]: (mark["checked"], mark["notes"])
            for mark in document["checklist"]
            if mark["checked"] or mark["notes"]
        },
    )
    return report


def _restore_stories(owner, documents: list[dict]) -> tuple[dict[str, Any], dict[str, int]]:
    """Re-create linked stories; a story the owner already has word for word is reused."""
    existing = {
        json.dumps(story_document(story), sort_keys=True): story
        for story in linked_story_queryset().filter(owner=owner)
    }
    by_key: dict[str, Any] = {}
    changes = {"created": 0, "reused": 0}
    for document in documents:
        data = {name: value for name, value in document.items() if name != "key"}
        match = existing.get(json.dumps(data, sort_keys=True))
        if match is None:
            by_key[document["key"]] = story_create(owner=owner, data=data)
            changes["created"] += 1
        else:
            by_key[document["key"]] = match
            changes["reused"] += 1
    return by_key, changes


def _case_study_fields(case: dict) -> dict[str, Any]:
    return {
        "title": case["title"],
        "kind": case["kind"],
        "role": case["role"],
        "team_size": case["team_size"],
        "duration": case["duration"],
        "technologies": _join(case["technologies"]),
        "business_context": case["business_context"],
        "situation": case["situation"],
        "task": case["task"],
        "actions_technical": case["actions"]["technical"],
        "actions_team": case["actions"]["team"],
        "actions_stakeholder": case["actions"]["stakeholder"],
        "results": case["results"],
        "architecture_diagram": case["architecture_diagram"],
        "key_decisions": case["key_decisions"],
        "lessons_learned": case["lessons_learned"],
    }


def _restore_records(portfolio: Portfolio, records: list[dict]) -> None:
    created: dict[str, DecisionRecord] = {}
    for record in records:
        # Successors may come later in the file: link them once every record exists.
        created[record["key"]] = services.decision_record_create(
            portfolio=portfolio,
            fields={
                "title": record["title"],
                "decided_on": (
                    datetime.date.fromisoformat(record["decided_on"])
                    if record["decided_on"]
                    else None
                ),
                "decision_makers": record["decision_makers"],
                "stakeholders": record["stakeholders"],
                "context": record["context"],
                "decision": record["decision"],
                "rationale": record["rationale"],
                "implementation_plan": record["implementation_plan"],
                "results": record["results"],
                "results_after_months": record["results_after_months"],
                "diagram": record.get("diagram", ""),
                "status": "accepted" if record["status"] == "superseded" else record["status"],
            },
            options=[
                {
                    "title": option["title"],
                    "pros": _join(option["pros"]),
                    "cons": _join(option["cons"]),
                }
                for option in record["options"]
            ],
        )
    for record in records:
        if record["status"] == "superseded":
            services.decision_record_update(
                record=created[record["key"]],
                fields={"status": "superseded", "superseded_by": created[record["superseded_by"]]},
            )


_SECTION_NAMES = {
    "case_studies": "Case study",
    "decision_records": "Decision record",
    "stories": "Story",
    "metrics": "metric",
    "options": "option",
    "checklist": "Checklist item",
}


def error_location_describe(document: Any, location: str) -> str:
    """A location such as case_studies/1/metrics/0/after as a reader finds it in the file.

    For example 'Case study 2 “Checkout split”, metric 1 “Deploy time”: after'.
    """
    if location in ("", "document"):
        return "The whole file"
    parts, node, words = location.split("/"), document, []
    for index, part in enumerate(parts):
        previous = parts[index - 1] if index else ""
        if part.isdigit() and isinstance(node, list) and int(part) < len(node):
            node = node[int(part)]
            label = f"{_SECTION_NAMES.get(previous, 'item')} {int(part) + 1}"
            title = node.get("title") or node.get("name") if isinstance(node, dict) else None
            words[-1:] = [f"{label} “{title}”" if isinstance(title, str) and title else label]
            continue
        words.append(part.replace("_", " "))
        node = node.get(part) if isinstance(node, dict) else None
    text = f"{', '.join(words[:-1])}: {words[-1]}" if len(words) > 1 else "".join(words)
    return text[:1].upper() + text[1:]


def import_errors_described(document: Any, error: PortfolioImportError) -> list[dict[str, Any]]:
    return [
        {"where": error_location_describe(document, location), "messages": messages}
        for location, messages in error.errors.items()
    ]
