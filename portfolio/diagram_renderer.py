"""Draw Mermaid diagrams as SVG with the locally served Mermaid in a headless Chromium.

The browser is the only complete Mermaid implementation, and the same file the preview loads
draws here, so a diagram looks the same in the editor and in every document. Labels are SVG
text (`htmlLabels: false`), not HTML in foreignObject: the sanitiser can keep them and
WeasyPrint can draw them.
"""

import os
import shutil
from dataclasses import dataclass

from django.conf import settings

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RENDER_TIMEOUT_MS = 10_000

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


def mermaid_script_path() -> str:
    return str(settings.BASE_DIR / "node_modules" / "mermaid" / "dist" / "mermaid.min.js")


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def render_mermaid(diagrams: list[tuple[str, str]]) -> list[RenderResult]:
    """Draw (element id, source) pairs in one browser start (start-up costs about a second)."""
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
            page.add_script_tag(path=mermaid_script_path())
            raw = page.evaluate(_RENDER_SCRIPT, [list(item) for item in diagrams])
        finally:
            browser.close()
    return [RenderResult(svg=item["svg"], error=item["error"]) for item in raw]
