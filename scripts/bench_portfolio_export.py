"""Time GET /api/portfolio/export/ for a large portfolio (30 case studies, 60 stories, 200 metrics).

Runs against a throwaway test database, so it never touches real data:

    DEBUG=1 .venv/bin/python scripts/bench_portfolio_export.py [--repeat 5]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prepsite.settings")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from rest_framework.test import APIClient  # noqa: E402

# "cold" rows clear the cache before each run: the PDF is laid out from scratch every time.
# The plain pdf rows are repeated downloads of an unchanged portfolio (the usual case).
FORMATS = ("json", "md", "html", "jsonresume", "pdf", "pdf cold", "brief", "brief cold")
REQUESTS = {
    "pdf": {"format": "pdf"},
    "pdf cold": {"format": "pdf"},
    "brief": {"format": "pdf", "layout": "brief"},
    "brief cold": {"format": "pdf", "layout": "brief"},
}


def _cpu_seconds() -> float:
    """CPU time used so far by this process and the PDF renderer's processes."""
    from prepsite.pdf import renderer_pids

    ticks = 0
    for pid in renderer_pids():
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return time.process_time() + ticks / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per format")
    args = parser.parse_args()

    setup_test_environment()
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from tests.factories import UserFactory
        from tests.portfolio.conftest import build_portfolio

        owner = UserFactory()
        build_portfolio(owner, case_studies=30, stories=60, metrics=200, records=10)
        # The case studies share one diagram; draw it as the worker would (one browser start).
        # No broker here: the row is made directly instead of queueing the task.
        from portfolio.diagrams import diagram_hash
        from portfolio.models import CaseStudy, DiagramRendering
        from portfolio.services import diagrams_render

        source = CaseStudy.objects.first().architecture_diagram
        rendering = DiagramRendering.objects.create(source_hash=diagram_hash(source), source=source)
        diagrams_render(renderings=[rendering])
        client = APIClient()
        client.force_authenticate(owner)
        from prepsite.pdf import html_to_pdf

        # Each worker process starts its PDF renderer (a browser) once; the rows below reuse it.
        started = time.perf_counter()
        html_to_pdf("<!DOCTYPE html><p>warm</p>")
        print(
            f"database: {connection.vendor}; 30 case studies, 60 stories, 200 metrics; "
            f"PDF renderer started in {(time.perf_counter() - started) * 1000:.0f} ms"
        )
        # CPU time (this process plus the PDF renderer's browser) is what a quiet machine would
        # take as wall time; on a shared one the wall time also counts waiting for a core.
        print(
            f"{'format':<11} {'median ms':>10} {'min ms':>8} {'cpu ms':>7} {'queries':>8} "
            f"{'bytes':>9}"
        )
        for export_format in FORMATS:
            # Also resets the export throttle (20 an hour per user), which counts in the cache.
            cache.clear()
            durations, cpu = [], []
            params = REQUESTS.get(export_format, {"format": export_format})
            for _ in range(args.repeat):
                if export_format.endswith("cold"):
                    cache.clear()
                with CaptureQueriesContext(connection) as queries:
                    started, cpu_started = time.perf_counter(), _cpu_seconds()
                    response = client.get("/api/portfolio/export/", params)
                    durations.append((time.perf_counter() - started) * 1000)
                    cpu.append((_cpu_seconds() - cpu_started) * 1000)
                assert response.status_code == 200, response.content[:200]
            print(
                f"{export_format:<11} {statistics.median(durations):>10.0f} "
                f"{min(durations):>8.0f} {statistics.median(cpu):>7.0f} {len(queries):>8} "
                f"{len(response.content):>9}"
            )
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
