"""`make run PORT=...` makes e-mail and feed links use that port unless SITE_URL is set."""

import shutil
import subprocess

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _dry_run(*args: str) -> str:
    # -n prints the commands without running any of them.
    return subprocess.run(
        ["make", "-n", "run", *args],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout


def test_make_run_port_sets_the_site_url_default():
    output = _dry_run("PORT=8080", "DEMO=0")
    assert 'SITE_URL="${SITE_URL:-http://127.0.0.1:8080}"' in output
    assert "PORT=8080" in output
