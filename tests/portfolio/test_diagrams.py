import io

import pytest
from pypdf import PdfReader

from portfolio import services
from portfolio.diagram_renderer import RenderResult
from portfolio.diagrams import diagram_hash, is_mermaid
from portfolio.exports import render_html, render_pdf
from portfolio.models import DiagramRendering
from portfolio.selectors import portfolio_content_get
from portfolio.svg_sanitizer import UnsafeSvgError, svg_sanitize
from portfolio.tasks import diagram_render_task
from tests.factories import CaseStudyFactory

pytestmark = pytest.mark.django_db

SOURCE = "graph TD\n  Gateway --> Orders"
# What Mermaid draws for SOURCE with text labels, trimmed: boxes, an arrow, SVG text.
DRAWN = (
    '<svg xmlns="http://www.w3.org/2000/svg" id="diagram-x" viewBox="0 0 200 120">'
    "<style>#diagram-x .node rect{fill:#eee;stroke:#333;}</style>"
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="5" refY="5">'
    '<path d="M 0 0 L 10 5 L 0 10 z"/></marker></defs>'
    '<g class="node"><rect x="10" y="10" width="80" height="30"/>'
    '<text x="50" y="30" text-anchor="middle">Gateway</text></g>'
    '<path d="M 50 40 L 50 80" stroke="#333" marker-end="url(#arrow)"/>'
    '<g class="node"><rect x="10" y="80" width="80" height="30"/>'
    '<text x="50" y="100" text-anchor="middle">Orders</text></g></svg>'
)

HOSTILE = [
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><rect onclick="alert(1)" onmouseover="x()"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    '<a xlink:href="javascript:alert(1)"><text>click</text></a></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    '<image xlink:href="https://evil.example/track.png"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><use href="https://evil.example/x.svg#a"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe src="https://evil.example">'
    "</iframe></foreignObject></svg>",
    '<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example/x.css);'
    "</style></svg>",
    '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://evil.example/a)"/>'
    "</svg>",
    '<svg xmlns="http://www.w3.org/2000/svg"><animate attributeName="href" to="javascript:x"/>'
    "</svg>",
    '<svg xmlns="http://www.w3.org/2000/svg"><g><g><script href="data:text/javascript,x"/></g>'
    "</g></svg>",
]
FORBIDDEN = ("script", "onload", "onclick", "onmouseover", "javascript", "evil.example", "iframe")


@pytest.mark.parametrize("svg", HOSTILE)
def test_sanitiser_removes_anything_that_runs_or_fetches(svg):
    clean = svg_sanitize(svg).lower()

    for word in FORBIDDEN:
        assert word not in clean
    assert "foreignobject" not in clean and "<image" not in clean and "<a " not in clean


@pytest.mark.parametrize(
    "svg",
    [
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "boom">]>'
        '<svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
        "<svg><unclosed></svg>",
        '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>',
    ],
)
def test_sanitiser_refuses_what_is_not_a_plain_svg(svg):
    with pytest.raises(UnsafeSvgError):
        svg_sanitize(svg)


def test_sanitiser_keeps_the_drawing():
    clean = svg_sanitize(DRAWN)

    assert "Gateway" in clean and 'marker-end="url(#arrow)"' in clean
    assert "<style>" in clean and "<path" in clean


def test_only_mermaid_sources_are_drawn():
    assert is_mermaid("%% a comment\nflowchart LR\n A --> B")
    assert not is_mermaid("+-----+\n| box |\n+-----+")


def _fake_renderer(svg: str = DRAWN, error: str = ""):
    calls = []

    def render(diagrams):
        calls.append(diagrams)
        return [RenderResult(svg=svg, error=error) for _ in diagrams]

    render.calls = calls
    return render


def test_saving_a_case_study_queues_its_diagram_once(
    django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr(diagram_render_task, "delay", lambda *args: queued.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        case = CaseStudyFactory(architecture_diagram="")
        services.case_study_update(case_study=case, fields={"architecture_diagram": SOURCE})

    assert queued == [(diagram_hash(SOURCE), case.portfolio.owner_id)]
    assert DiagramRendering.objects.get().status == DiagramRendering.Status.PENDING


def test_the_task_stores_the_sanitised_drawing(monkeypatch):
    rendering = services.diagram_request(source=SOURCE)
    hostile = DRAWN.replace("<g ", '<g onclick="alert(1)" ', 1).replace(
        "</svg>", "<script>alert(2)</script></svg>"
    )
    monkeypatch.setattr("portfolio.diagram_renderer.render_mermaid", _fake_renderer(hostile))

    diagram_render_task(rendering.source_hash)

    rendering.refresh_from_db()
    assert rendering.status == DiagramRendering.Status.DRAWN
    assert "Gateway" in rendering.svg
    assert "script" not in rendering.svg and "onclick" not in rendering.svg


def test_a_diagram_mermaid_cannot_draw_falls_back_to_its_source_with_a_note():
    case = CaseStudyFactory(architecture_diagram="graph TD\n  A --> (((")
    rendering = services.diagram_request(source=case.architecture_diagram)
    services.diagrams_render(
        renderings=[rendering], renderer=_fake_renderer("", "Parse error on line 2")
    )

    html = render_html(portfolio_content_get(portfolio=case.portfolio))

    assert "could not be drawn" in html
    assert "A --&gt; (((" in html


def test_a_drawn_diagram_replaces_its_source_in_html_and_pdf():
    case = CaseStudyFactory(architecture_diagram=SOURCE)
    rendering = services.diagram_request(source=SOURCE)
    services.diagrams_render(renderings=[rendering], renderer=_fake_renderer())
    content = portfolio_content_get(portfolio=case.portfolio)

    html = render_html(content)
    pdf = PdfReader(io.BytesIO(render_pdf(content)))
    text = "\n".join(page.extract_text() for page in pdf.pages)

    assert '<div class="diagram-drawing"' in html and "<details" in html
    assert "Gateway" in text and "Orders" in text
    # The PDF draws the boxes and the arrow as vector paths; the Mermaid source is absent.
    assert "graph TD" not in text and "-->" not in text
    drawing_ops = b"".join(page.get_contents().get_data() for page in pdf.pages)
    assert b" re" in drawing_ops or b" l" in drawing_ops
