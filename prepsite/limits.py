"""Every input bound PrepSite enforces, declared once.

Models, forms, serializers and the OpenAPI schema read these names, so a limit changes in one
place. They are generous for real use (a case study is a few pages, not a book) and small
enough that the heaviest account the limits allow still exports within its time budget.
"""

import datetime as dt

# Text lengths, in characters.
NAME_MAX = 200  # titles, names, short labels
LABEL_MAX = 80  # units, tags, patterns
LINE_MAX = 500  # one-line answers, links
TEXT_MAX = 10_000  # one narrative field (a STAR section, a case study's situation)
LONG_TEXT_MAX = 20_000  # the executive summary, notes, a diagram's source

# Dates a user may enter: far enough for any real plan, near enough that date arithmetic
# (a 52-week plan, a reminder a week ahead) can never overflow.
DATE_MIN = dt.date(1970, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)

# Numbers: a metric's value must stay finite and printable.
METRIC_VALUE_ABS_MAX = 1e15

# Request bodies and uploads, in bytes.
REQUEST_BODY_MAX_BYTES = 5 * 1024 * 1024
UPLOAD_MAX_BYTES = 5 * 1024 * 1024

# --- interviews (issue 12): applications, loops, rounds, story plans, debriefs ---
APPLICATIONS_MAX = 200  # per user
LOOPS_PER_APPLICATION_MAX = 10
ROUNDS_PER_LOOP_MAX = 8
PRINCIPLES_PER_ROUND_MAX = 4
ROUND_MINUTES_MIN = 15
ROUND_MINUTES_MAX = 240
LOOP_DAYS_MAX = 31  # a loop (an onsite, a phone screen) spans at most a month
SELF_SCORE_MIN = 1
SELF_SCORE_MAX = 5
PORTFOLIO_ITEMS_PER_APPLICATION_MAX = 50
# Practice (issue 11): timed sessions, plan weeks, private items, mock loops.
PRACTICE_SESSION_SECONDS_MAX = 6 * 60 * 60  # a timer result above six hours is a mistake
PRACTICE_WEEK_MAX = 52
PRACTICE_PRIVATE_ITEMS_MAX = 500
PRACTICE_LOOP_ROUNDS_MAX = 8
# --- Hostile input (issue 9a): counts, derived values, throttles ---------------------------
# Collections, per owner or per parent row. Sized so the largest portfolio the limits allow
# still renders as a PDF within EXPORT_BUDGET_SECONDS (scripts/bench_export_limits.py).
STORIES_MAX = 500
METRICS_PER_STORY_MAX = 20
CASE_STUDIES_MAX = 30
METRICS_PER_CASE_STUDY_MAX = 20
DECISION_RECORDS_MAX = 30
OPTIONS_PER_DECISION_MAX = 6
DASHBOARD_METRICS_MAX = 40
STORY_LINKS_MAX = 50  # stories or principles linked from one case study
ACTIVITIES_PER_DAY_MAX = 50
REHEARSALS_PER_STORY_MAX = 2_000
USAGES_PER_STORY_MAX = 500
YEARS_OF_EXPERIENCE_MAX = 80
RESULTS_AFTER_MONTHS_MAX = 240

# A case study's narrative sections: a few pages each, not a book.
CASE_STUDY_SECTION_MAX = 5_000

# A derived percent change beyond this is shown as "n/a": it fits 12 digits and means nothing.
PERCENT_CHANGE_ABS_MAX = 999_999_999_999

# Exports: the budget the limits above are sized for, and the per-user request rates.
EXPORT_BUDGET_SECONDS = 5
EXPORT_THROTTLE_RATE = "20/hour"
IMPORT_THROTTLE_RATE = "20/hour"
# A JSON document nested deeper than this is not a portfolio: refuse before walking it.
IMPORT_MAX_DEPTH = 20
# PDF layout time grows with the document: a portfolio whose printable HTML is longer than
# this is refused as PDF (413, pointing to HTML or Markdown). 750,000 characters is about 200 A4
# pages, printed by Chromium in 2.5 s on the shared 2-core box and 4.3 s when it was overloaded
# (load 9; scripts/bench_export_limits.py). Real portfolios are a few pages per case study.
PDF_SOURCE_MAX_CHARS = 750_000
# The hard stop: a PDF still being laid out after this many seconds is abandoned (its renderer
# killed) and the request answers 503, well inside the web worker's 30 s timeout.
PDF_RENDER_SECONDS_MAX = 20
