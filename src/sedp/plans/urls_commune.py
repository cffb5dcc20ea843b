"""Commune (and higher) plans: the villages' plans aggregated, and each need's fate (owned by views_commune)."""

from django.urls import path

from . import views_commune

urlpatterns = [
    path("commune/<int:pk>/", views_commune.overview, name="commune"),
    path("commune/<int:pk>/needs/", views_commune.needs, name="commune_needs"),
]
