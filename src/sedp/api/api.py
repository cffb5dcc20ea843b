"""The REST API (django-ninja), OpenAPI at /api/v1/openapi.json.

No authentication class is set on purpose: the session middleware already tells who is calling, and the one
permission policy decides what each caller may read (anonymous callers: only what is published).
"""

from ninja import NinjaAPI

from sedp import __version__
from sedp.dialogues.api import router as dialogues

from .opendata import router as opendata
from .routers import cycles, meetings, needs, places, plans

api = NinjaAPI(
    title="openSEDP API",
    version=__version__,
    description="Participatory socio-economic development planning. Reads are filtered by the caller's roles; "
    "anonymous callers see only published data.",
    urls_namespace="api-1",
)


@api.exception_handler(OverflowError)
def too_large(request, exc):
    """An id or number beyond what the database holds (a 20-digit id): nothing can match it — 404, never 500."""
    return api.create_response(request, {"detail": "Không tìm thấy: số quá lớn."}, status=404)


api.add_router("/places/", places)
api.add_router("/cycles/", cycles)
api.add_router("/plans/", plans)
api.add_router("/meetings/", meetings)
api.add_router("/needs/", needs)
api.add_router("/open-data/", opendata)
api.add_router("/dialogues/", dialogues)
