import json

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from portfolio import selectors, services
from portfolio.api.serializers import (
    CaseStudySerializer,
    ChecklistItemSerializer,
    CompletenessSerializer,
    DashboardMetricSerializer,
    DecisionRecordSerializer,
    ImportReportSerializer,
    ReorderSerializer,
    ShareLinkSerializer,
    SummarySerializer,
)
from portfolio.checklist import CHECKLIST
from portfolio.completeness import completeness_evaluate
from portfolio.documents import export_body, export_body_cached
from portfolio.exports import (
    EXPORT_FORMATS,
    EXPORT_LAYOUTS,
    PdfTooLong,
    export_filename,
    render_pdf,
)
from portfolio.importer import PortfolioImportError, portfolio_import
from portfolio.models import CaseStudy, DashboardMetric, DecisionRecord, ShareLink
from prepsite import limits
from prepsite.api import DOCUMENT_UPLOAD_REQUEST, ErrorSerializer
from prepsite.parsers import BoundedJSONParser


class OwnedPortfolioMixin:
    """Lists of the requesting user's portfolio; another user's id is simply not found."""

    def portfolio(self):
        return services.portfolio_get_or_create(owner=self.request.user)

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        if self.request is not None and self.request.user.is_authenticated:
            context["portfolio"] = self.portfolio()
        return context

    def perform_destroy(self, instance) -> None:
        services.item_delete(item=instance)

    @extend_schema(
        request=ReorderSerializer,
        responses={204: None, 400: ErrorSerializer, 409: ErrorSerializer},
    )
    @action(detail=False, methods=["post"])
    def reorder(self, request: Request) -> Response:
        """Put the items in the given order; the list must name each of them once.

        A list that does not match the items stored now (one added or removed meanwhile, a
        repeat, a foreign id) is a conflict with the current state: 409, nothing changes.
        """
        serializer = ReorderSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.items_reorder(
                queryset=self.get_queryset(), ordered_ids=serializer.validated_data["ids"]
            )
        except DjangoValidationError as error:
            return Response(
                {"code": "conflict", "detail": " ".join(error.messages), "fields": {}},
                status=status.HTTP_409_CONFLICT,
            )
        return Response(status=status.HTTP_204_NO_CONTENT)


class CaseStudyViewSet(OwnedPortfolioMixin, viewsets.ModelViewSet):
    queryset = CaseStudy.objects.none()  # for the schema; get_queryset scopes to the user
    serializer_class = CaseStudySerializer
    filterset_fields = ["kind"]

    def get_queryset(self):
        return selectors.case_study_list_for_user(user=self.request.user)


class DecisionRecordViewSet(OwnedPortfolioMixin, viewsets.ModelViewSet):
    queryset = DecisionRecord.objects.none()  # for the schema; get_queryset scopes to the user
    serializer_class = DecisionRecordSerializer
    filterset_fields = ["status"]

    def get_queryset(self):
        return selectors.decision_record_list_for_user(user=self.request.user)


class DashboardMetricViewSet(OwnedPortfolioMixin, viewsets.ModelViewSet):
    queryset = DashboardMetric.objects.none()  # for the schema; get_queryset scopes to the user
    serializer_class = DashboardMetricSerializer
    filterset_fields = ["group"]

    def get_queryset(self):
        return selectors.dashboard_metric_list_for_user(user=self.request.user)


class ShareLinkViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Share links open a read-only preview without login. DELETE revokes a link for good."""

    queryset = ShareLink.objects.none()  # for the schema; get_queryset scopes to the user
    serializer_class = ShareLinkSerializer

    def get_queryset(self):
        return selectors.share_link_list_for_user(user=self.request.user)

    @extend_schema(request=None, responses={201: ShareLinkSerializer})
    def create(self, request: Request) -> Response:
        portfolio = services.portfolio_get_or_create(owner=request.user)
        link = services.share_link_create(portfolio=portfolio)
        serializer = self.get_serializer(link)
        return Response(serializer.data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance) -> None:
        services.share_link_revoke(link=instance)


class SummaryView(APIView):
    """The executive summary and the dashboard layout level (one per user)."""

    @extend_schema(responses=SummarySerializer)
    def get(self, request: Request) -> Response:
        portfolio = services.portfolio_get_or_create(owner=request.user)
        return Response(SummarySerializer(portfolio).data)

    @extend_schema(request=SummarySerializer, responses=SummarySerializer)
    def put(self, request: Request) -> Response:
        return self._save(request, partial=False)

    @extend_schema(request=SummarySerializer, responses=SummarySerializer)
    def patch(self, request: Request) -> Response:
        return self._save(request, partial=True)

    def _save(self, request: Request, *, partial: bool) -> Response:
        portfolio = services.portfolio_get_or_create(owner=request.user)
        serializer = SummarySerializer(portfolio, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return Response(SummarySerializer(serializer.save()).data)


def _checklist_rows(marks: dict[str, tuple[bool, str]]) -> list[dict]:
    return [
        {
            "section": section.key,
            "item": item.key,
            "text": item.text,
            "checked": marks.get(item.key, (False, ""))[0],
            "notes": marks.get(item.key, (False, ""))[1],
        }
        for section in CHECKLIST
        for item in section.items
    ]


class ChecklistView(APIView):
    @extend_schema(responses=ChecklistItemSerializer(many=True))
    def get(self, request: Request) -> Response:
        marks = selectors.checklist_marks_for_user(user=request.user)
        return Response(ChecklistItemSerializer(_checklist_rows(marks), many=True).data)


class ChecklistItemView(APIView):
    @extend_schema(
        request=ChecklistItemSerializer,
        responses={200: ChecklistItemSerializer, 404: ErrorSerializer},
    )
    def patch(self, request: Request, item: str) -> Response:
        """Tick or untick one review item and keep a note on it."""
        portfolio = services.portfolio_get_or_create(owner=request.user)
        marks = selectors.checklist_marks_for_user(user=request.user)
        rows = {row["item"]: row for row in _checklist_rows(marks)}
        if item not in rows:
            return Response(
                {"code": "not_found", "detail": "No such checklist item.", "fields": {}},
                status=status.HTTP_404_NOT_FOUND,
            )
        serializer = ChecklistItemSerializer(rows[item], data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        checked = serializer.validated_data.get("checked", rows[item]["checked"])
        notes = serializer.validated_data.get("notes", rows[item]["notes"])
        services.checklist_update(portfolio=portfolio, marks={item: (checked, notes)})
        return Response(rows[item] | {"checked": checked, "notes": notes.strip()})


class CompletenessView(APIView):
    @extend_schema(responses=CompletenessSerializer)
    def get(self, request: Request) -> Response:
        portfolio = selectors.portfolio_for_user(user=request.user)
        completeness = completeness_evaluate(selectors.portfolio_content_get(portfolio=portfolio))
        return Response(CompletenessSerializer(completeness).data)


class FormatParameterIsOursNegotiation(DefaultContentNegotiation):
    """DRF would read `?format=` as a renderer name; here it names the export format."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


# Exports and imports are the heaviest requests: a per-user budget on top of the defaults.
_HEAVY_THROTTLES = [*api_settings.DEFAULT_THROTTLE_CLASSES, ScopedRateThrottle]


