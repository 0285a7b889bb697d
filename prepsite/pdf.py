"""Print HTML documents to PDF in a headless Chromium kept warm in a child process.

Chromium lays out a 70-page portfolio in well under a second where WeasyPrint took twenty, and
it is already the engine that draws the Mermaid diagrams (portfolio.diagram_renderer). Start-up
costs a second or two, so each web or Celery worker process starts one renderer on its first
PDF and keeps it. The renderer is a child process of its own (Python, Playwright and the
browser in one process group) for two reasons: Playwright's sync API must not share a thread
with an event loop, and a document that lays out for too long is stopped by killing the group,
so no request holds a worker past `limits.PDF_RENDER_SECONDS_MAX`. A killed or crashed
renderer is started again by the next PDF.

Run as `python -m prepsite.pdf IDLE_SECONDS` it is that child: it reads length-prefixed HTML
documents on stdin and answers each with a PDF (or an error) on stdout until stdin closes (which
is also how it ends when its parent dies) or no document came for IDLE_SECONDS
(settings.PDF_RENDERER_IDLE_SECONDS), when it exits to give the browser's memory back.
"""

import contextlib
import os
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

from prepsite import limits

_LENGTH = struct.Struct(">I")
_OK, _FAILED = b"P", b"E"


class PdfRenderTimeout(Exception):
    """The document was still being laid out at the deadline; the renderer was stopped."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"Laying out the PDF took longer than {seconds:g} seconds.")
        self.seconds = seconds


class PdfRenderError(Exception):
    """The browser could not print the document."""


class _Renderer:
    """One renderer child per process (a forked worker starts its own), one document at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._owner_pid = 0

    def render(self, html: str, *, deadline_seconds: float) -> bytes:
        deadline = time.monotonic() + deadline_seconds
        # Threads of one process (runserver's) print one at a time; the wait counts too.
        if not self._lock.acquire(timeout=max(deadline_seconds, 0)):
            raise PdfRenderTimeout(deadline_seconds)
        try:
            return self._exchange(html.encode(), deadline, deadline_seconds)
        except _RendererGone:
            # A renderer that died between documents (out of memory, a browser crash): start
            # a fresh one and try once more within the same deadline.
            self._stop()
            try:
                return self._exchange(html.encode(), deadline, deadline_seconds)
            except _RendererGone as gone:
                self._stop()
                raise PdfRenderError("The PDF renderer stopped unexpectedly.") from gone
        finally:
            self._lock.release()

    def pids(self) -> list[int]:
        """The renderer and every process under it (the browser's), for memory readings."""
        if self._process is None or self._process.poll() is not None:
            return []
        parents = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                parents[int(entry)] = _parent_pid(int(entry))
        tree, found = {self._process.pid}, True
        while found:
            found = {pid for pid, parent in parents.items() if parent in tree} - tree
            tree |= found
        return sorted(tree)

    def _exchange(self, document: bytes, deadline: float, deadline_seconds: float) -> bytes:
        process = self._running()
        try:
            process.stdin.write(_LENGTH.pack(len(document)) + document)
            process.stdin.flush()
            kind = _read_exactly(process.stdout, 1, deadline)
            (size,) = _LENGTH.unpack(_read_exactly(process.stdout, _LENGTH.size, deadline))
            payload = _read_exactly(process.stdout, size, deadline)
        except TimeoutError:
            self._stop()
            raise PdfRenderTimeout(deadline_seconds) from None
        except (BrokenPipeError, EOFError) as gone:
            raise _RendererGone from gone
        if kind == _FAILED:
            # Playwright's state after a failed print is unknown: start clean next time.
            self._stop()
            raise PdfRenderError(payload.decode(errors="replace"))
        return payload

    def _running(self) -> subprocess.Popen:
        if self._owner_pid != os.getpid():
            # Inherited through a fork (gunicorn's preloaded master): that child is not ours.
            self._process, self._owner_pid = None, os.getpid()
        if self._process is None or self._process.poll() is not None:
            from django.conf import settings

            idle_seconds = str(int(settings.PDF_RENDERER_IDLE_SECONDS))
            self._process = subprocess.Popen(  # noqa: S603 (our module, an integer argument)
                [sys.executable, "-m", "prepsite.pdf", idle_seconds],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                cwd=Path(__file__).resolve().parent.parent,
                # Its own process group, so stopping it stops the browser it launched too.
                start_new_session=True,
            )
        return self._process

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        process.stdin.close()
        process.stdout.close()


class _RendererGone(Exception):
    pass


def _parent_pid(pid: int) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return -1
    return int(stat.rsplit(")", 1)[1].split()[1])


def _read_exactly(stream, size: int, deadline: float) -> bytes:
    chunks, remaining = [], size
    descriptor = stream.fileno()
    while remaining:
        timeout = deadline - time.monotonic()
        if timeout <= 0 or not select.select([descriptor], [], [], timeout)[0]:
            raise TimeoutError
        chunk = os.read(descriptor, min(remaining, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


_renderer = _Renderer()


def html_to_pdf(html: str, *, deadline_seconds: float | None = None) -> bytes:
    """The document printed as the page's CSS says (@page size, margins, page-number boxes).

    Raises PdfRenderTimeout when the deadline (by default limits.PDF_RENDER_SECONDS_MAX) passes
    first, and PdfRenderError when the browser fails.
    """
    if deadline_seconds is None:
        deadline_seconds = limits.PDF_RENDER_SECONDS_MAX
    return _renderer.render(html, deadline_seconds=deadline_seconds)


def renderer_pids() -> list[int]:
    return _renderer.pids()


def _serve(requests, answers, *, idle_seconds: float) -> None:
    from playwright.sync_api import Error, sync_playwright

    # The same browser, started the same way, as the one drawing the diagrams.
    from portfolio.diagram_renderer import CHROMIUM_ARGS, chromium_path

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
        )
        # The documents are PrepSite's own escaped HTML and sanitised SVG: no script runs and
        # nothing is fetched, so a document can never reach the network or the local files.
        page = browser.new_page(java_script_enabled=False)
        page.route("**/*", lambda route: route.abort())
        # An idle renderer gives its memory back; the next PDF starts another one.
        while select.select([requests], [], [], idle_seconds)[0]:
            header = requests.read(_LENGTH.size)
            if not header:
                break
            (size,) = _LENGTH.unpack(header)
            html = requests.read(size).decode()
            try:
                page.set_content(html)
                answer, pdf = _OK, page.pdf(prefer_css_page_size=True, print_background=True)
            except Error as error:
                answer, pdf = _FAILED, str(error)[:500].encode()
            answers.write(answer + _LENGTH.pack(len(pdf)) + pdf)
            answers.flush()
            if answer == _FAILED:
                return
            # A 200-page document's DOM is no use once printed: free it while the parent reads.
            page.set_content("<!DOCTYPE html>")
        browser.close()


if __name__ == "__main__":
    # Answers get their own copy of stdout; anything else printing there goes to stderr, so
    # no stray line can ever corrupt a PDF on its way to the parent.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    _serve(sys.stdin.buffer, answers, idle_seconds=float(sys.argv[1]))
