"""The shared practice library: loaded from versioned JSON files by a data migration.

The same function reloads it in tests after a flush (tests/conftest.py). Idempotent: items are
keyed by slug, so loading twice updates rows in place.
"""

import json
from functools import cache
from pathlib import Path

from django.apps import apps as installed_apps
from django.apps.registry import Apps

LIBRARY_DIR = Path(__file__).resolve().parent / "library"
ITEM_FILES = ("design.json", "coding.json", "behavioural.json", "resources.json")
FIELDS = ("area", "kind", "title", "prompt", "level", "topic", "week", "difficulty", "source")


def library_items(version: int = 1) -> list[dict]:
    items: list[dict] = []
    for name in ITEM_FILES:
        raw = json.loads((LIBRARY_DIR / f"v{version}" / name).read_text(encoding="utf-8"))
        items.extend(raw["items"])
    return items


@cache
def coding_patterns(version: int = 1) -> tuple[tuple[str, str], ...]:
    """The library's coding patterns as (slug, name), in the plan's order."""
    raw = json.loads((LIBRARY_DIR / f"v{version}" / "patterns.json").read_text(encoding="utf-8"))
    return tuple((row["slug"], row["name"]) for row in raw["items"])


def library_load(apps: Apps = installed_apps, version: int = 1) -> None:
    item_model = apps.get_model("practice", "LibraryItem")
    principle_model = apps.get_model("stories", "LeadershipPrinciple")
    principles = {principle.slug: principle for principle in principle_model.objects.all()}
    existing = {item.slug: item for item in item_model.objects.filter(owner__isnull=True)}
    new, changed = [], []
    for row in library_items(version):
        values = {name: row[name] for name in FIELDS}
        values |= {
            "details": row.get("details", {}),
            "pattern": row.get("pattern", ""),
            "link": row.get("link", ""),
            "principle": principles.get(row.get("principle", "")),
            "library_version": version,
        }
        item = existing.get(row["slug"])
        if item is None:
            new.append(item_model(slug=row["slug"], **values))
        else:
            for name, value in values.items():
                setattr(item, name, value)
            changed.append(item)
    item_model.objects.bulk_create(new)
    if changed:
        item_model.objects.bulk_update(
            changed, [*FIELDS, "details", "pattern", "link", "principle", "library_version"]
        )
