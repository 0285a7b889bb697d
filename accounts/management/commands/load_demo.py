from django.core.management.base import BaseCommand

from accounts.demo import DEMO_EMAIL, DEMO_PASSWORD, demo_account_load


class Command(BaseCommand):
    help = "Create the demo account with sample data (idempotent)."

    def handle(self, *args, **options) -> None:
        _, created = demo_account_load()
        state = "created" if created else "already present"
        self.stdout.write(
            self.style.SUCCESS(f"Demo account {state}: log in as {DEMO_EMAIL} / {DEMO_PASSWORD}")
        )
