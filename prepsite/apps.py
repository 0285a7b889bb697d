from django.contrib.staticfiles.apps import StaticFilesConfig as BaseStaticFilesConfig


class StaticFilesConfig(BaseStaticFilesConfig):
    # drf-spectacular-sidecar also ships ReDoc (a dozen megabytes with its source maps);
    # the API documentation page is Swagger UI only.
    ignore_patterns = [*BaseStaticFilesConfig.ignore_patterns, "redoc"]
