from collections import Counter

import pytest

from practice.models import LibraryItem
from practice.reference_data import library_items, library_load

pytestmark = pytest.mark.django_db


def _counts() -> Counter:
    return Counter(
        (item.area, item.kind, item.level) for item in LibraryItem.objects.filter(owner=None)
    )


def test_library_is_loaded_by_migration_with_the_promised_sizes():
    library = LibraryItem.objects.filter(owner=None)
    design = library.filter(area="design", kind="problem")
    coding = library.filter(area="coding", kind="problem")
    assert design.count() >= 40
    assert coding.count() >= 120
    assert len(set(coding.values_list("pattern", flat=True))) >= 15
    assert library.filter(kind="resource").count() >= 10
    assert library.filter(kind="probe").count() >= 10


def test_every_principle_has_three_questions_with_follow_ups():
    from stories.models import LeadershipPrinciple

    for principle in LeadershipPrinciple.objects.all():
        questions = LibraryItem.objects.filter(owner=None, kind="question", principle=principle)
        assert questions.count() >= 3, principle.slug
        assert all(len(question.follow_ups) >= 3 for question in questions)


def test_seed_design_problems_and_classics_are_present():
    titles = " ".join(LibraryItem.objects.filter(area="design").values_list("title", flat=True))
    for name in (
        "Checkout",
        "ML platform",
        "Hot partitions",
        "Active-active",
        "URL shortener",
        "news feed",
        "rate limiter",
        "Chat",
        "Payments ledger",
    ):
        assert name.lower() in titles.lower(), name


def test_every_item_is_tagged_and_has_a_source_note():
    for item in LibraryItem.objects.filter(owner=None):
        assert item.source, item.slug
        assert item.source == "classic" or item.source.startswith("seed:"), item.slug
        assert item.level in ("L6", "L7", "both")
        assert item.week and 1 <= item.week <= 24
        assert item.difficulty in ("easy", "medium", "hard")
        assert item.topic
    for item in LibraryItem.objects.filter(area="design", kind="problem"):
        assert {"clarify", "scale", "trade_offs", "l6_vs_l7"} <= set(item.details)
    for item in LibraryItem.objects.filter(area="coding", kind="problem"):
        assert item.link.startswith("https://leetcode.com/problems/")


def test_loading_again_changes_nothing():
    before = _counts()
    library_load()
    assert _counts() == before
    assert sum(before.values()) == len(library_items())


def test_counts_by_area_and_level(capsys):
    counts = Counter((item.area, item.level) for item in LibraryItem.objects.filter(owner=None))
    assert counts[("design", "L7")] >= 10 and counts[("design", "L6")] >= 10
    with capsys.disabled():
        print("\nlibrary counts by area and level:", dict(sorted(counts.items())))
