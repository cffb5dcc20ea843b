"""Commune (and higher) plans: the villages' plans aggregated, and each need's fate (owned by views_commune)."""

from django.urls import path

from . import views as views_commune

urlpatterns = [
    path("unit/<int:unit_pk>/commune-plan/new/", views_commune.create, name="commune_create"),
    path("commune/<int:pk>/", views_commune.overview, name="commune"),
    path("commune/<int:pk>/bieu.xlsx", views_commune.workbook, name="commune_workbook"),
    path("commune/<int:pk>/needs/", views_commune.needs, name="commune_needs"),
    path("commune/<int:pk>/needs/merge/", views_commune.merge, name="commune_merge"),
    path("commune/<int:pk>/needs/proposal/", views_commune.proposal, name="commune_proposal"),
    path("commune/<int:pk>/needs/add/", views_commune.add_need, name="commune_add_need"),
    path("commune/<int:pk>/needs/<int:need_pk>/", views_commune.decide, name="commune_decide"),
    path("commune/<int:pk>/needs/<int:need_pk>/split/", views_commune.split, name="commune_split"),
]
