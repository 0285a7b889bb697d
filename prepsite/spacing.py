"""Spaced repetition in days, shared by story rehearsals and practice-library items.

fsrs's default scheduler has learning steps (1 and 10 minutes), made for flash cards reviewed
several times in one sitting: rated "Good", a new story came back ten minutes later. Without
learning or relearning steps every card goes straight to day-based review, so the shortest
interval is one day; a higher retention target keeps intervals short enough to rehearse several
times before an interview months away, and the cap keeps a well-known story from vanishing for
a year. Fuzzing is off so the same history always gives the same date (and tests can say so).
"""

import datetime

from fsrs import Card, Rating, Scheduler

DESIRED_RETENTION = 0.95
MAX_INTERVAL_DAYS = 60

day_scheduler = Scheduler(
    learning_steps=(),
    relearning_steps=(),
    desired_retention=DESIRED_RETENTION,
    maximum_interval=MAX_INTERVAL_DAYS,
    enable_fuzzing=False,
)


def schedule_next(
    card_data: dict | None, rating: int, reviewed_at: datetime.datetime
) -> tuple[dict, datetime.datetime]:
    """The card after a review rated 1 (again) .. 4 (easy), as a dict, and its next due time."""
    card = Card.from_dict(card_data) if card_data else Card()
    card, _ = day_scheduler.review_card(card, Rating(rating), review_datetime=reviewed_at)
    return card.to_dict(), card.due
