import datetime

from django.conf import settings
from django.db import migrations


def give_old_tokens_an_expiry(apps, schema_editor):
    # Tokens issued before expiry existed would otherwise live forever; they get the same
    # lifetime as new ones, counted from when they were created (already-old ones lapse).
    days = getattr(settings, "API_TOKEN_TTL_DAYS", 0)
    if not days:
        return
    ApiToken = apps.get_model("accounts", "ApiToken")
    for token in ApiToken.objects.filter(expiry__isnull=True).only("digest", "created"):
        token.expiry = token.created + datetime.timedelta(days=days)
        token.save(update_fields=["expiry"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(give_old_tokens_an_expiry, migrations.RunPython.noop),
    ]
