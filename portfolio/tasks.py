from celery import shared_task

from portfolio import services
from portfolio.documents import portfolio_documents_invalidate
from portfolio.models import DiagramRendering


@shared_task(name="portfolio.diagram_render_task")
def diagram_render_task(source_hash: str, owner_id: int | None = None) -> None:
    """Draw one pending diagram; a drawing already made (or a duplicate message) is a no-op.

    The owner who saved the diagram gets their documents rendered again, drawing included.
    """
    renderings = list(
        DiagramRendering.objects.filter(
            source_hash=source_hash, status=DiagramRendering.Status.PENDING
        )
    )
    services.diagrams_render(renderings=renderings)
    if owner_id is not None:
        portfolio_documents_invalidate(user_id=owner_id)
