"""Content negotiation for the API, in a module of its own.

DRF imports the class named in its settings while `rest_framework.views` is being imported;
prepsite.api imports that module, so the class cannot live there without an import cycle.
"""

from django.http import Http404
from rest_framework.negotiation import DefaultContentNegotiation


class StrictFormatNegotiation(DefaultContentNegotiation):
    """An empty `?format=` names no format the schema lists: 404, like any unknown one.

    DRF would quietly treat it as absent and answer with the first renderer.
    """

    def select_renderer(self, request, renderers, format_suffix=None):
        if not format_suffix and request.query_params.get(self.settings.URL_FORMAT_OVERRIDE) == "":
            raise Http404
        return super().select_renderer(request, renderers, format_suffix)
