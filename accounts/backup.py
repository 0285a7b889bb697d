"""The account export: one versioned JSON document holding everything a user owns.

Each app contributes one section through three functions named in SECTIONS: an export
selector `<app>_export_for_user(user=) -> dict`, an import service
`<app>_import_for_user(user=, data=, refs=)` and `<app>_has_data_for_user(user=) -> bool`.
A new app adds one Section line below (and a property in the JSON Schema). Sections are
imported in list order; `refs` carries the rows one section created for a later one to
point at (mock interviews for story usages and mock loop rounds, stories for portfolio case
studies and interview plans). Sections added after the first release (practice, interviews)
are optional in the schema, so an export made before them still imports.

The document holds no database ids, no secrets (passwords, tokens, feed addresses, share
links) and no timestamps the database sets by itself, so export → import into an empty
account → export gives the same document.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from django.utils.module_loading import import_string

FORMAT = "prepsite-account-export"
SCHEMA_VERSION = 1
SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "account-export-v1.json"
# Sections nest a few levels (plan → weeks → goals); anything far deeper is not an export.
MAX_DEPTH = 32


@dataclass(frozen=True)
class Section:
    name: str
    export: str
    import_: str
    has_data: str

    def exporter(self) -> Callable[..., Any]:
        return import_string(self.export)

    def importer(self) -> Callable[..., None]:
        return import_string(self.import_)

    def data_check(self) -> Callable[..., bool]:
        return import_string(self.has_data)


SECTIONS: list[Section] = [
    Section(
        "profile",
        "accounts.selectors.profile_export_for_user",
        "accounts.services.profile_import_for_user",
        "accounts.selectors.profile_has_data_for_user",
    ),
    Section(
        "studyplan",
        "studyplan.selectors.studyplan_export_for_user",
        "studyplan.services.studyplan_import_for_user",
        "studyplan.selectors.studyplan_has_data_for_user",
    ),
    Section(
        "stories",
        "stories.selectors.stories_export_for_user",
        "stories.services.stories_import_for_user",
        "stories.selectors.stories_has_data_for_user",
    ),
    Section(
        "portfolio",
        "portfolio.selectors.portfolio_export_for_user",
        "portfolio.services.portfolio_import_for_user",
        "portfolio.selectors.portfolio_has_data_for_user",
    ),
    Section(
        "reminders",
        "reminders.selectors.reminders_export_for_user",
        "reminders.services.reminders_import_for_user",
        "reminders.selectors.reminders_has_data_for_user",
    ),
    Section(
        "practice",
        "practice.selectors.practice_export_for_user",
        "practice.services.practice_import_for_user",
        "practice.selectors.practice_has_data_for_user",
    ),
    Section(
        "interviews",
        "interviews.selectors.interviews_export_for_user",
        "interviews.services.interviews_import_for_user",
        "interviews.selectors.interviews_has_data_for_user",
    ),
]


class BackupError(ValueError):
    """The document cannot be imported; `errors` lists why, by place in the document."""

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or {}


@cache
def export_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text())


def export_filename(user) -> str:
    return f"prepsite-account-{user.pk}.json"


def document_build(sections: dict[str, Any]) -> dict[str, Any]:
    return {"format": FORMAT, "schema_version": SCHEMA_VERSION, "sections": sections}


def _depth(value: Any, limit: int) -> int:
    stack = [(value, 1)]
    deepest = 0
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
    return deepest


def document_parse(raw: bytes | str) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as error:
        raise BackupError(
            "The file is not valid JSON.", {"document": [str(error)[:200]]}
        ) from error


def document_validate(document: Any) -> dict[str, Any]:
    """Check the document against the JSON Schema; raise BackupError listing every problem."""
    if _depth(document, MAX_DEPTH) > MAX_DEPTH:
        raise BackupError("The file nests too deeply to be a PrepSite export.")
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError("This is not a PrepSite account export.")
    if document.get("schema_version") != SCHEMA_VERSION:
        raise BackupError(
            f"This export has format version {document.get('schema_version')!r}; "
            f"this PrepSite reads version {SCHEMA_VERSION}."
        )
    validator = jsonschema.Draft202012Validator(export_schema())
    errors: dict[str, list[str]] = {}
    for error in validator.iter_errors(document):
        place = "/".join(str(part) for part in error.absolute_path) or "document"
        errors.setdefault(place, []).append(error.message[:300])
        if len(errors) >= 50:
            break
    if errors:
        raise BackupError("The file does not match the account export format.", errors)
    return document


def section_counts(document: dict[str, Any]) -> dict[str, int]:
    """What an import would create, for the dry-run summary."""
    sections = document["sections"]
    studyplan = sections["studyplan"]
    plan = studyplan.get("plan")
    portfolio = sections.get("portfolio") or {}
    stories = sections["stories"]["stories"]
    return {
        "plan weeks": len(plan["weeks"]) if plan else 0,
        "activities": len(studyplan["activities"]),
        "mock interviews": sum(1 for a in studyplan["activities"] if a.get("mock_interview")),
        "weekly reviews": len(studyplan["weekly_reviews"]),
        "readiness assessments": len(studyplan["readiness_assessments"]),
        "stories": len(stories),
        "story revisions": sum(len(s["revisions"]) for s in stories),
        "rehearsals": sum(len(s["rehearsals"]) for s in stories),
        "case studies": len(portfolio.get("case_studies", [])),
        "decision records": len(portfolio.get("decision_records", [])),
        "practice sessions": len((sections.get("practice") or {}).get("sessions", [])),
        "mock loops": len((sections.get("practice") or {}).get("mock_loops", [])),
        "applications": len((sections.get("interviews") or {}).get("applications", [])),
    }
