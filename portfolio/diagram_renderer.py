"""Draw Mermaid diagrams as SVG with the locally served Mermaid in a headless Chromium.

The browser is the only complete Mermaid implementation, and the same file the preview loads
draws here, so a diagram looks the same in the editor and in every document. Labels are SVG
text (`htmlLabels: false`), not HTML in foreignObject: the sanitiser can keep them and a
printed PDF keeps them as text.
"""

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RENDER_TIMEOUT_MS = 10_000
BATCH_TIMEOUT_S = 120
MERMAID_JS = Path(__file__).resolve().parent.parent / "node_modules/mermaid/dist/mermaid.min.js"

_RENDER_SCRIPT = """
async (diagrams) => {
  window.mermaid.initialize({
    startOnLoad: false,
    securityLevel: "strict",
    theme: "neutral",
    htmlLabels: false,
    flowchart: { htmlLabels: false },
    class: { htmlLabels: false },
  });
  const results = [];
  for (const [id, source] of diagrams) {
    try {
      const { svg } = await window.mermaid.render(id, source);
      results.push({ svg: svg, error: "" });
    } catch (error) {
      results.push({ svg: "", error: String((error && error.message) || error).slice(0, 500) });
    }
  }
  return results;
}
"""


@dataclass(frozen=True)
class RenderResult:
    svg: str
    error: str


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def render_mermaid(diagrams: list[tuple[str, str]]) -> list[RenderResult]:
    """Draw (element id, source) pairs in one browser start (start-up costs about a second).

    The browser runs in a child process: Playwright's sync API must not share a thread with
    an event loop (a Celery worker's, a test's), and a hung browser is killed by the timeout.
    """
    try:
        finished = subprocess.run(
            [sys.executable, "-m", "portfolio.diagram_renderer"],
            input=json.dumps([list(item) for item in diagrams]),
            capture_output=True,
            text=True,
            timeout=BATCH_TIMEOUT_S,
            cwd=Path(__file__).resolve().parent.parent,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return [RenderResult("", "Drawing took too long.") for _ in diagrams]
    if finished.returncode != 0:
        error = (finished.stderr.strip().splitlines() or ["The browser failed."])[-1][:500]
        return [RenderResult("", error) for _ in diagrams]
    return [RenderResult(item["svg"], item["error"]) for item in json.loads(finished.stdout)]


def _render_in_this_process(diagrams: list[list[str]]) -> list[dict]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = browser.new_page()
            page.set_default_timeout(RENDER_TIMEOUT_MS)
            # No network at all: the page is blank and Mermaid comes from the local file.
            page.route("**/*", lambda route: route.abort())
            page.set_content("<!DOCTYPE html><html><body></body></html>")
            page.add_script_tag(path=str(MERMAID_JS))
            return page.evaluate(_RENDER_SCRIPT, diagrams)
        finally:
            browser.close()


if __name__ == "__main__":
    json.dump(_render_in_this_process(json.load(sys.stdin)), sys.stdout)
