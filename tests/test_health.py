import pytest
from django.db import connection

from prepsite import health

pytestmark = pytest.mark.django_db


def test_healthz_reports_ok_without_login(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_is_503_when_the_broker_is_down(client, monkeypatch):
    from prepsite.celery import app

    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "broker": "unavailable"}


def test_healthz_is_503_when_the_database_is_down(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise connection.Database.OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unavailable"


def test_healthz_leaks_no_connection_details(client, monkeypatch, settings):
    from prepsite.celery import app

    monkeypatch.setattr(app.conf, "broker_url", "redis://:s3cret-pass@127.0.0.1:1/0")

    body = client.get("/healthz").content.decode()

    assert "s3cret" not in body
    assert "127.0.0.1" not in body


def test_broker_check_detects_a_reachable_broker():
    assert health.broker_is_up()
