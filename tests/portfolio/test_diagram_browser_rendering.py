"""The real renderer: Debian's Chromium drawing with the locally served Mermaid (about 1 s)."""

import pytest

from portfolio import services
from portfolio.models import DiagramRendering

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def test_chromium_draws_text_labels_that_survive_the_sanitiser():
    good = services.diagram_request(source="graph TD\n  Gateway --> Orders")
    broken = services.diagram_request(source="graph TD\n  A --> (((")

    services.diagrams_render(renderings=[good, broken])

    good.refresh_from_db()
    broken.refresh_from_db()
    assert good.status == DiagramRendering.Status.DRAWN
    assert "Gateway" in good.svg and "<text" in good.svg
    assert "foreignObject" not in good.svg
    assert broken.status == DiagramRendering.Status.FAILED and broken.error
