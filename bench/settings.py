"""Benchmark settings: production settings plus the floor views and a query counter.

Only the benchmark (`bench/run.py`) uses this module; the app never routes to the floor views.
"""

from prepsite.settings import *  # noqa: F403
from prepsite.settings import BASE_DIR, MIDDLEWARE, STORAGES, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
# First, so the count covers every query of the request (session and user included).
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
# Plain HTTP on localhost: no redirect to HTTPS, cookies sent without TLS.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Static files from the finders: the benchmark needs no collectstatic run first.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
