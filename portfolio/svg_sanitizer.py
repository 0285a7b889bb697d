"""A strict allow-list for SVG drawn from user-written diagrams, before it reaches any document.

HTML sanitisers (nh3, bleach) do not understand SVG, so this one walks the XML tree with the
standard library: unknown elements are dropped with everything inside them (script,
foreignObject, image, a, animate...), unknown attributes are dropped, and no value may point
outside the drawing: the only references kept are "#fragment" ones inside it.
"""

import re
import xml.etree.ElementTree as ET

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
SVG_MAX_BYTES = 2 * 1024 * 1024

ALLOWED_ELEMENTS = frozenset(
    {
        "svg",
        "g",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "defs",
        "marker",
        "style",
        "title",
        "desc",
        "clipPath",
        "linearGradient",
        "radialGradient",
        "stop",
        "symbol",
        "use",
    }
)
ALLOWED_ATTRIBUTES = frozenset(
    {
        "id",
        "class",
        "style",
        "transform",
        "d",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "dx",
        "dy",
        "width",
        "height",
        "viewBox",
        "preserveAspectRatio",
        "points",
        "fill",
        "fill-opacity",
        "fill-rule",
        "stroke",
        "stroke-width",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "stroke-opacity",
        "opacity",
        "font-family",
        "font-size",
        "font-weight",
        "font-style",
        "text-anchor",
        "dominant-baseline",
        "alignment-baseline",
        "textLength",
        "lengthAdjust",
        "markerWidth",
        "markerHeight",
        "markerUnits",
        "refX",
        "refY",
        "orient",
        "offset",
        "stop-color",
        "stop-opacity",
        "gradientUnits",
        "gradientTransform",
        "clipPathUnits",
        "clip-path",
        "marker-start",
        "marker-mid",
        "marker-end",
        "visibility",
        "display",
        "role",
        "aria-roledescription",
        "aria-label",
        "aria-labelledby",
        "aria-describedby",
        "version",
        "href",
    }
)
# Values that could fetch, run or escape: any url() except a fragment inside the drawing.
_DANGEROUS_VALUE = re.compile(
    r"javascript:|vbscript:|data:|expression\s*\(|@import|behavior\s*:|-moz-binding|"
    r"url\s*\(\s*(?![\"']?#)|</",
    re.IGNORECASE,
)


class UnsafeSvgError(ValueError):
    """The SVG cannot be parsed as plain XML; it is not shown."""


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _clean(element: ET.Element) -> None:
    for child in list(element):
        if not isinstance(child.tag, str) or _local(child.tag) not in ALLOWED_ELEMENTS:
            element.remove(child)
            continue
        _clean(child)
    tag = _local(element.tag)
    for name in list(element.attrib):
        value = element.attrib[name]
        local = _local(name)
        keep = local in ALLOWED_ATTRIBUTES and not _DANGEROUS_VALUE.search(value)
        if local == "href":
            keep = tag == "use" and value.startswith("#")
        if not keep:
            del element.attrib[name]
    if tag == "style" and _DANGEROUS_VALUE.search(element.text or ""):
        element.text = ""
    if tag in {"style", "title", "desc"}:
        for child in list(element):
            element.remove(child)


def svg_sanitize(svg: str) -> str:
    """The drawing with only allowed elements and attributes, or UnsafeSvgError."""
    if len(svg.encode()) > SVG_MAX_BYTES:
        raise UnsafeSvgError("The drawing is too large.")
    if re.search(r"<!(DOCTYPE|ENTITY)", svg, re.IGNORECASE):
        raise UnsafeSvgError("A drawing may not declare a DOCTYPE or entities.")
    try:
        # Safe here: DOCTYPE and entity declarations were refused above, and expat never
        # fetches external resources, so none of the XML attacks defusedxml guards against apply.
        root = ET.fromstring(svg)  # noqa: S314
    except ET.ParseError as error:
        raise UnsafeSvgError(f"The drawing is not well-formed XML: {error}") from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise UnsafeSvgError("The drawing is not an SVG document.")
    _clean(root)
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    return ET.tostring(root, encoding="unicode", short_empty_elements=True)
