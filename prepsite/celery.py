import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prepsite.settings")

app = Celery("prepsite")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
