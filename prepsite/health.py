"""Liveness of the services PrepSite needs, for load balancers and `make run`."""

from django.db import connection
from kombu import Connection

from prepsite.celery import app as celery_app


def database_is_up() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def broker_is_up() -> bool:
    try:
        with Connection(
            celery_app.conf.broker_url,
            transport_options=celery_app.conf.broker_transport_options,
            connect_timeout=2,
        ) as broker:
            # One quick second attempt rides out a blip; kombu's default waits 2 s before it,
            # which a load balancer's probe would sit through on every refused connection.
            broker.ensure_connection(max_retries=1, interval_start=0.2, timeout=2)
        return True
    except Exception:
        return False
