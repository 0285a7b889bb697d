from celery import shared_task

from portfolio import services
from portfolio.models import DiagramRendering


@shared_task(name="portfolio.diagram_render_task")
def diagram_render_task(source_hash: str) -> None:
    """Draw one pending diagram; a drawing already made (or a duplicate message) is a no-op."""
    renderings = list(
        DiagramRendering.objects.filter(
            source_hash=source_hash, status=DiagramRendering.Status.PENDING
        )
    )
    services.diagrams_render(renderings=renderings)
