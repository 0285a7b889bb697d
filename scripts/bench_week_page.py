"""Where the plan week page's time goes, against the bench database, in this one process.

Requests the week page and the floor page (bench/urls.py) in turn with the Django test client,
as one of the accounts bench/seed.py made, and prints their medians and p95s and the week
page's ratio to the floor; then the medians of the week page's parts: the selector and the
rendering (the practice suggestions load after the page: /plan/weeks/<id>/practice/).
Only reads: run `bench/run.py` once first so the accounts exist.

    DJANGO_SETTINGS_MODULE=bench.settings SECRET_KEY=x DEBUG=0 ALLOWED_HOSTS=testserver \\
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/prepsite_bench \\
      REDIS_URL=redis://127.0.0.1:6379/14 \\
      .venv/bin/python scripts/bench_week_page.py [--rounds 60] [--email heavy@bench.local]
"""

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402

from studyplan import selectors, views  # noqa: E402

WEEK_URL = "/plan/"
FLOOR_URL = "/bench/floor/page/"
WARM_UP_ROUNDS = 5


def _timed(parts: dict[str, list[float]], name: str, function: Callable) -> Callable:
    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            parts[name].append(time.perf_counter() - started)

    return timed


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _p95(times: list[float]) -> float:
    return sorted(times)[int(0.95 * (len(times) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--email", default="heavy@bench.local")
    options = parser.parse_args()

    client = Client()
    client.force_login(get_user_model().objects.get(email=options.email))
    parts: dict[str, list[float]] = defaultdict(list)
    views.selectors.week_page = _timed(parts, "selector", selectors.week_page)
    views.render = _timed(parts, "rendering", views.render)

    for _ in range(WARM_UP_ROUNDS):
        client.get(FLOOR_URL)
        client.get(WEEK_URL)
    parts.clear()
    floor, week = [], []
    for _ in range(options.rounds):
        for url, times in ((FLOOR_URL, floor), (WEEK_URL, week)):
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            if response.status_code != 200:
                sys.exit(f"{url} answered {response.status_code}")

    floor_p50, week_p50 = statistics.median(floor), statistics.median(week)
    print(f"{options.email}, {options.rounds} rounds, load {os.getloadavg()[0]:.2f}")
    print(f"floor page: p50 {_ms(floor_p50)}, p95 {_ms(_p95(floor))}")
    print(f"week page:  p50 {_ms(week_p50)}, p95 {_ms(_p95(week))}")
    print(f"ratio: p50 {week_p50 / floor_p50:.2f}x, p95 {_p95(week) / _p95(floor):.2f}x")
    for name, times in parts.items():
        print(f"  {name}: p50 {_ms(statistics.median(times))}")


if __name__ == "__main__":
    main()
