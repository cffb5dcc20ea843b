"""The roll-up of a plan above the village (commune, legacy district, province): its children's plans
aggregated, the activities they sent up, and each need's fate. One set of paths for every level — the level is
the plan's, not the URL's (`/plans/<pk>/rollup/…`); the names keep their historical `commune_` prefix."""

from django.urls import path

from . import views

urlpatterns = [
    path("unit/<int:unit_pk>/rollup/new/", views.create, name="commune_create"),
    path("<int:pk>/rollup/", views.overview, name="commune"),
    path("<int:pk>/rollup/bieu.xlsx", views.workbook, name="commune_workbook"),
    path("<int:pk>/rollup/activities/", views.activities, name="rollup_activities"),
    path("<int:pk>/rollup/needs/", views.needs, name="commune_needs"),
    path("<int:pk>/rollup/needs/merge/", views.merge, name="commune_merge"),
    path("<int:pk>/rollup/needs/proposal/", views.proposal, name="commune_proposal"),
    path("<int:pk>/rollup/needs/add/", views.add_need, name="commune_add_need"),
    path("<int:pk>/rollup/needs/<int:need_pk>/", views.decide, name="commune_decide"),
    path("<int:pk>/rollup/needs/<int:need_pk>/split/", views.split, name="commune_split"),
]
