"""The plan's M&E plan (kế hoạch giám sát, đánh giá)."""

from django.urls import path

from . import views

urlpatterns = [
    path("<int:pk>/me-plan/", views.me_plan, name="me_plan"),
    path("<int:pk>/me-plan/<int:indicator>/", views.row, name="me_row"),
    path("<int:pk>/me-plan/<int:indicator>/delete/", views.delete, name="me_delete"),
]
