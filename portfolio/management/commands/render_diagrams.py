from django.core.management.base import BaseCommand

from portfolio import services
from portfolio.documents import portfolio_documents_invalidate
from portfolio.models import CaseStudy, DecisionRecord, DiagramRendering


class Command(BaseCommand):
    help = "Draw every Mermaid diagram that has no drawing yet (one browser start for all)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--retry-failed", action="store_true", help="draw failed ones again")

    def handle(self, *args, retry_failed: bool = False, **options) -> None:
        diagrams = list(
            CaseStudy.objects.exclude(architecture_diagram="").values_list(
                "architecture_diagram", "portfolio__owner_id"
            )
        )
        diagrams += DecisionRecord.objects.exclude(diagram="").values_list(
            "diagram", "portfolio__owner_id"
        )
        for source, _ in diagrams:
            services.diagram_request(source=source)
        statuses = [DiagramRendering.Status.PENDING]
        if retry_failed:
            statuses.append(DiagramRendering.Status.FAILED)
        pending = list(DiagramRendering.objects.filter(status__in=statuses))
        services.diagrams_render(renderings=pending)
        for owner_id in {owner_id for _, owner_id in diagrams}:
            portfolio_documents_invalidate(user_id=owner_id)
        drawn = sum(item.status == DiagramRendering.Status.DRAWN for item in pending)
        self.stdout.write(f"{drawn} of {len(pending)} diagrams drawn.")
