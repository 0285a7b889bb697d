"""Word-level differences between two story revisions, as data for templates and the API."""

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from stories import frameworks

_LABELS = {
    "primary_principle": "Primary principle",
    "secondary_principles": "Secondary principles",
    "metrics": "Metrics",
    "trade_offs": "Trade-offs",
    "team_size": "Team size",
    "target_level": "Target level",
}


@dataclass(frozen=True)
class Segment:
    kind: str  # "equal", "insert" or "delete"
    text: str


@dataclass(frozen=True)
class FieldDiff:
    name: str
    label: str
    segments: list[Segment]


def _as_text(name: str, value: Any) -> str:
    if name == "metrics":
        return "\n".join(
            f"{m['label']}: {m['before_value']} {m['before_unit'] or m['unit']} → "
            f"{m['after_value']} {m['unit']} {m['period']}".rstrip()
            for m in value or []
        )
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


def _label(name: str) -> str:
    for sections in frameworks.SECTIONS.values():
        for section in sections:
            if section.name == name:
                return section.label
    return _LABELS.get(name, name.replace("_", " ").capitalize())


def word_diff(old: str, new: str) -> list[Segment]:
    old_words, new_words = old.split(" "), new.split(" ")
    segments: list[Segment] = []
    matcher = SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("equal", " ".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("delete", " ".join(old_words[i1:i2])))
        if j2 > j1:
            segments.append(Segment("insert", " ".join(new_words[j1:j2])))
    return segments


def snapshot_diff(old: dict[str, Any], new: dict[str, Any]) -> list[FieldDiff]:
    """The fields that differ between two snapshots, each as word-level segments."""
    diffs = []
    for name in dict.fromkeys([*old, *new]):
        before, after = _as_text(name, old.get(name)), _as_text(name, new.get(name))
        if before != after:
            diffs.append(FieldDiff(name, _label(name), word_diff(before, after)))
    return diffs
