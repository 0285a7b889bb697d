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
