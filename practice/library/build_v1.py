"""Write practice/library/v1/*.json from the content modules.

Run once when the content changes: `.venv/bin/python -m practice.library.build_v1`. The JSON is
what the data migration loads; a released version's files are never edited, a new version is
added instead (v2/...), so a migration always loads the same content.
"""

import json
from pathlib import Path

from practice.library.content_behavioural import (
    COMMON_FOLLOW_UPS,
    PORTFOLIO_PROBES,
    QUESTIONS,
    RESOURCES,
)
from practice.library.content_coding import PATTERNS, PROBLEMS
from practice.library.content_design import DESIGN

OUT = Path(__file__).resolve().parent / "v1"
# Questions for both levels from week 2 (first STAR stories); level-specific ones in the
# leadership-integration weeks.
BEHAVIOURAL_WEEKS = {"L6": 21, "L7": 22, "both": 2}
BEHAVIOURAL_DIFFICULTY = {"L6": "medium", "L7": "hard", "both": "medium"}


def design_items() -> list[dict]:
    items = []
    for row in DESIGN:
        slug, title, level, week, difficulty, source, topic, prompt, clarify, scale, trade, diff = (
            row
        )
        items.append(
            {
                "slug": f"design-{slug}",
                "area": "design",
                "kind": "problem",
                "title": title,
                "prompt": prompt,
                "level": level,
                "topic": topic,
                "week": week,
                "difficulty": difficulty,
                "source": source,
                "details": {
                    "clarify": clarify,
                    "scale": scale,
                    "trade_offs": trade,
                    "l6_vs_l7": diff,
                },
            }
        )
    return items


def coding_items() -> list[dict]:
    items = []
    for pattern, problems in PROBLEMS.items():
        name, week, _ = PATTERNS[pattern]
        for title, link_slug, difficulty in problems:
            items.append(
                {
                    "slug": f"coding-{link_slug}",
                    "area": "coding",
                    "kind": "problem",
                    "title": title,
                    "prompt": f"Solve it with the {name.lower()} pattern, talking through "
                    "complexity and edge cases as you go.",
                    # Hard problems are where an L7 loop's coding round usually sits; the
                    # L6 bar is a clean medium in about 30 minutes.
                    "level": "both" if difficulty != "hard" else "L7",
                    "topic": "coding-patterns",
                    "week": week,
                    "difficulty": difficulty,
                    "pattern": pattern,
                    "link": f"https://leetcode.com/problems/{link_slug}/",
                    "source": "classic",
                    "details": {},
                }
            )
    return items


def behavioural_items() -> list[dict]:
    items = []
    for principle, questions in QUESTIONS.items():
        for position, (level, question, follow_ups) in enumerate(questions, start=1):
            items.append(
                {
                    "slug": f"lp-{principle}-{position}",
                    "area": "behavioural",
                    "kind": "question",
                    "title": question,
                    "prompt": question,
                    "level": level,
                    "topic": "leadership-integration",
                    "week": BEHAVIOURAL_WEEKS[level],
                    "difficulty": BEHAVIOURAL_DIFFICULTY[level],
                    "principle": principle,
                    "source": "seed: leadership principles story bank",
                    "details": {"follow_ups": follow_ups + COMMON_FOLLOW_UPS},
                }
            )
    for position, (group, probe) in enumerate(PORTFOLIO_PROBES, start=1):
        items.append(
            {
                "slug": f"probe-{position}",
                "area": "behavioural",
                "kind": "probe",
                "title": probe,
                "prompt": probe,
                "level": "both",
                "topic": f"portfolio-{group}",
                "week": 19 if group == "technical" else 22,
                "difficulty": "medium",
                "source": "seed: portfolio review questions",
                "details": {"follow_ups": COMMON_FOLLOW_UPS[:2]},
            }
        )
    return items


def resource_items() -> list[dict]:
    items = []
    for position, (title, author, weeks, area) in enumerate(RESOURCES, start=1):
        items.append(
            {
                "slug": f"resource-{position}",
                "area": area,
                "kind": "resource",
                "title": title,
                "prompt": f"By {author}.",
                "level": "both",
                "topic": "resources",
                "week": weeks[0],
                "difficulty": "easy",
                "source": "seed: six-month roadmap resources",
                "details": {"author": author, "weeks": weeks},
            }
        )
    return items


def patterns() -> list[dict]:
    return [
        {"slug": slug, "name": name, "week": week, "summary": summary}
        for slug, (name, week, summary) in PATTERNS.items()
    ]


def main() -> None:
    OUT.mkdir(exist_ok=True)
    files = {
        "design.json": design_items(),
        "coding.json": coding_items(),
        "behavioural.json": behavioural_items(),
        "resources.json": resource_items(),
        "patterns.json": patterns(),
    }
    for name, payload in files.items():
        text = json.dumps({"version": 1, "items": payload}, indent=1, ensure_ascii=False)
        (OUT / name).write_text(text + "\n", encoding="utf-8")
        print(name, len(payload))


if __name__ == "__main__":
    main()
