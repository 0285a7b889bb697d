from stories import frameworks, quality
from tests.stories.examples import PSI_STORY, STRONG_STAR, WEAK_STAR


def _statuses(report: quality.QualityReport) -> dict[str, str]:
    return {check.key: check.status for check in report.checks}


def test_strong_star_story_passes_every_check():
    draft = quality.StoryDraft(frameworks.STAR_PLUS, STRONG_STAR, metric_count=2, principle_count=1)
    report = quality.evaluate(draft)
    assert report.all_passed, [c for c in report.checks if not c.passed]
    assert 120 <= report.speaking_seconds <= 180


def test_weak_story_warns_with_a_tip_for_each_problem():
    report = quality.evaluate(quality.StoryDraft(frameworks.STAR_PLUS, WEAK_STAR))
    statuses = _statuses(report)
    assert statuses == {
        "sections": "pass",
        "outcome_number": "warn",
        "speaking_time": "warn",
        "balance": "warn",
        "first_person": "warn",
        "metric": "warn",
        "principle": "warn",
    }
    assert all(check.tip for check in report.checks if not check.passed)


def test_missing_sections_are_named():
    check = quality.check_sections_present(
        quality.StoryDraft(frameworks.STAR_PLUS, {"situation": "Some context."})
    )
    assert check.status == "warn"
    assert check.detail == "Missing: Task, Action, Result"


def test_long_situation_fails_balance_even_when_action_is_longest():
    sections = {**STRONG_STAR, "situation": " ".join(["context"] * 180)}
    check = quality.check_section_balance(quality.StoryDraft(frameworks.STAR_PLUS, sections))
    assert check.status == "warn"
    assert "Situation" in check.tip


def test_we_heavy_action_warns_and_counts_curly_apostrophes():
    check = quality.check_first_person(
        quality.StoryDraft(
            frameworks.STAR_PLUS, {"action": "We planned, we built, I\u2019d reviewed it."}
        )
    )
    assert check.status == "warn"
    assert check.detail == "“I” 1 times, “we” 2 times"


def test_over_three_minutes_warns_to_trim():
    sections = {**STRONG_STAR, "action": STRONG_STAR["action"] * 3}
    check = quality.check_speaking_time(quality.StoryDraft(frameworks.STAR_PLUS, sections))
    assert check.status == "warn"
    assert "trim" in check.tip


def test_psi_story_uses_its_own_sections():
    report = quality.evaluate(
        quality.StoryDraft(frameworks.PSI, PSI_STORY, metric_count=1, principle_count=1)
    )
    statuses = _statuses(report)
    assert statuses["sections"] == "pass"
    assert statuses["outcome_number"] == "pass"
    assert statuses["first_person"] == "pass"
    assert statuses["speaking_time"] == "warn"  # a 60-word outline is far below two minutes
    assert report.section_words["solution"] > report.section_words["problem"]


def test_usage_warnings_for_many_principles_and_frequent_telling():
    assert quality.usage_warnings(principle_count=2, told_recently=1) == []
    warnings = quality.usage_warnings(principle_count=5, told_recently=3)
    assert len(warnings) == 2
    assert "5 principles" in warnings[0]
    assert "3 times" in warnings[1]
