import datetime
import zoneinfo

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from knox.models import AbstractAuthToken

from prepsite.timezones import is_time_zone


def default_reminder_time() -> datetime.time:
    """08:00. A callable: Django's check takes a fixed time for a mistaken "now" (fields.W161)
    when it runs within ten seconds of that time of day, which failed `check --deploy` at 08:00."""
    return datetime.time(8, 0)


def validate_timezone(value: str) -> None:
    if not is_time_zone(value):
        raise ValidationError(f"“{value}” is not a known time zone (e.g. Europe/Berlin).")


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A PrepSite user signs in with an e-mail address; there is no username."""

    username = None
    email = models.EmailField("e-mail address", unique=True)
    display_name = models.CharField(max_length=100, blank=True)
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    # The user's weekly rhythm: the study plan's onboarding sets it, reminders send on it.
    reminder_weekday = models.PositiveSmallIntegerField(
        choices=Weekday.choices, default=Weekday.MONDAY
    )
    reminder_time = models.TimeField(default=default_reminder_time)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    def __str__(self) -> str:
        return self.display_name or self.email

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


class ApiToken(AbstractAuthToken):
    """A personal API token: only its hash is stored, the plain value is shown once."""

    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.token_key}…)"
