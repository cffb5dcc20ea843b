from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.index, name="index"),
    path("unit/<int:pk>/", views.unit, name="unit"),
]
