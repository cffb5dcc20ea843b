"""Open data downloads at stable addresses: /open-data/unit/<id>/<year>.zip, /open-data/province/<id>/<year>.zip."""

from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
    path("unit/<int:pk>/<int:year>.zip", views.unit_zip, name="unit_zip"),
    path("province/<int:pk>/<int:year>.zip", views.bulk_zip, name="bulk_zip"),
]
