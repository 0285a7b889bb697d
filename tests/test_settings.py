"""Settings come from the environment and refuse unsafe production start-ups."""

import datetime
import os
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 20 + "-production-like-secret-for-check-deploy-0123456789",
    "ALLOWED_HOSTS": "prepsite.example.com",
    "DATABASE_URL": "sqlite:////tmp/prepsite-check-deploy.sqlite3",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean_env = {
        key: value
        for key, value in os.environ.items()
        # The browser tests allow async-unsafe ORM calls in this process; a deployment never does.
        if key not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_mode_without_secret_key_refuses_to_start():
    result = _manage("check", env={"DEBUG": "0"})

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_database_comes_from_database_url():
    result = _manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])",
        env={**PRODUCTION_ENV, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/anything"},
    )

    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_development_secret_is_generated_once_per_install_and_kept_under_var():
    show_key = "from django.conf import settings; print(settings.SECRET_KEY)"
    env = {"DEBUG": "1", "DATABASE_URL": PRODUCTION_ENV["DATABASE_URL"]}
    first = _manage("shell", "--no-imports", "-c", show_key, env=env).stdout.strip()
    second = _manage("shell", "--no-imports", "-c", show_key, env=env).stdout.strip()

    assert first == second == (settings.BASE_DIR / "var" / "dev-secret-key").read_text().strip()
    assert len(first) >= 50
    assert "insecure" not in first


def test_development_server_does_not_keep_connections_open():
    show_age = (
        "from django.conf import settings; print(settings.DATABASES['default']['CONN_MAX_AGE'])"
    )
    env = {"DEBUG": "1", "DATABASE_URL": PRODUCTION_ENV["DATABASE_URL"]}

    assert _manage("shell", "--no-imports", "-c", show_age, env=env).stdout.strip() == "0"
    production = _manage("shell", "--no-imports", "-c", show_age, env=PRODUCTION_ENV)
    assert production.stdout.strip() == "60"


def test_the_api_module_imports_first_without_an_import_cycle():
    # DRF imports the classes its settings name while it loads; one defined in prepsite.api
    # made a process that imported prepsite.api first fail at start-up.
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); import prepsite.api"],
        capture_output=True,
        text=True,
        env={**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "prepsite.settings"},
    )

    assert result.returncode == 0, result.stderr[-2000:]


def test_no_field_default_trips_the_fixed_default_check_at_its_own_time_of_day(time_machine):
    """Django warns (fields.W161) about a fixed date or time default within ten seconds of it,
    which made `check --deploy` fail whenever it ran at 08:00:00, the reminder time default."""
    from django.apps import apps

    time_machine.move_to(datetime.datetime(2026, 12, 2, 8, 0, 3, tzinfo=datetime.UTC), tick=False)
    warnings = [
        message
        for model in apps.get_models()
        for field in model._meta.fields
        for message in field.check()
        if message.id == "fields.W161"
    ]
    assert warnings == []


def test_the_embedded_cache_is_shared_by_the_processes_of_make_run():
    """A value one process caches is what another reads, and another's write drops it."""
    scope, user_id = "settings-test", 900_000 + os.getpid()
    read = (
        "from prepsite.user_cache import user_cached, user_cache_invalidate; "
        f"print(user_cached({user_id}, {scope!r}, 'value', lambda: '{{computed}}')); "
    )
    env = {"DEBUG": "1", "DATABASE_URL": PRODUCTION_ENV["DATABASE_URL"], "REDIS_URL": ""}

    first = _manage("shell", "--no-imports", "-c", read.format(computed="first"), env=env)
    second = _manage(
        "shell",
        "--no-imports",
        "-c",
        read.format(computed="second")
        + f"user_cache_invalidate({user_id}, {scope!r}); "
        + read.format(computed="third"),
        env=env,
    )

    assert first.stdout.split() == ["first"], first.stderr
    assert second.stdout.split() == ["first", "third"], second.stderr
