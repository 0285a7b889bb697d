"""The PDF renderer: a warm browser in a child process, stopped at its deadline."""

import contextlib
import io
import os
import signal

import pytest
from pypdf import PdfReader

from prepsite import pdf

DOCUMENT = """<!DOCTYPE html><html><head><style>
@page { size: A4; margin: 20mm;
  @bottom-center { content: "Page " counter(page) " of " counter(pages); } }
h1 { break-before: page; }
</style></head><body><h1>First</h1><p>One</p><h1>Second</h1><p>Two</p></body></html>"""


def _text(document: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(document)).pages]


def test_the_page_css_sets_pages_and_their_numbers():
    pages = _text(pdf.html_to_pdf(DOCUMENT))

    assert len(pages) == 2
    assert "Page 1 of 2" in pages[0] and "First" in pages[0]
    assert "Page 2 of 2" in pages[1] and "Second" in pages[1]


def test_a_document_past_its_deadline_is_stopped_and_the_next_one_prints():
    with pytest.raises(pdf.PdfRenderTimeout) as stopped:
        pdf.html_to_pdf(DOCUMENT, deadline_seconds=0)

    assert stopped.value.seconds == 0
    assert pdf.renderer_pids() == []
    assert "Second" in _text(pdf.html_to_pdf(DOCUMENT))[1]


def test_a_renderer_killed_between_documents_is_started_again():
    pdf.html_to_pdf(DOCUMENT)
    # Every process of the renderer's tree. The lowest pid is not necessarily the renderer
    # (pids wrap around), so killing "the group of the first pid" could miss it.
    for pid in pdf.renderer_pids():
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)

    assert "First" in _text(pdf.html_to_pdf(DOCUMENT))[0]
