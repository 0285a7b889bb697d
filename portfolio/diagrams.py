"""Which diagrams get drawn, and the key their drawing is stored under. Pure functions."""

import hashlib

from portfolio.models import MERMAID_KEYWORDS

# Part of every key: a new Mermaid, or new drawing options, draws every diagram again.
RENDERER_VERSION = "mermaid-12.3.0/svg-text-labels/1"


def diagram_source_normalised(source: str) -> str:
    return source.replace("\r\n", "\n").replace("\r", "\n").strip()


def is_mermaid(source: str) -> bool:
    lines = [line.strip() for line in diagram_source_normalised(source).splitlines()]
    first = next((line for line in lines if line and not line.startswith("%%")), "")
    return first.split(" ", 1)[0] in MERMAID_KEYWORDS


def diagram_hash(source: str) -> str:
    text = f"{RENDERER_VERSION}\n{diagram_source_normalised(source)}"
    return hashlib.sha256(text.encode()).hexdigest()


def svg_element_id(source_hash: str) -> str:
    # Mermaid scopes its <style> to the SVG's id: each drawing needs its own in one page.
    return f"diagram-{source_hash[:16]}"
