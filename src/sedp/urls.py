from django.urls import include, path
from django.views.i18n import set_language

from sedp.api.api import api
from sedp.portal.views import healthz

urlpatterns = [
    path("", include("sedp.portal.urls")),
    path("home/", include("sedp.dashboard.urls")),
    path("accounts/", include("sedp.accounts.urls")),
    path("places/", include("sedp.places.urls")),
    path("cycles/", include("sedp.cycles.urls")),
    path("meetings/", include("sedp.meetings.urls")),
    path("needs/", include("sedp.needs.urls")),
    path("plans/", include("sedp.plans.urls")),
    path("consultation/", include("sedp.consultation.urls")),
    path("funding/", include("sedp.funding.urls")),
    path("assignments/", include("sedp.assignments.urls")),
    path("monitoring/evaluation/", include("sedp.monitoring.evaluation.urls")),
    path("monitoring/", include("sedp.monitoring.urls")),
    path("open-data/", include("sedp.opendata.urls")),
    path("dialogues/", include("sedp.dialogues.urls")),
    path("markets/", include("sedp.markets.urls")),
    path("api/v1/", api.urls),
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
]

handler400 = "sedp.errors.bad_request"
handler403 = "sedp.errors.permission_denied"
