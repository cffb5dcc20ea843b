"""Funding at a level: the year's sources of a unit, and the integration of an upper plan into them."""

from django.urls import path

from . import views

app_name = "funding"
urlpatterns = [
    path("unit/<int:unit_pk>/<int:year>/", views.sources, name="sources"),
    path("unit/<int:unit_pk>/<int:year>/new/", views.source_add, name="source_add"),
    path("source/<int:pk>/", views.source_edit, name="source_edit"),
    path("source/<int:pk>/delete/", views.source_delete, name="source_delete"),
    path("plan/<int:pk>/", views.integration, name="integration"),
    path("plan/<int:pk>/run/", views.run_new, name="run"),
    path("plan/<int:pk>/compare/", views.compare, name="compare"),
    path("run/<int:run_pk>/activity/<int:activity_pk>/", views.override, name="override"),
    path("run/<int:run_pk>/apply/", views.apply, name="apply"),
]
