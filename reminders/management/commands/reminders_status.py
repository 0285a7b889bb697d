"""Counts of reminders by delivery state for the last days, for an operator's quick look."""

from django.core.management.base import BaseCommand, CommandParser

from reminders.models import SentReminder
from reminders.selectors import delivery_counts_by_day


class Command(BaseCommand):
    help = "Show reminder counts by delivery state (sent, failed, uncertain, ...) per day."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=7, help="how many days back (1-90)")

    def handle(self, *args: object, days: int, **options: object) -> None:
        days = max(1, min(days, 90))
        statuses = [value for value, _ in SentReminder.Status.choices]
        counts = delivery_counts_by_day(days=days)
        header = ["day (UTC)", *statuses, "total"]
        widths = [max(len(name), 10) for name in header]
        self.stdout.write("  ".join(name.ljust(w) for name, w in zip(header, widths, strict=True)))
        for day, by_status in counts.items():
            cells = [day.isoformat(), *(str(by_status.get(s, 0)) for s in statuses)]
            cells.append(str(sum(by_status.values())))
            self.stdout.write("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)))
        if not counts:
            self.stdout.write(f"No reminders in the last {days} days.")
        stuck = SentReminder.objects.filter(status__in=SentReminder.IN_FLIGHT).count()
        self.stdout.write(f"In flight now (claimed, rendering or handed over): {stuck}")
