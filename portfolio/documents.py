"""The portfolio's rendered documents, cached per user until a service changes what they show.

Rendering the whole portfolio costs a request tens to hundreds of milliseconds for a heavy
account, while it changes only when its owner saves something. So each rendering is kept
under the user's `PORTFOLIO_DOCUMENT_SCOPE` (prepsite.user_cache), and every service that
writes something a document shows calls `portfolio_documents_invalidate`: the portfolio and
its items, linked stories and their metrics, imports, deletions and diagram drawings. The
dashboard card's numbers are counted from the same data, so they are kept under that scope too.

The owner's name and e-mail address are part of each value's name instead, so a profile
change, wherever it is made, simply names a new value.
"""

import dataclasses
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from portfolio import selectors
from portfolio.completeness import CompletenessFacts
from portfolio.exchange import portfolio_export_document
from portfolio.exports import document_context, render_html, render_json_resume, render_markdown
from portfolio.models import Portfolio
from portfolio.selectors import PortfolioContent, portfolio_content_get
from prepsite.user_cache import user_cache_invalidate, user_cached

PORTFOLIO_DOCUMENT_SCOPE = "portfolio-document"


def portfolio_documents_invalidate(*, user_id: int) -> None:
    """Drop the user's rendered documents when the current transaction commits."""
    user_cache_invalidate(user_id, PORTFOLIO_DOCUMENT_SCOPE)


def _json_bytes(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


def export_body(content: PortfolioContent, *, export_format: str, layout: str) -> bytes | str:
    """The export in one of the text formats (the PDF is laid out by `exports.render_pdf`)."""
    if export_format == "json":
        return _json_bytes(portfolio_export_document(content))
    if export_format == "md":
        return render_markdown(content)
    if export_format == "html":
        return render_html(content, layout=layout)
    if export_format == "jsonresume":
        return _json_bytes(render_json_resume(content))
    raise ValueError(f"Not a text export format: {export_format}")


def export_body_cached(*, portfolio: Portfolio, export_format: str, layout: str) -> bytes | str:
    """`export_body` of the whole portfolio, rendered once per change of its content."""

    def compute() -> bytes | str:
        content = portfolio_content_get(portfolio=portfolio)
        return export_body(content, export_format=export_format, layout=layout)

    # Only HTML has layouts; other formats share one value whatever `layout` says.
    name = f"export:{export_format}:{layout if export_format == 'html' else 'full'}"
    return _cached(portfolio, name, compute)


@dataclass(frozen=True)
class PageDocument:
    """The document as the preview and the share page show it, inside their own layout."""

    owner_name: str
    body: SafeString
    has_mermaid: bool

    def context(self) -> dict[str, Any]:
        return {
            "owner_name": self.owner_name,
            "document_body": self.body,
            "has_mermaid": self.has_mermaid,
        }


def page_document(content: PortfolioContent) -> PageDocument:
    context = document_context(content)
    body = render_to_string(
        "portfolio/partials/document_body.html", {**context, "render_mermaid": True}
    )
    # Template output: every user value in it is already escaped.
    return PageDocument(context["owner_name"], mark_safe(body), context["has_mermaid"])  # noqa: S308


def page_document_cached(*, portfolio: Portfolio) -> PageDocument:
    return _cached(
        portfolio,
        "page",
        lambda: page_document(portfolio_content_get(portfolio=portfolio)),
    )


@dataclass(frozen=True)
class CardNumbers:
    facts: CompletenessFacts
    case_studies: int
    decision_records: int


def dashboard_card_numbers(*, user) -> CardNumbers:
    """The portfolio card's completeness facts and counts, counted once per change of the
    portfolio rather than by three queries on every view of the dashboard."""

    def compute() -> CardNumbers:
        counts = selectors.portfolio_counts_for_user(user=user)
        return CardNumbers(
            facts=selectors.completeness_facts_for_user(user=user),
            case_studies=counts["case_studies"],
            decision_records=counts["decision_records"],
        )

    numbers = user_cached(user.pk, PORTFOLIO_DOCUMENT_SCOPE, "dashboard-card", compute)
    # The name is the account's, which no portfolio service watches: read it on every view.
    facts = dataclasses.replace(numbers.facts, has_name=bool(user.display_name.strip()))
    return dataclasses.replace(numbers, facts=facts)


def _cached(portfolio: Portfolio, name: str, compute: Callable[[], Any]) -> Any:
    if portfolio.pk is None:
        # Not saved yet: its level follows the study plan, which no portfolio service watches.
        return compute()
    owner = portfolio.owner
    identity = hashlib.sha256(f"{owner.display_name}\n{owner.email}".encode()).hexdigest()[:16]
    return user_cached(owner.pk, PORTFOLIO_DOCUMENT_SCOPE, f"{name}:{identity}", compute)
