"""The account as one JSON document (GET export, POST import) and account deletion."""

from django.contrib.auth import logout
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from accounts import backup, selectors, services
from accounts.api.serializers import AccountDeleteSerializer, AccountImportResultSerializer
from prepsite import limits
from prepsite.api import DOCUMENT_UPLOAD_REQUEST, ErrorSerializer
from prepsite.parsers import BoundedJSONParser


class AccountExportView(APIView):
    throttle_classes = [UserRateThrottle, ScopedRateThrottle]
    throttle_scope = "account_backup"

    @extend_schema(
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="The account export.")}
    )
    def get(self, request: Request) -> Response:
        """Everything you own as one JSON document (schema: accounts/schemas/)."""
        document = selectors.account_export(user=request.user)
        response = Response(document)
        response["Content-Disposition"] = (
            f'attachment; filename="{backup.export_filename(request.user)}"'
        )
        return response


def _error(error: backup.BackupError) -> Response:
    return Response(
        {"code": "invalid_import", "detail": str(error), "fields": error.errors},
        status=status.HTTP_400_BAD_REQUEST,
    )


class AccountImportView(APIView):
    # The export arrives as the JSON body or as an uploaded file.
    parser_classes = [BoundedJSONParser, MultiPartParser]
    throttle_classes = [UserRateThrottle, ScopedRateThrottle]
    throttle_scope = "account_backup"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "dry_run",
                OpenApiTypes.BOOL,
                default=False,
                description="Validate and count without writing anything.",
            )
        ],
        request=DOCUMENT_UPLOAD_REQUEST,
        responses={
            200: AccountImportResultSerializer,
            201: AccountImportResultSerializer,
            400: ErrorSerializer,
        },
    )
    def post(self, request: Request) -> Response:
        """Restore an account export into this account, which must be empty: all or nothing.

        Send the export as the JSON body, or upload it as the multipart field `file`.
        """
        dry_run = request.query_params.get("dry_run", "").lower() in {"1", "true", "yes"}
        try:
            upload = request.FILES.get("file")
            if upload is not None:
                if upload.size > limits.UPLOAD_MAX_BYTES:
                    raise backup.BackupError("The file is too large to be an account export.")
                document = backup.document_parse(upload.read())
            else:
                document = request.data
            result = services.account_import(user=request.user, document=document, dry_run=dry_run)
        except backup.BackupError as error:
            return _error(error)
        code = status.HTTP_200_OK if dry_run else status.HTTP_201_CREATED
        return Response(AccountImportResultSerializer(result).data, status=code)


class _BodyOnDeleteSchema(AutoSchema):
    """drf-spectacular documents bodies only for POST/PUT/PATCH; this DELETE needs one (the
    confirmation), and a schema without it would tell clients a bare DELETE is enough."""

    def _get_request_body(self, direction="request"):
        method, self.method = self.method, "POST" if self.method == "DELETE" else self.method
        try:
            return super()._get_request_body(direction)
        finally:
            self.method = method


class AccountView(APIView):
    schema = _BodyOnDeleteSchema()

    @extend_schema(request=AccountDeleteSerializer, responses={204: None, 400: ErrorSerializer})
    def delete(self, request: Request) -> Response:
        """Delete your account and everything in it; revokes every token and feed address."""
        serializer = AccountDeleteSerializer(data=request.data, context={"user": request.user})
        serializer.is_valid(raise_exception=True)
        services.account_delete(user=request.user)
        if request.user.is_authenticated and hasattr(request, "session"):
            logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)
