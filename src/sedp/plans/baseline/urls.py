"""A village's Biểu 1/2 figures for a plan year, and the commune's view of which villages still miss which."""

from django.urls import path

from . import views as views_baseline

urlpatterns = [
    path("unit/<int:unit_pk>/figures/", views_baseline.current, name="figures_current"),
    path("unit/<int:unit_pk>/figures/<int:year>/", views_baseline.figures, name="figures"),
    path(
        "unit/<int:unit_pk>/figures/<int:year>/import/", views_baseline.import_figures, name="figures_import"
    ),
    path(
        "unit/<int:unit_pk>/figures/<int:year>/bieu1-2.xlsx", views_baseline.workbook, name="figures_workbook"
    ),
]