class ExportView(APIView):
    throttle_classes = _HEAVY_THROTTLES
    throttle_scope = "portfolio_export"
    renderer_classes = [JSONRenderer]
    content_negotiation_class = FormatParameterIsOursNegotiation

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "format",
                OpenApiTypes.STR,
                enum=list(EXPORT_FORMATS),
                default="json",
                description="json: the re-importable document (schema "
                "portfolio/schemas/portfolio-export.schema.json); md: Markdown; html and pdf: "
                "the printable document; jsonresume: a JSON Resume (jsonresume.org).",
            ),
            OpenApiParameter(
                "application",
                OpenApiTypes.INT,
                description="Only what you chose for this job application (interviews app).",
            ),
            OpenApiParameter(
                "layout",
                OpenApiTypes.STR,
                enum=list(EXPORT_LAYOUTS),
                default="full",
                description="html and pdf only. full: the whole document with contents and "
                "appendix; brief: one page with the summary, the three strongest case studies "
                "and the principles covered.",
            ),
        ],
        responses={
            (200, "application/json"): OpenApiResponse(
                OpenApiTypes.OBJECT, description="json or jsonresume"
            ),
            (200, "text/markdown"): OpenApiTypes.STR,
            (200, "text/html"): OpenApiTypes.STR,
            (200, "application/pdf"): OpenApiTypes.BINARY,
            400: ErrorSerializer,
            413: OpenApiResponse(ErrorSerializer, description="Too long to lay out as a PDF."),
            503: OpenApiResponse(
                ErrorSerializer,
                description="pdf_timeout: the PDF was still being laid out after "
                f"{limits.PDF_RENDER_SECONDS_MAX} seconds and was stopped.",
            ),
        },
    )
    def get(self, request: Request) -> HttpResponse:
        """Download the whole portfolio, with linked stories and principles."""
        export_format = request.query_params.get("format", "json")
        if export_format not in EXPORT_FORMATS:
            valid = ", ".join(EXPORT_FORMATS)
            return Response(
                {
                    "code": "invalid_format",
                    "detail": f"Unknown export format “{export_format}”. Valid formats: {valid}.",
                    "fields": {"format": [f"Choose one of: {valid}."]},
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        layout = request.query_params.get("layout", "full")
        if layout not in EXPORT_LAYOUTS:
            valid = ", ".join(EXPORT_LAYOUTS)
            return Response(
                {
                    "code": "invalid_layout",
                    "detail": f"Unknown layout “{layout}”. Valid layouts: {valid}.",
                    "fields": {"layout": [f"Choose one of: {valid}."]},
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        portfolio = selectors.portfolio_for_user(user=request.user)
        application = request.query_params.get("application")
        if application is None and export_format != "pdf":
            body = export_body_cached(
                portfolio=portfolio, export_format=export_format, layout=layout
            )
            return _attachment(body, export_format, layout)
        content = selectors.portfolio_content_get(portfolio=portfolio)
        if application is not None:
            content = _for_application(request, application, content)
        if export_format != "pdf":
            body = export_body(content, export_format=export_format, layout=layout)
            return _attachment(body, export_format, layout)
        try:
            body = render_pdf(content, layout=layout)
        except PdfTooLong:
            # Refused before any layout: the longest documents would not print within budget.
            return Response(
                {
                    "code": "too_large",
                    "detail": "This portfolio is too long to lay out as a PDF in time; export "
                    "HTML (and print it) or Markdown, or shorten the longest sections.",
                    "fields": {"format": ["Choose html or md for a portfolio this long."]},
                },
                status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
        return _attachment(body, export_format, layout)


def _attachment(body: bytes | str, export_format: str, layout: str) -> HttpResponse:
    response = HttpResponse(body, content_type=EXPORT_FORMATS[export_format].media_type)
    filename = export_filename(export_format, timezone.localdate(), layout=layout)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _for_application(request: Request, application: str, content):
    """`?application=<id>`: only what the user chose for that job application."""
    from rest_framework.exceptions import ValidationError

    from interviews.selectors import application_portfolio_content

    if not application.isdigit():
        raise ValidationError({"application": ["Give the id of one of your applications."]})
    return application_portfolio_content(
        user=request.user, application_id=int(application), content=content
    )


class ImportView(APIView):
    parser_classes = [BoundedJSONParser, MultiPartParser]
    throttle_classes = _HEAVY_THROTTLES
    throttle_scope = "portfolio_import"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "dry_run",
                OpenApiTypes.BOOL,
                default=False,
                description="Report what would change without changing anything.",
            )
        ],
        request=DOCUMENT_UPLOAD_REQUEST,
        responses={200: ImportReportSerializer, 400: ErrorSerializer},
    )
    def post(self, request: Request) -> Response:
        """Replace your portfolio with a JSON export (this or another PrepSite): all or nothing.

        Send the export as the JSON body, or upload it as the multipart field `file`.
        """
        dry_run = request.query_params.get("dry_run", "").lower() in {"1", "true", "yes"}
        try:
            document = _uploaded_document(request)
            report = portfolio_import(owner=request.user, document=document, dry_run=dry_run)
        except PortfolioImportError as error:
            return Response(
                {"code": "invalid_import", "detail": str(error), "fields": error.errors},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(ImportReportSerializer(report).data)


def _uploaded_document(request: Request):
    upload = request.FILES.get("file")
    if upload is None:
        return request.data
    try:
        return json.loads(upload.read().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise PortfolioImportError(
            f"The uploaded file is not JSON: {error}", {"file": ["Upload a JSON export."]}
        ) from error
