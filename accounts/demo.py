"""The demo account `make run` offers: one user with realistic sample data in every area."""

from collections.abc import Callable

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils.module_loading import import_string

from accounts.models import User

DEMO_EMAIL = "demo@prepsite.local"
# A published, local-only demo credential.
DEMO_PASSWORD = "prepsite-demo"

# Each app seeds its own sample data for a fresh demo user; listed here so the order is explicit.
DEMO_SEEDERS: list[str] = [
    "studyplan.demo.seed_demo",
    "stories.demo.seed_demo",
    "portfolio.demo.seed_demo",
    "reminders.demo.seed_demo",
    "interviews.demo.seed_demo",
]


@transaction.atomic
def demo_account_load() -> tuple[User, bool]:
    """Create the demo user and its sample data once; later calls change nothing."""
    user, created = User.objects.get_or_create(
        email=DEMO_EMAIL, defaults={"display_name": "Demo Candidate", "timezone": "Europe/London"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        # Sign-in needs a confirmed address (ACCOUNT_EMAIL_VERIFICATION = mandatory).
        EmailAddress.objects.create(user=user, email=DEMO_EMAIL, primary=True, verified=True)
        for dotted_path in DEMO_SEEDERS:
            seeder: Callable[[User], None] = import_string(dotted_path)
            seeder(user)
    return user, created
